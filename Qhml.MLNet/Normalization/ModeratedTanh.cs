using System.Globalization;
using System.Numerics.Tensors;

namespace Qhml.MLNet.Normalization;

/// <summary>
/// The moderated-gradient tanh, <c>y = R * tanh(x / m)</c>: a tanh whose slope at zero is reduced by
/// the moderation <c>m</c> (&gt;= 1 moderates, 1 is the plain tanh), so that values spread over the
/// open range (-R, R) instead of piling up at its ends. It is the one implementation shared by the
/// hybrid trainer's interface normalization and the stand-alone normalizing transform.
/// </summary>
/// <remarks>
/// <para>Behaviour at the edges: <c>+inf</c> maps to <c>+R</c>, <c>-inf</c> to <c>-R</c>, NaN stays NaN
/// (callers decide whether NaN is an error).</para>
/// <para>A value counts as <em>saturated</em> when <c>|y| &gt;= (1 - <see cref="SaturationMargin"/>) R</c>,
/// i.e. it lies within 5% of either end of the range; there the derivative is below
/// <c>1 - 0.95^2 ≈ 0.0975</c> of its value at zero and gradients through the interface vanish.</para>
/// </remarks>
public static class ModeratedTanh
{
    /// <summary>Fraction of the half-range, at each end, inside which a value counts as saturated (0.05).</summary>
    public const double SaturationMargin = 0.05;

    /// <summary>Computes <c>R * tanh(x / m)</c>.</summary>
    /// <param name="x">The input value (already centered and scaled by the caller if needed).</param>
    /// <param name="halfRange">R, the output half-range; positive and finite.</param>
    /// <param name="moderation">m, the moderation; positive and finite.</param>
    /// <returns>The moderated tanh of <paramref name="x"/>, in [-R, R].</returns>
    public static double Value(double x, double halfRange, double moderation)
        => halfRange * Math.Tanh(x / moderation);

    /// <summary>Computes the derivative <c>dy/dx = (R / m) * (1 - tanh²(x / m))</c>.</summary>
    /// <param name="x">The input value.</param>
    /// <param name="halfRange">R, the output half-range.</param>
    /// <param name="moderation">m, the moderation.</param>
    /// <returns>The slope at <paramref name="x"/>; zero at +-infinity.</returns>
    public static double Derivative(double x, double halfRange, double moderation)
    {
        double t = Math.Tanh(x / moderation);
        return halfRange / moderation * (1.0 - t * t);
    }

    /// <summary>
    /// Computes the derivative from the output value <paramref name="y"/> = R tanh(x/m), which the
    /// backward pass of a network already holds: <c>(R / m) * (1 - (y / R)²)</c>.
    /// </summary>
    /// <param name="y">An output of <see cref="Value(double, double, double)"/>.</param>
    /// <param name="halfRange">R, the output half-range.</param>
    /// <param name="moderation">m, the moderation.</param>
    /// <returns>The slope at the input that produced <paramref name="y"/>.</returns>
    public static double DerivativeFromOutput(double y, double halfRange, double moderation)
    {
        double t = y / halfRange;
        return halfRange / moderation * (1.0 - t * t);
    }

    /// <summary>
    /// Computes the normalizing form <c>R * tanh((x - c) / (s * m))</c> used by the stand-alone transform:
    /// the value is first standardized with center <c>c</c> and scale <c>s</c>.
    /// </summary>
    /// <remarks>
    /// NaN stays NaN; <c>+-inf</c> maps to <c>+-R</c>. A scale of 0 marks a slot that was constant in the
    /// training data (it carries no information): every non-NaN input then maps to 0, the middle of the
    /// range, instead of dividing by zero.
    /// </remarks>
    /// <param name="x">The raw input value.</param>
    /// <param name="center">c, subtracted first.</param>
    /// <param name="scale">s &gt;= 0; 0 for a constant slot.</param>
    /// <param name="halfRange">R, the output half-range.</param>
    /// <param name="moderation">m, the moderation.</param>
    /// <returns>The normalized value in [-R, R], or NaN.</returns>
    public static double Normalize(double x, double center, double scale, double halfRange, double moderation)
    {
        if (double.IsNaN(x))
            return double.NaN;
        if (scale == 0)
            return 0.0;
        return halfRange * Math.Tanh((x - center) / (scale * moderation));
    }

    /// <summary>
    /// Applies <c>R * tanh(x / m)</c> to every element (SIMD through <see cref="TensorPrimitives"/>).
    /// </summary>
    /// <param name="x">Inputs.</param>
    /// <param name="halfRange">R, the output half-range.</param>
    /// <param name="moderation">m, the moderation.</param>
    /// <param name="destination">Outputs; may be the same span as <paramref name="x"/>.</param>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void Apply(ReadOnlySpan<double> x, double halfRange, double moderation, Span<double> destination)
    {
        if (destination.Length != x.Length)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Destination has {destination.Length} elements; expected {x.Length}."), nameof(destination));
        TensorPrimitives.Multiply(x, 1.0 / moderation, destination);
        TensorPrimitives.Tanh(destination, destination);
        TensorPrimitives.Multiply(destination, halfRange, destination);
    }

    /// <summary>Whether an output value lies within <see cref="SaturationMargin"/> of either end of [-R, R].</summary>
    /// <param name="y">An output value.</param>
    /// <param name="halfRange">R, the half-range the value lives in.</param>
    /// <returns><see langword="true"/> when <c>|y| &gt;= 0.95 R</c>; NaN is never saturated.</returns>
    public static bool IsSaturated(double y, double halfRange)
        => Math.Abs(y) >= (1.0 - SaturationMargin) * halfRange;

    /// <summary>
    /// The fraction of values within <see cref="SaturationMargin"/> of either end of [-R, R], NaNs excluded
    /// from numerator and denominator. This is the saturation diagnostic reported by the trainer, the
    /// transform and the study.
    /// </summary>
    /// <param name="values">Output values.</param>
    /// <param name="halfRange">R, the half-range the values live in.</param>
    /// <returns>A fraction in [0, 1]; 0 when there are no finite values.</returns>
    public static double SaturatedFraction(ReadOnlySpan<double> values, double halfRange)
    {
        double limit = (1.0 - SaturationMargin) * halfRange;
        int saturated = 0, counted = 0;
        foreach (double v in values)
        {
            if (double.IsNaN(v))
                continue;
            counted++;
            if (Math.Abs(v) >= limit)
                saturated++;
        }
        return counted == 0 ? 0.0 : (double)saturated / counted;
    }
}
