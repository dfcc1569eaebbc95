using Qhml.MLNet.Common;

namespace Qhml.MLNet;

public sealed partial class ModeratedTanhNormalizingEstimator
{
    /// <summary>
    /// Settings for one column of <see cref="ModeratedTanhNormalizingEstimator"/>: each column can be
    /// normalized with its own settings, as with ML.NET's normalizers.
    /// </summary>
    public sealed class Options
    {
        /// <summary>Name of the output column.</summary>
        public string OutputColumnName { get; set; } = "";

        /// <summary>Name of the input column; <see langword="null"/> means the same as <see cref="OutputColumnName"/>.</summary>
        public string? InputColumnName { get; set; }

        /// <summary>How each slot is centered and scaled. Default <see cref="ModeratedTanhNormalizingDefaults.Scaling"/>.</summary>
        public ModeratedTanhScaling Scaling { get; set; } = ModeratedTanhNormalizingDefaults.Scaling;

        /// <summary>
        /// Fixed moderation m for every slot (&gt; 0; 1 = plain tanh of the standardized value), or
        /// <see langword="null"/> (default) to fit m per slot from the training data.
        /// </summary>
        public double? Moderation { get; set; }

        /// <summary>How m is fitted when <see cref="Moderation"/> is <see langword="null"/>. Default <see cref="ModeratedTanhNormalizingDefaults.Criterion"/>.</summary>
        public ModeratedTanhModerationCriterion Criterion { get; set; } = ModeratedTanhNormalizingDefaults.Criterion;

        /// <summary>Output half-range R (&gt; 0): outputs lie in [-R, R]. Default <see cref="ModeratedTanhNormalizingDefaults.HalfRange"/>; pi/2 (<see cref="ModeratedTanhNormalizingDefaults.AngleHalfRange"/>) for angle encoding.</summary>
        public double HalfRange { get; set; } = ModeratedTanhNormalizingDefaults.HalfRange;

        /// <summary>For a fitted moderation: largest tolerated fraction of saturated training values, in [0, 1). Default <see cref="ModeratedTanhNormalizingDefaults.TargetSaturatedFraction"/>.</summary>
        public double TargetSaturatedFraction { get; set; } = ModeratedTanhNormalizingDefaults.TargetSaturatedFraction;

        /// <summary>For a fitted moderation: the smallest value it may take (&gt; 0). Default <see cref="ModeratedTanhNormalizingDefaults.MinimumModeration"/>.</summary>
        public double MinimumModeration { get; set; } = ModeratedTanhNormalizingDefaults.MinimumModeration;

        /// <summary>
        /// <see langword="true"/>: a NaN input at transform time throws, naming column, row (its row id: the index for in-memory and file data) and slot.
        /// <see langword="false"/> (default, <see cref="ModeratedTanhNormalizingDefaults.ThrowOnNaN"/>): NaN stays NaN. NaNs are ignored when fitting either way.
        /// </summary>
        public bool ThrowOnNaN { get; set; } = ModeratedTanhNormalizingDefaults.ThrowOnNaN;

        /// <summary>Rows read to fit (the first ones). Default <see cref="ModeratedTanhNormalizingDefaults.MaximumExampleCount"/>.</summary>
        public long MaximumExampleCount { get; set; } = ModeratedTanhNormalizingDefaults.MaximumExampleCount;

        internal Options Clone() => (Options)MemberwiseClone();

        internal string InputName => string.IsNullOrEmpty(InputColumnName) ? OutputColumnName : InputColumnName;

        internal void Validate()
        {
            if (string.IsNullOrEmpty(OutputColumnName))
                throw new ArgumentException("The output column name must not be empty.", nameof(OutputColumnName));
            string at = $" (column '{OutputColumnName}')";
            if (!Enum.IsDefined(Scaling))
                throw OutOfRange.Exception(nameof(Scaling), Scaling, "Unknown scaling" + at + ".");
            if (!Enum.IsDefined(Criterion))
                throw OutOfRange.Exception(nameof(Criterion), Criterion, "Unknown moderation criterion" + at + ".");
            if (Moderation is double m && !(m > 0 && double.IsFinite(m)))
                throw OutOfRange.Exception(nameof(Moderation), m, "The moderation must be positive and finite" + at + ".");
            if (!(HalfRange > 0 && double.IsFinite(HalfRange)))
                throw OutOfRange.Exception(nameof(HalfRange), HalfRange, "The half-range must be positive and finite" + at + ".");
            if (!(TargetSaturatedFraction >= 0 && TargetSaturatedFraction < 1))
                throw OutOfRange.Exception(nameof(TargetSaturatedFraction), TargetSaturatedFraction, "The target saturated fraction must be in [0, 1)" + at + ".");
            if (!(MinimumModeration > 0 && double.IsFinite(MinimumModeration)))
                throw OutOfRange.Exception(nameof(MinimumModeration), MinimumModeration, "The minimum moderation must be positive and finite" + at + ".");
            if (MaximumExampleCount < 1)
                throw OutOfRange.Exception(nameof(MaximumExampleCount), MaximumExampleCount, "At least one example must be read" + at + ".");
        }
    }
}
