using Microsoft.ML.SearchSpace;

namespace Qhml.MLNet.Experiments;

/// <summary>
/// The search space of the <see cref="ExperimentFamilies.Sdca"/> family: main knobs of
/// <c>SdcaRegressionTrainer.Options</c> (same names), read by <see cref="ExperimentSearchSpace.FromAttributes"/>.
/// </summary>
public sealed class SdcaSearchOptions
{
    /// <summary>L2 penalty (strong values suit p &gt;&gt; n).</summary>
    [Range(1e-4f, 100f, 1f, true)]
    public float L2Regularization = 1f;

    /// <summary>L1 soft threshold.</summary>
    [Range(1e-6f, 1f, 1e-6f, true)]
    public float L1Regularization = 1e-6f;

    /// <summary>Passes over the data (the family's effort option).</summary>
    [Range(4, 200, 50, true)]
    public int MaximumNumberOfIterations = 50;
}
