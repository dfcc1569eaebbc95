namespace Qhml.MLNet.Hybrid;

/// <summary>How the linear path's ridge chooses its L2 penalty from its grid (relative L2 10^-3 ... 10^3).</summary>
public enum RidgePenaltySelection
{
    /// <summary>The L2 with the lowest exact leave-one-out squared error.</summary>
    LeaveOneOut = 0,

    /// <summary>
    /// The L2 with the highest marginal likelihood (evidence) of the Bayesian reading of ridge: weights drawn with
    /// variance sigma^2 / L2, noise with variance sigma^2 (profiled out). A smooth criterion of all rows at once, less
    /// swayed than leave-one-out by a few extreme labels.
    /// </summary>
    MarginalLikelihood = 1,
}
