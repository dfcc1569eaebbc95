namespace Qhml.MLNet.Experiments;

/// <summary>A trial the tuner asked for: id, family, configuration and rung.</summary>
internal sealed record PlannedTrial(int TrialId, ExperimentFamily Family, TrialConfiguration Configuration, int Rung);
