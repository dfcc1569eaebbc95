using Qhml.MLNet.Common;

namespace Qhml.MLNet.Normalization;

/// <summary>
/// Fits the moderation <c>m</c> of <c>R * tanh(z / m)</c> to standardized training values <c>z</c> so
/// that the outputs are spread over (-R, R) rather than piled up at its ends, and measures how spread
/// they are. Shared by the normalizing transform and (optionally) the hybrid trainer.
/// </summary>
/// <remarks>
/// <para><b>Criterion.</b> The fitted moderation is the <em>smallest</em> <c>m &gt;= m_min</c> such that at
/// most <c>floor(f * n)</c> of the <c>n</c> finite training values are saturated in the sense of
/// <see cref="ModeratedTanh.IsSaturated"/> (within 5% of <c>+-R</c>), <c>f</c> being the target saturated
/// fraction (default 1%). Smallest, because a larger <c>m</c> only squeezes the bulk of the values
/// towards 0 and wastes the range; the constraint, because values near <c>+-R</c> are indistinguishable
/// from each other and have (near) zero gradient. Since <c>|tanh(z/m)| &gt;= 0.95</c> exactly when
/// <c>|z| &gt;= m * atanh(0.95) ≈ 1.832 m</c>, the answer is the <c>(floor(f n) + 1)</c>-th largest
/// <c>|z|</c> divided by <c>atanh(0.95)</c>, refined here in floating point so the criterion holds at the
/// returned <c>m</c> and fails at the next smaller double (unless <c>m_min</c> binds).</para>
/// <para>For a standard normal <c>z</c> and <c>f = 1%</c> this gives <c>m ≈ 2.576 / 1.832 ≈ 1.41</c>; for
/// heavy-tailed data it grows with the tail, which is exactly where the plain tanh of the z-score
/// saturates most. <c>m_min = 1</c> (the default) keeps the function never steeper than the plain
/// tanh of the standardized value.</para>
/// </remarks>
internal static class ModerationFit
{
    /// <summary>atanh(1 - <see cref="ModeratedTanh.SaturationMargin"/>) ≈ 1.832: the |z/m| at which saturation starts.</summary>
    public static readonly double SaturationOnset = Math.Atanh(1.0 - ModeratedTanh.SaturationMargin);

    /// <summary>
    /// The smallest moderation meeting the criterion described on <see cref="ModerationFit"/>.
    /// </summary>
    /// <param name="standardized">Standardized training values <c>z</c>; NaN and infinite values are ignored.</param>
    /// <param name="targetSaturatedFraction">f in [0, 1): the largest tolerated fraction of saturated values.</param>
    /// <param name="halfRange">R, the output half-range (the criterion is evaluated on actual outputs).</param>
    /// <param name="minimumModeration">m_min &gt; 0, the smallest moderation returned.</param>
    /// <returns>The fitted moderation; <paramref name="minimumModeration"/> when there are no finite values.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its documented range.</exception>
    public static double SmallestModeration(ReadOnlySpan<double> standardized, double targetSaturatedFraction,
        double halfRange = 1.0, double minimumModeration = 1.0)
        => SmallestModerationWithBuffer(standardized, targetSaturatedFraction, halfRange, minimumModeration, new double[standardized.Length]);

    /// <summary>
    /// <see cref="SmallestModeration(ReadOnlySpan{double}, double, double, double)"/> sorting the magnitudes in
    /// <paramref name="scratch"/> (at least as long as <paramref name="standardized"/>), so a caller fitting many slots
    /// reuses one buffer instead of allocating one per slot.
    /// </summary>
    internal static double SmallestModerationWithBuffer(ReadOnlySpan<double> standardized, double targetSaturatedFraction,
        double halfRange, double minimumModeration, Span<double> scratch)
    {
        int n = 0;
        foreach (double z in standardized)
        {
            if (double.IsFinite(z))
                scratch[n++] = Math.Abs(z);
        }
        Span<double> sorted = scratch[..n];
        sorted.Sort();
        return SmallestModerationOfLargest(sorted, n, targetSaturatedFraction, halfRange, minimumModeration);
    }

    /// <summary>
    /// The same moderation from the largest magnitudes only: <paramref name="largestAscending"/> holds (ascending) at
    /// least the floor(f n) + 1 largest of the <paramref name="count"/> finite |z| (or all of them). That is all the
    /// criterion reads: the critical value is the (floor(f n) + 1)-th largest, and "more than floor(f n) saturated" is
    /// decided by whether every one of those is saturated. So a streaming fit need not keep the other values.
    /// </summary>
    internal static double SmallestModerationOfLargest(ReadOnlySpan<double> largestAscending, long count, double targetSaturatedFraction,
        double halfRange, double minimumModeration)
    {
        if (!(targetSaturatedFraction >= 0 && targetSaturatedFraction < 1))
            throw OutOfRange.Exception(nameof(targetSaturatedFraction), targetSaturatedFraction, "The target saturated fraction must be in [0, 1).");
        CheckPositiveFinite(halfRange, nameof(halfRange));
        CheckPositiveFinite(minimumModeration, nameof(minimumModeration));
        if (count == 0)
            return minimumModeration;
        long allowed = AllowedSaturatedCount(count, targetSaturatedFraction);
        if (allowed >= count)
            return minimumModeration;
        ReadOnlySpan<double> sorted = largestAscending;
        if (sorted.Length < allowed + 1)
            throw new ArgumentException("Fewer magnitudes than the criterion reads.", nameof(largestAscending));

        // The (allowed + 1)-th largest magnitude must end up strictly below the saturation onset.
        double critical = sorted[(int)(sorted.Length - 1 - allowed)];
        double m = Math.Max(minimumModeration, critical / SaturationOnset);

        // Floating-point refinement: the closed form can be off by a few ulps either way.
        for (int step = 0; step < 1000 && SaturatedCount(sorted, halfRange, m) > allowed; step++)
            m = step < 64 ? Math.BitIncrement(m) : m * (1 + 1e-12);
        while (m > minimumModeration)
        {
            double smaller = Math.Max(minimumModeration, Math.BitDecrement(m));
            if (SaturatedCount(sorted, halfRange, smaller) > allowed)
                break;
            m = smaller;
        }
        return m;
    }

    /// <summary>Number of candidate moderations, log-spaced, searched by <see cref="MaximumEntropyModeration"/>.</summary>
    public const int EntropySearchSteps = 400;

    /// <summary>
    /// The moderation maximizing <see cref="OutputHistogramEntropy"/> of <c>tanh(z / m)</c> over
    /// <see cref="EntropySearchSteps"/> log-spaced candidates from <paramref name="minimumModeration"/> to the
    /// moderation at which no value saturates any more (beyond it the outputs only shrink towards 0);
    /// the smallest candidate wins ties. The entropy does not depend on R.
    /// </summary>
    /// <param name="standardized">Standardized training values; NaN and infinite values are ignored.</param>
    /// <param name="minimumModeration">m_min &gt; 0, the smallest candidate.</param>
    /// <param name="bins">Histogram bins over the output range (default 20).</param>
    /// <returns>The entropy-maximizing candidate; <paramref name="minimumModeration"/> when there are no finite values.</returns>
    public static double MaximumEntropyModeration(ReadOnlySpan<double> standardized, double minimumModeration = 1.0, int bins = 20)
    {
        CheckPositiveFinite(minimumModeration, nameof(minimumModeration));
        if (bins < 2)
            throw OutOfRange.Exception(nameof(bins), bins, "At least two bins are needed.");
        var finite = new List<double>(standardized.Length);
        double largest = 0;
        foreach (double z in standardized)
        {
            if (!double.IsFinite(z))
                continue;
            finite.Add(z);
            largest = Math.Max(largest, Math.Abs(z));
        }
        if (finite.Count == 0)
            return minimumModeration;
        finite.Sort();
        var sorted = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(finite);

        // Bin k of tanh(z/m) over [-1, 1] holds z in [m atanh(e_k), m atanh(e_k+1)): count by binary search.
        var edges = new double[bins - 1];
        for (int k = 1; k < bins; k++)
            edges[k - 1] = Math.Atanh(-1.0 + 2.0 * k / bins);

        double upper = Math.Max(minimumModeration, largest / SaturationOnset);
        double best = minimumModeration, bestEntropy = double.NegativeInfinity;
        var counts = new int[bins];
        for (int step = 0; step < EntropySearchSteps; step++)
        {
            double m = step == 0 ? minimumModeration
                : minimumModeration * Math.Pow(upper / minimumModeration, (double)step / (EntropySearchSteps - 1));
            int previous = 0;
            for (int k = 0; k < edges.Length; k++)
            {
                int below = LowerBound(sorted, m * edges[k]);
                counts[k] = below - previous;
                previous = below;
            }
            counts[bins - 1] = sorted.Length - previous;
            double entropy = Entropy(counts, sorted.Length);
            if (entropy > bestEntropy + 1e-12)
            {
                bestEntropy = entropy;
                best = m;
            }
            if (upper == minimumModeration)
                break;
        }
        return best;
    }

    private static int LowerBound(ReadOnlySpan<double> sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    private static double Entropy(ReadOnlySpan<int> counts, long total)
    {
        double entropy = 0;
        foreach (int c in counts)
        {
            if (c == 0)
                continue;
            double p = (double)c / total;
            entropy -= p * Math.Log2(p);
        }
        return entropy;
    }

    /// <summary>The number of saturated values tolerated among <paramref name="count"/>: <c>floor(f * n)</c>.</summary>
    /// <param name="count">n, the number of finite values.</param>
    /// <param name="targetSaturatedFraction">f.</param>
    public static int AllowedSaturatedCount(int count, double targetSaturatedFraction)
        => (int)Math.Floor(targetSaturatedFraction * count + 1e-9);

    /// <summary><see cref="AllowedSaturatedCount(int, double)"/> for a count past int range.</summary>
    internal static long AllowedSaturatedCount(long count, double targetSaturatedFraction)
        => (long)Math.Floor(targetSaturatedFraction * count + 1e-9);

    /// <summary>
    /// How many of <paramref name="magnitudes"/> (|z|, ascending) give a saturated <c>R tanh(z / m)</c>.
    /// </summary>
    private static int SaturatedCount(ReadOnlySpan<double> magnitudes, double halfRange, double moderation)
    {
        // Saturation is monotone in |z|: scan from the largest until the first unsaturated value.
        int count = 0;
        for (int i = magnitudes.Length - 1; i >= 0; i--)
        {
            if (!ModeratedTanh.IsSaturated(ModeratedTanh.Value(magnitudes[i], halfRange, moderation), halfRange))
                break;
            count++;
        }
        return count;
    }

    /// <summary>
    /// Shannon entropy, in bits, of the histogram of <paramref name="outputs"/> over <paramref name="bins"/>
    /// equal bins of [-R, R] (NaN ignored; values at +-R fall in the end bins). The maximum, log2(bins),
    /// means the outputs use the whole range evenly; values piled at the ends or at 0 score lower.
    /// </summary>
    /// <param name="outputs">Output values.</param>
    /// <param name="halfRange">R.</param>
    /// <param name="bins">Number of bins (default 20, i.e. bins 0.1 R wide).</param>
    /// <returns>The entropy in bits; 0 when there are no values.</returns>
    public static double OutputHistogramEntropy(ReadOnlySpan<double> outputs, double halfRange, int bins = 20)
    {
        CheckPositiveFinite(halfRange, nameof(halfRange));
        if (bins < 2)
            throw OutOfRange.Exception(nameof(bins), bins, "At least two bins are needed.");
        var counts = new long[bins];
        long total = 0;
        foreach (double y in outputs)
        {
            if (double.IsNaN(y))
                continue;
            int bin = (int)Math.Floor((y + halfRange) / (2 * halfRange) * bins);
            counts[Math.Clamp(bin, 0, bins - 1)]++;
            total++;
        }
        double entropy = 0;
        foreach (long c in counts)
        {
            if (c == 0)
                continue;
            double p = (double)c / total;
            entropy -= p * Math.Log2(p);
        }
        return entropy;
    }

    private static void CheckPositiveFinite(double value, string name)
    {
        if (!(value > 0 && double.IsFinite(value)))
            throw OutOfRange.Exception(name, value, "Must be positive and finite.");
    }
}
