using MathNet.Numerics.Statistics;

namespace Qhml.MLNet.Normalization;

/// <summary>
/// Center and scale of one slot, the <c>c</c> and <c>s</c> of <c>R tanh((x - c) / (s m))</c>.
/// </summary>
internal static class Standardization
{
    /// <summary>
    /// IQR of the standard normal (≈ 1.349): dividing an IQR by it gives a scale that equals the standard
    /// deviation on normal data, so the moderation means the same under both scalings.
    /// </summary>
    public static readonly double NormalInterquartileRange = 2 * MathNet.Numerics.Distributions.Normal.InvCDF(0, 1, 0.75);

    /// <summary>
    /// Fits center and scale from the finite values of <paramref name="values"/> (NaN and infinities ignored).
    /// </summary>
    /// <param name="values">Training values of one slot.</param>
    /// <param name="robust">
    /// <see langword="false"/>: mean and sample standard deviation. <see langword="true"/>: median and
    /// IQR / 1.349; when the IQR is 0 (more than half the values tied) the standard deviation is used instead.
    /// </param>
    /// <returns>
    /// The center and scale. Scale 0 marks a constant slot (fewer than two finite values, or all equal);
    /// with no finite values the center is 0.
    /// </returns>
    public static (double Center, double Scale) Fit(ReadOnlySpan<double> values, bool robust)
    {
        var finite = new List<double>(values.Length);
        foreach (double v in values)
        {
            if (double.IsFinite(v))
                finite.Add(v);
        }
        return FitFinite(finite, robust);
    }

    /// <summary>
    /// <see cref="Fit"/> of values known to be finite, read in place (no copy): what the transform's fit calls with a
    /// reused buffer. The same arithmetic in the same order, so the same bits.
    /// </summary>
    /// <param name="finite">Finite training values of one slot.</param>
    /// <param name="robust">As for <see cref="Fit"/>.</param>
    /// <returns>As <see cref="Fit"/>.</returns>
    public static (double Center, double Scale) FitFinite(ArraySegment<double> finite, bool robust)
        => FitFinite((IReadOnlyList<double>)finite, robust);

    // IEnumerable statistics of MathNet take their streaming path for any list but double[]: List and ArraySegment agree.
    private static (double Center, double Scale) FitFinite(IReadOnlyList<double> finite, bool robust)
    {
        if (finite.Count == 0)
            return (0.0, 0.0);
        if (finite.Count == 1)
            return (finite[0], 0.0);

        if (robust)
        {
            double[] data = finite.ToArray();
            double median = data.Median();
            double iqr = data.InterquartileRange();
            if (IsConstant(data))
                return (median, 0.0);
            double scale = iqr > 0 && double.IsFinite(iqr) ? iqr / NormalInterquartileRange : FitFinite(finite, robust: false).Scale;
            return (median, scale);
        }

        if (IsConstant(finite))
            return (finite[0], 0.0);
        // Sums of squares overflow past ~1e154: fit huge values divided by their largest magnitude, then scale back
        // (the scale is capped at double.MaxValue, so the fitted model stays finite, as its loader requires).
        double largest = finite.Max(Math.Abs);
        if (largest <= LargeMagnitude)
        {
            var (mean, sd) = finite.MeanStandardDeviation();
            if (double.IsFinite(sd))
                return (mean, sd);
            // The recurrence squares n x - total, which grows with the row count: 1e149 over 200,000 rows overflows too.
        }
        var (scaledMean, scaledSd) = finite.Select(v => v / largest).MeanStandardDeviation();
        return (scaledMean * largest, Math.Min(scaledSd * largest, double.MaxValue));
    }

    /// <summary>Beyond this magnitude sums of squares could overflow: such slots are fitted on rescaled values.</summary>
    internal const double LargeMagnitude = 1e150;

    // Exact test, so rounding in the SD of equal values (tiny but nonzero) cannot fake a scale.
    private static bool IsConstant(IReadOnlyList<double> values)
    {
        for (int i = 1; i < values.Count; i++)
        {
            if (values[i] != values[0])
                return false;
        }
        return true;
    }
}
