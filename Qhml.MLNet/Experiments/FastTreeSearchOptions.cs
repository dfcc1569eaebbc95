using Microsoft.ML.SearchSpace;

namespace Qhml.MLNet.Experiments;

/// <summary>
/// The search space of the <see cref="ExperimentFamilies.FastTree"/> family: main knobs of
/// <c>FastTreeRegressionTrainer.Options</c> (same names).
/// </summary>
public sealed class FastTreeSearchOptions
{
    /// <summary>Boosting rounds (the family's effort option).</summary>
    [Range(9, 500, 100, true)]
    public int NumberOfTrees = 100;

    /// <summary>Leaves per tree.</summary>
    [Range(2, 64, 8, true)]
    public int NumberOfLeaves = 8;

    /// <summary>Rows a leaf needs.</summary>
    [Range(2, 50, 10, true)]
    public int MinimumExampleCountPerLeaf = 10;

    /// <summary>Shrinkage of each tree.</summary>
    [Range(0.005, 0.5, 0.1, true)]
    public double LearningRate = 0.1;

    /// <summary>Fraction of features each tree may split on.</summary>
    [Range(0.05, 1.0, 0.5, false)]
    public double FeatureFraction = 0.5;
}
