using Microsoft.ML.SearchSpace;

namespace Qhml.MLNet.Experiments;

/// <summary>
/// The search space of the <see cref="ExperimentFamilies.FastTree"/> family: main knobs of
/// <c>FastTreeRegressionTrainer.Options</c> (same names).
/// </summary>
public sealed class FastTreeSearchOptions : BoostedTreeSearchOptions
{
    /// <summary>Boosting rounds (the family's effort option).</summary>
    [Range(9, 500, 100, true)]
    public int NumberOfTrees = 100;
}
