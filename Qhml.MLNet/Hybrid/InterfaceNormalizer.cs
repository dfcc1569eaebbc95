using Qhml.MLNet.Normalization;

namespace Qhml.MLNet.Hybrid;

/// <summary>
/// The interface normalization between network outputs <c>u</c> (rows x Q, row-major) and circuit angles.
/// Training mode uses batch statistics (MinMax, AdaptiveModeratedTanh) and has an exact backward pass;
/// inference mode uses frozen statistics <c>(first, second)</c> = (minimum, maximum) or (running mean,
/// running variance). The tanh math is <see cref="ModeratedTanh"/>.
/// </summary>
internal sealed class InterfaceNormalizer
{
    private const double MinMaxEpsilon = 1e-9;

    public InterfaceNormalizer(InterfaceNormalization kind, int qubits, double halfRange, double moderation, double epsilon)
    {
        Kind = kind;
        Qubits = qubits;
        HalfRange = halfRange;
        Moderation = moderation;
        Epsilon = epsilon;
    }

    public InterfaceNormalization Kind { get; }
    public int Qubits { get; }
    public double HalfRange { get; }
    public double Moderation { get; }
    public double Epsilon { get; }

    /// <summary>Whether training uses batch statistics (so the rows of a batch are coupled).</summary>
    public bool UsesStatistics => Kind is InterfaceNormalization.MinMax or InterfaceNormalization.AdaptiveModeratedTanh;

    /// <summary>Lower end of the angle range.</summary>
    public double RangeLow => Kind == InterfaceNormalization.Sigmoid ? 0.0 : -HalfRange;

    /// <summary>Upper end of the angle range.</summary>
    public double RangeHigh => Kind == InterfaceNormalization.Sigmoid ? 2 * HalfRange : HalfRange;

    /// <summary>Whether an angle lies within 5% (of the half-range) of either end of its range.</summary>
    public bool IsSaturated(double angle) => ModeratedTanh.IsSaturated(angle - 0.5 * (RangeLow + RangeHigh), HalfRange);

    /// <summary>Neutral frozen statistics (min -1 / max 1, mean 0 / variance 1).</summary>
    public void InitialStatistics(Span<double> first, Span<double> second)
    {
        first.Fill(Kind == InterfaceNormalization.MinMax ? -1.0 : 0.0);
        second.Fill(1.0);
    }

    /// <summary>
    /// Training forward over <paramref name="n"/> rows. <paramref name="cache"/> (n x Q) receives the
    /// standardized values (adaptive); <paramref name="batchFirst"/>/<paramref name="batchSecond"/> (Q)
    /// the batch statistics (mean/biased variance, or min/max).
    /// </summary>
    public void ForwardTraining(ReadOnlySpan<double> u, int n, Span<double> angles, Span<double> cache,
        Span<double> batchFirst, Span<double> batchSecond)
    {
        int q = Qubits;
        switch (Kind)
        {
            case InterfaceNormalization.MinMax:
                for (int j = 0; j < q; j++)
                {
                    double min = double.PositiveInfinity, max = double.NegativeInfinity;
                    for (int i = 0; i < n; i++)
                    {
                        double v = u[i * q + j];
                        if (v < min) min = v;
                        if (v > max) max = v;
                    }
                    batchFirst[j] = min;
                    batchSecond[j] = max;
                }
                ForwardInference(u, n, batchFirst, batchSecond, angles);
                break;
            case InterfaceNormalization.AdaptiveModeratedTanh:
                for (int j = 0; j < q; j++)
                {
                    double mean = 0;
                    for (int i = 0; i < n; i++)
                        mean += u[i * q + j];
                    mean /= n;
                    double variance = 0;
                    for (int i = 0; i < n; i++)
                    {
                        double d = u[i * q + j] - mean;
                        variance += d * d;
                    }
                    variance /= n;
                    batchFirst[j] = mean;
                    batchSecond[j] = variance;
                    double inv = 1.0 / Math.Sqrt(variance + Epsilon);
                    for (int i = 0; i < n; i++)
                    {
                        double z = (u[i * q + j] - mean) * inv;
                        cache[i * q + j] = z;
                        angles[i * q + j] = ModeratedTanh.Value(z, HalfRange, Moderation);
                    }
                }
                break;
            default:
                ForwardInference(u, n, batchFirst, batchSecond, angles);
                break;
        }
    }

    /// <summary>Inference forward over <paramref name="n"/> rows with frozen statistics.</summary>
    public void ForwardInference(ReadOnlySpan<double> u, int n, ReadOnlySpan<double> first, ReadOnlySpan<double> second, Span<double> angles)
    {
        int q = Qubits, count = n * q;
        double a = HalfRange;
        switch (Kind)
        {
            case InterfaceNormalization.None:
                u.Slice(0, count).CopyTo(angles);
                break;
            case InterfaceNormalization.Tanh:
                ModeratedTanh.Apply(u.Slice(0, count), a, 1.0, angles.Slice(0, count));
                break;
            case InterfaceNormalization.Sigmoid:
                // 2A sigmoid(x) = A + A tanh(x / 2)
                ModeratedTanh.Apply(u.Slice(0, count), a, 2.0, angles.Slice(0, count));
                for (int k = 0; k < count; k++)
                    angles[k] += a;
                break;
            case InterfaceNormalization.ModeratedTanh:
                ModeratedTanh.Apply(u.Slice(0, count), a, Moderation, angles.Slice(0, count));
                break;
            case InterfaceNormalization.MinMax:
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < q; j++)
                        angles[i * q + j] = -a + 2 * a * (u[i * q + j] - first[j]) / (second[j] - first[j] + MinMaxEpsilon);
                break;
            default: // AdaptiveModeratedTanh
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < q; j++)
                    {
                        double z = (u[i * q + j] - first[j]) / Math.Sqrt(second[j] + Epsilon);
                        angles[i * q + j] = ModeratedTanh.Value(z, a, Moderation);
                    }
                break;
        }
    }

    /// <summary>
    /// Exact backward of <see cref="ForwardTraining"/>: <paramref name="du"/> = dLoss/du given
    /// <paramref name="dAngles"/> = dLoss/dangles (both n x Q).
    /// </summary>
    public void BackwardTraining(ReadOnlySpan<double> u, int n, ReadOnlySpan<double> angles, ReadOnlySpan<double> cache,
        ReadOnlySpan<double> batchFirst, ReadOnlySpan<double> batchSecond, ReadOnlySpan<double> dAngles, Span<double> du)
    {
        int q = Qubits, count = n * q;
        double a = HalfRange;
        switch (Kind)
        {
            case InterfaceNormalization.None:
                dAngles.Slice(0, count).CopyTo(du);
                break;
            case InterfaceNormalization.Tanh:
                for (int k = 0; k < count; k++)
                    du[k] = dAngles[k] * ModeratedTanh.DerivativeFromOutput(angles[k], a, 1.0);
                break;
            case InterfaceNormalization.Sigmoid:
                for (int k = 0; k < count; k++)
                    du[k] = dAngles[k] * ModeratedTanh.DerivativeFromOutput(angles[k] - a, a, 2.0);
                break;
            case InterfaceNormalization.ModeratedTanh:
                for (int k = 0; k < count; k++)
                    du[k] = dAngles[k] * ModeratedTanh.DerivativeFromOutput(angles[k], a, Moderation);
                break;
            case InterfaceNormalization.MinMax:
                BackwardMinMax(u, n, batchFirst, batchSecond, dAngles, du);
                break;
            default:
                BackwardAdaptive(n, angles, cache, batchSecond, dAngles, du);
                break;
        }
    }

    // angle_i = -A + 2A (u_i - m) / r, r = M - m + eps, with m/M the batch min/max at rows iMin/iMax:
    // du_k = 2A [ g_k / r - [k = iMin] G / r + ([k = iMin] - [k = iMax]) H / r^2 ], G = sum g, H = sum g (u - m).
    private void BackwardMinMax(ReadOnlySpan<double> u, int n, ReadOnlySpan<double> min, ReadOnlySpan<double> max,
        ReadOnlySpan<double> g, Span<double> du)
    {
        int q = Qubits;
        for (int j = 0; j < q; j++)
        {
            double m = min[j], r = max[j] - min[j] + MinMaxEpsilon, sumG = 0, sumH = 0;
            int iMin = -1, iMax = -1;
            for (int i = 0; i < n; i++)
            {
                double v = u[i * q + j];
                if (iMin < 0 && v == m) iMin = i;
                if (iMax < 0 && v == max[j]) iMax = i;
                sumG += g[i * q + j];
                sumH += g[i * q + j] * (v - m);
            }
            double scale = 2 * HalfRange;
            if (iMin < 0 || iMax < 0)
            {
                // NaN outputs: propagate NaN so the trainer's finiteness check reports it.
                for (int i = 0; i < n; i++)
                    du[i * q + j] = double.NaN;
                continue;
            }
            for (int i = 0; i < n; i++)
                du[i * q + j] = scale * g[i * q + j] / r;
            du[iMin * q + j] += scale * (-sumG / r + sumH / (r * r));
            du[iMax * q + j] -= scale * sumH / (r * r);
        }
    }

    // Batch-norm backward: du_i = (g_i - mean(g) - z_i mean(g z)) / sqrt(var + eps), g = dLoss/dz.
    private void BackwardAdaptive(int n, ReadOnlySpan<double> angles, ReadOnlySpan<double> z, ReadOnlySpan<double> variance,
        ReadOnlySpan<double> dAngles, Span<double> du)
    {
        int q = Qubits;
        for (int j = 0; j < q; j++)
        {
            double meanG = 0, meanGz = 0;
            for (int i = 0; i < n; i++)
            {
                int k = i * q + j;
                double g = dAngles[k] * ModeratedTanh.DerivativeFromOutput(angles[k], HalfRange, Moderation);
                du[k] = g; // temporarily dLoss/dz
                meanG += g;
                meanGz += g * z[k];
            }
            meanG /= n;
            meanGz /= n;
            double inv = 1.0 / Math.Sqrt(variance[j] + Epsilon);
            for (int i = 0; i < n; i++)
            {
                int k = i * q + j;
                du[k] = (du[k] - meanG - z[k] * meanGz) * inv;
            }
        }
    }

    /// <summary>Batch-norm running update (unbiased batch variance), used by AdaptiveModeratedTanh.</summary>
    public static void UpdateRunning(Span<double> runningMean, Span<double> runningVariance,
        ReadOnlySpan<double> batchMean, ReadOnlySpan<double> batchVariance, int n, double momentum)
    {
        double unbias = n > 1 ? (double)n / (n - 1) : 1.0;
        for (int j = 0; j < runningMean.Length; j++)
        {
            runningMean[j] = (1 - momentum) * runningMean[j] + momentum * batchMean[j];
            runningVariance[j] = (1 - momentum) * runningVariance[j] + momentum * batchVariance[j] * unbias;
        }
    }
}
