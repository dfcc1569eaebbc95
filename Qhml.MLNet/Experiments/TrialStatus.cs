namespace Qhml.MLNet.Experiments;

/// <summary>How a trial ended.</summary>
public enum TrialStatus
{
    /// <summary>Every fold trained and scored; the metric is finite.</summary>
    Succeeded,

    /// <summary>Training threw, diverged, or the metric was not finite; the experiment went on.</summary>
    Failed,
}
