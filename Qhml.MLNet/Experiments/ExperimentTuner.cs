namespace Qhml.MLNet.Experiments;

/// <summary>How an experiment picks its trials.</summary>
public enum ExperimentTuner
{
    /// <summary>
    /// Asynchronous successive halving over each family's effort option (epochs, trees: a new configuration
    /// is tried cheaply, the best third is promoted to 3x the effort, twice), new configurations from a
    /// tree-structured Parzen estimator per family once a few are known, and half of the new configurations
    /// given to the best family so far.
    /// </summary>
    SuccessiveHalvingTpe,

    /// <summary>Random search: families in turn, every option (effort included) drawn uniformly on its scale. Its trial list does not depend on results, so it can be sharded.</summary>
    Random,
}
