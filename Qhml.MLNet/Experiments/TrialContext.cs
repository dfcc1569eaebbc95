namespace Qhml.MLNet.Experiments;

/// <summary>What a family needs, beyond the configuration, to build a trial's trainer.</summary>
/// <param name="LabelColumnName">The label column (float).</param>
/// <param name="FeatureColumnName">The feature column the featurization pipeline produces.</param>
/// <param name="Seed">The trial's seed (derived from the experiment seed and the trial id).</param>
public sealed record TrialContext(string LabelColumnName, string FeatureColumnName, int Seed);
