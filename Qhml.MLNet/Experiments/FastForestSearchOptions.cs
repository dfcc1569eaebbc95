using Microsoft.ML.SearchSpace;

namespace Qhml.MLNet.Experiments;

/// <summary>
/// The search space of the <see cref="ExperimentFamilies.FastForest"/> family: main knobs of
/// <c>FastForestRegressionTrainer.Options</c> (same names).
/// </summary>
public sealed class FastForestSearchOptions
{
    /// <summary>Trees in the forest (the family's effort option).</summary>
    [Range(9, 500, 100, true)]
    public int NumberOfTrees = 100;

    /// <summary>Leaves per tree.</summary>
    [Range(2, 64, 20, true)]
    public int NumberOfLeaves = 20;

    /// <summary>Rows a leaf needs.</summary>
    [Range(2, 50, 10, true)]
    public int MinimumExampleCountPerLeaf = 10;

    /// <summary>Fraction of features each tree may split on.</summary>
    [Range(0.05, 1.0, 0.7, false)]
    public double FeatureFraction = 0.7;
}
