namespace Qhml.MLNet;

/// <summary>
/// Default settings of <see cref="ModeratedTanhNormalizingEstimator"/> (one place for all of them, internal as ML.NET keeps
/// its components' defaults): the options, the catalog methods' parameters and the doc comments refer to these constants.
/// </summary>
internal static class ModeratedTanhNormalizingDefaults
{
    /// <summary>Centering and scaling: mean and standard deviation.</summary>
    public const ModeratedTanhScaling Scaling = ModeratedTanhScaling.MeanStandardDeviation;

    /// <summary>How the moderation is fitted: the saturation target.</summary>
    public const ModeratedTanhModerationCriterion Criterion = ModeratedTanhModerationCriterion.SaturationTarget;

    /// <summary>Output half-range R = 1: outputs in [-1, 1]. Use <see cref="AngleHalfRange"/> for angle encoding.</summary>
    public const double HalfRange = 1.0;

    /// <summary>R = pi/2, the half-range for angle encoding of circuit inputs.</summary>
    public const double AngleHalfRange = Math.PI / 2;

    /// <summary>
    /// When the moderation is fitted: the largest tolerated fraction (1%) of training values per slot
    /// ending within 5% of +-R (see <see cref="Normalization.ModerationFit"/>).
    /// </summary>
    public const double TargetSaturatedFraction = 0.01;

    /// <summary>Smallest fitted moderation: 1, so the map is never steeper than the plain tanh of the standardized value.</summary>
    public const double MinimumModeration = 1.0;

    /// <summary>NaN inputs stay NaN rather than throwing.</summary>
    public const bool ThrowOnNaN = false;

    /// <summary>
    /// At most this many rows (the first ones) are read to fit. The default options keep per slot only its moments and
    /// the 1% largest values; robust scaling and the maximum-entropy criterion keep every value (rows x slots, in the
    /// column's type).
    /// </summary>
    public const long MaximumExampleCount = 1_000_000;
}
