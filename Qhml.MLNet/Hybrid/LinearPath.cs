using System.Globalization;

namespace Qhml.MLNet.Hybrid;

/// <summary>
/// The wide (linear) part of a wide-and-deep hybrid model: a ridge regression on the raw features, fitted in
/// closed form before the network, whose residuals the network and head learn. The model predicts
/// <c>Bias + Weights . x + HybridWeight * hybrid(x)</c>, with <c>HybridWeight</c> in [0, 1] fitted on the
/// validation rows (0 when the hybrid term does not help there).
/// </summary>
public sealed class LinearPath
{
    private readonly double[] _weights;

    internal LinearPath(double[] weights, double bias, double l2, double hybridWeight)
    {
        if (!double.IsFinite(bias) || !double.IsFinite(l2) || l2 < 0 || !double.IsFinite(hybridWeight) || hybridWeight < 0 || hybridWeight > 1)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"Linear path: bias {bias}, L2 {l2} and hybrid weight {hybridWeight}; expected finite values, L2 >= 0 and a hybrid weight in [0, 1]."));
        for (int j = 0; j < weights.Length; j++)
            if (!double.IsFinite(weights[j]))
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"Linear path weight {j} is {weights[j]}; expected a finite value."));
        _weights = weights;
        Bias = bias;
        L2 = l2;
        HybridWeight = hybridWeight;
    }

    /// <summary>One weight per feature (the trainer's internal standardization folded in).</summary>
    public ReadOnlyMemory<double> Weights => _weights;

    /// <summary>Intercept of the linear term.</summary>
    public double Bias { get; }

    /// <summary>The ridge penalty chosen by leave-one-out error, relative to the mean eigenvalue of the standardized Gram matrix.</summary>
    public double L2 { get; }

    /// <summary>Weight of the hybrid (network and head) term in the prediction, in [0, 1]; fitted on the validation rows.</summary>
    public double HybridWeight { get; }

    internal double[] RawWeights => _weights;

    /// <summary>The linear term alone for one row (what the model predicts without its hybrid term).</summary>
    /// <param name="features">The row's features.</param>
    /// <returns><c>Bias + Weights . features</c>.</returns>
    public double Predict(ReadOnlySpan<float> features)
    {
        if (features.Length != _weights.Length)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"features has {features.Length} values; expected {_weights.Length}."), nameof(features));
        return Evaluate(features);
    }

    /// <summary>The linear term for one row, summed in a fixed order (so every scoring path gives the same bits).</summary>
    internal double Evaluate(ReadOnlySpan<float> features)
    {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0, f = features.Length;
        for (; j + 4 <= f; j += 4)
        {
            s0 += _weights[j] * features[j];
            s1 += _weights[j + 1] * features[j + 1];
            s2 += _weights[j + 2] * features[j + 2];
            s3 += _weights[j + 3] * features[j + 3];
        }
        for (; j < f; j++)
            s0 += _weights[j] * features[j];
        return Bias + ((s0 + s1) + (s2 + s3));
    }

    /// <summary>
    /// The prediction of a model whose validated <see cref="HybridWeight"/> is 0: the linear term alone, NaN for a
    /// row with a NaN or infinite feature (as the hybrid term would have made it).
    /// </summary>
    internal float PredictAlone(ReadOnlySpan<float> features)
    {
        // No second pass over the row for its NaN/infinite features: with finite weights any of them makes the sum
        // NaN or infinite (NaN * w, inf * 0 and inf - inf are NaN; inf * w stays infinite).
        double value = Evaluate(features);
        return double.IsFinite(value) ? (float)value : float.NaN;
    }

    /// <summary>Combines the linear term with the hybrid term's prediction (on the label scale).</summary>
    internal float Combine(ReadOnlySpan<float> features, double hybridPrediction)
        => (float)(Evaluate(features) + HybridWeight * hybridPrediction);
}
