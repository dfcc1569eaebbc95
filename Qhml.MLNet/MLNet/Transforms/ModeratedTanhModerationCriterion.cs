namespace Qhml.MLNet;

/// <summary>How the moderated-tanh normalizer fits the moderation m of each slot (when it is not given).</summary>
public enum ModeratedTanhModerationCriterion
{
    /// <summary>
    /// The smallest m (&gt;= the minimum) leaving at most the target fraction of training values within 5%
    /// of +-R: directly bounds saturation (<see cref="Normalization.ModerationFit.SmallestModeration"/>).
    /// </summary>
    SaturationTarget = 0,

    /// <summary>
    /// The m (&gt;= the minimum) maximizing the entropy of the 20-bin histogram of the outputs: uses the range
    /// as evenly as possible (<see cref="Normalization.ModerationFit.MaximumEntropyModeration"/>).
    /// </summary>
    MaximumEntropy = 1,
}
