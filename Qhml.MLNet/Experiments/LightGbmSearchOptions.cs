using Microsoft.ML.SearchSpace;

namespace Qhml.MLNet.Experiments;

/// <summary>
/// The search space of the <see cref="ExperimentFamilies.LightGbm"/> family: main knobs of
/// <c>LightGbmRegressionTrainer.Options</c> (same names; <see cref="L2Regularization"/> and
/// <see cref="TreeSearchOptions.FeatureFraction"/> go to its gradient booster).
/// </summary>
public sealed class LightGbmSearchOptions : BoostedTreeSearchOptions
{
    /// <summary>Boosting rounds (the family's effort option).</summary>
    [Range(9, 500, 100, true)]
    public int NumberOfIterations = 100;

    /// <summary>L2 penalty on leaf values (booster option).</summary>
    [Range(1e-4, 10.0, 0.01, true)]
    public double L2Regularization = 0.01;
}
