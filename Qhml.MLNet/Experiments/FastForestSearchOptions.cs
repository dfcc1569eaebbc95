using Microsoft.ML.SearchSpace;

namespace Qhml.MLNet.Experiments;

/// <summary>
/// The search space of the <see cref="ExperimentFamilies.FastForest"/> family: main knobs of
/// <c>FastForestRegressionTrainer.Options</c> (same names).
/// </summary>
public sealed class FastForestSearchOptions : TreeSearchOptions
{
    /// <summary>Trees in the forest (the family's effort option).</summary>
    [Range(9, 500, 100, true)]
    public int NumberOfTrees = 100;
}
