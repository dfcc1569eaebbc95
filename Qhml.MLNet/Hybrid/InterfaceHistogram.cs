namespace Qhml.MLNet.Hybrid;

/// <summary>
/// Distribution of interface angles: equal-width bins over the angle range [<see cref="RangeLow"/>,
/// <see cref="RangeHigh"/>] plus counts outside it (only possible without a bounded normalization).
/// </summary>
public sealed class InterfaceHistogram
{
    /// <summary>Default number of bins.</summary>
    public const int DefaultBinCount = 40;

    internal InterfaceHistogram(double rangeLow, double rangeHigh, int[] counts, long belowRange, long aboveRange, double saturatedFraction)
    {
        RangeLow = rangeLow;
        RangeHigh = rangeHigh;
        Counts = Array.AsReadOnly(counts);
        BelowRange = belowRange;
        AboveRange = aboveRange;
        SaturatedFraction = saturatedFraction;
    }

    /// <summary>Lower end of the angle range (first bin's left edge).</summary>
    public double RangeLow { get; }
    /// <summary>Upper end of the angle range (last bin's right edge, included in the last bin).</summary>
    public double RangeHigh { get; }
    /// <summary>Counts per bin.</summary>
    public IReadOnlyList<int> Counts { get; }
    /// <summary>Values below <see cref="RangeLow"/>.</summary>
    public long BelowRange { get; }
    /// <summary>Values above <see cref="RangeHigh"/>.</summary>
    public long AboveRange { get; }
    /// <summary>Fraction of values within 5% (of the half-range) of either end of the range, or beyond it.</summary>
    public double SaturatedFraction { get; }
    /// <summary>Total values counted.</summary>
    public long Total => Counts.Sum(c => (long)c) + BelowRange + AboveRange;

    internal static InterfaceHistogram Build(ReadOnlySpan<double> angles, InterfaceNormalizer normalizer, int bins = DefaultBinCount)
    {
        double lo = normalizer.RangeLow, hi = normalizer.RangeHigh, width = (hi - lo) / bins;
        var counts = new int[bins];
        long below = 0, above = 0, saturated = 0, finite = 0;
        foreach (double v in angles)
        {
            if (double.IsNaN(v))
                continue;
            finite++;
            if (normalizer.IsSaturated(v))
                saturated++;
            if (v < lo) below++;
            else if (v > hi) above++;
            else counts[Math.Min(bins - 1, (int)((v - lo) / width))]++;
        }
        return new InterfaceHistogram(lo, hi, counts, below, above, finite == 0 ? 0.0 : (double)saturated / finite);
    }
}
