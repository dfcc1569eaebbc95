namespace Qhml.MLNet.Experiments;

/// <summary>The metric an experiment optimizes, computed per fold on the held-out rows.</summary>
public enum ExperimentMetric
{
    /// <summary>Coefficient of determination 1 - SSE/SST (higher is better).</summary>
    RSquared,

    /// <summary>Root mean squared error (lower is better).</summary>
    RootMeanSquaredError,

    /// <summary>Pearson correlation of predicted and observed labels (higher is better).</summary>
    PearsonCorrelation,
}
