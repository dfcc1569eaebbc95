using Microsoft.ML.SearchSpace;

namespace Qhml.MLNet.Experiments;

/// <summary>
/// The search space of the <see cref="ExperimentFamilies.LightGbm"/> family: main knobs of
/// <c>LightGbmRegressionTrainer.Options</c> (same names; <see cref="L2Regularization"/> and
/// <see cref="FeatureFraction"/> go to its gradient booster).
/// </summary>
public sealed class LightGbmSearchOptions
{
    /// <summary>Boosting rounds (the family's effort option).</summary>
    [Range(9, 500, 100, true)]
    public int NumberOfIterations = 100;

    /// <summary>Leaves per tree.</summary>
    [Range(2, 64, 8, true)]
    public int NumberOfLeaves = 8;

    /// <summary>Rows a leaf needs.</summary>
    [Range(2, 50, 10, true)]
    public int MinimumExampleCountPerLeaf = 10;

    /// <summary>Shrinkage of each tree.</summary>
    [Range(0.005, 0.5, 0.1, true)]
    public double LearningRate = 0.1;

    /// <summary>L2 penalty on leaf values (booster option).</summary>
    [Range(1e-4, 10.0, 0.01, true)]
    public double L2Regularization = 0.01;

    /// <summary>Fraction of features each tree may split on (booster option).</summary>
    [Range(0.05, 1.0, 1.0, false)]
    public double FeatureFraction = 1.0;
}
