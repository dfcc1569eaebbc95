namespace Qhml.MLNet.Experiments;

/// <summary>How a <see cref="SearchParameter"/> takes its values.</summary>
public enum SearchParameterKind
{
    /// <summary>An integer in [min, max] (from <c>[Range(int, int, ...)]</c>).</summary>
    IntegerRange,

    /// <summary>A real number in [min, max] (from <c>[Range(double, double, ...)]</c> or the float overload).</summary>
    RealRange,

    /// <summary>One of a list of candidates (from <c>[Choice(...)]</c>).</summary>
    Choice,
}
