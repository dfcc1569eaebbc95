using System.Globalization;
using Qhml.MLNet.Experiments;

namespace Qhml.MLNet.Samples.Experiment;

/// <summary>
/// <c>--range Name=min..max</c>: narrows an option's range in every family that searches it (e.g.
/// <c>NumberOfEpochs=9..243</c> to fit a small budget), by name, so it works for options added later.
/// </summary>
internal sealed record RangeOverride(string Name, double Min, double Max)
{
    public static RangeOverride Parse(string text)
    {
        int eq = text.IndexOf('=', StringComparison.Ordinal);
        int dots = text.IndexOf("..", StringComparison.Ordinal);
        if (eq > 0 && dots > eq
            && double.TryParse(text[(eq + 1)..dots], NumberStyles.Float, CultureInfo.InvariantCulture, out double min)
            && double.TryParse(text[(dots + 2)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double max)
            && min < max)
            return new RangeOverride(text[..eq], min, max);
        throw new FormatException($"--range '{text}' is not Name=min..max with min < max (e.g. NumberOfEpochs=9..243).");
    }

    /// <summary>Applies the overrides; each must match a range of at least one family.</summary>
    public static IReadOnlyList<ExperimentFamily> Apply(IReadOnlyList<ExperimentFamily> families, IReadOnlyList<RangeOverride> overrides)
    {
        var result = families.ToArray();
        foreach (RangeOverride o in overrides)
        {
            bool used = false;
            for (int i = 0; i < result.Length; i++)
            {
                if (result[i].SearchSpace.Find(o.Name) is not { } p)
                    continue;
                result[i] = result[i].WithSearchSpace(result[i].SearchSpace.With(p.WithRange(o.Min, o.Max)));
                used = true;
            }
            if (!used)
                throw new ArgumentException($"--range {o.Name}: no selected family searches an option called '{o.Name}'. Options: {string.Join(", ", families.SelectMany(f => f.SearchSpace.Parameters.Select(p => p.Name)).Distinct())}.");
        }
        return result;
    }
}
