using MathNet.Numerics.Statistics;

namespace Qhml.MLNet.Experiments;

/// <summary>Computes an <see cref="ExperimentMetric"/> and says which way is better.</summary>
public static class ExperimentMetrics
{
    /// <summary>Whether higher values of <paramref name="metric"/> are better.</summary>
    /// <param name="metric">The metric.</param>
    /// <returns>True for R² and Pearson r, false for RMSE.</returns>
    public static bool IsMaximized(this ExperimentMetric metric) => metric != ExperimentMetric.RootMeanSquaredError;

    /// <summary>Whether <paramref name="a"/> is strictly better than <paramref name="b"/> (NaN is worst).</summary>
    /// <param name="metric">The metric.</param>
    /// <param name="a">A value.</param>
    /// <param name="b">Another value.</param>
    /// <returns>True if <paramref name="a"/> is better.</returns>
    public static bool IsBetter(this ExperimentMetric metric, double a, double b)
        => !double.IsNaN(a) && (double.IsNaN(b) || (metric.IsMaximized() ? a > b : a < b));

    /// <summary>The metric of <paramref name="predicted"/> against <paramref name="observed"/>; NaN if it is undefined (e.g. a constant prediction for Pearson r) or a prediction is not finite.</summary>
    /// <param name="metric">The metric.</param>
    /// <param name="observed">Labels.</param>
    /// <param name="predicted">Predictions, same length.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentException">Lengths differ or fewer than 2 rows.</exception>
    public static double Compute(this ExperimentMetric metric, IReadOnlyList<float> observed, IReadOnlyList<float> predicted)
    {
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(predicted);
        if (observed.Count != predicted.Count || observed.Count < 2)
            throw new ArgumentException($"A metric needs at least 2 labels and as many predictions; got {observed.Count} labels and {predicted.Count} predictions.");
        double[] y = observed.Select(v => (double)v).ToArray(), p = predicted.Select(v => (double)v).ToArray();
        if (p.Any(v => !double.IsFinite(v)))
            return double.NaN;
        double sse = 0;
        for (int i = 0; i < y.Length; i++)
            sse += (y[i] - p[i]) * (y[i] - p[i]);
        switch (metric)
        {
            case ExperimentMetric.RootMeanSquaredError:
                return Math.Sqrt(sse / y.Length);
            case ExperimentMetric.RSquared:
                double mean = y.Average(), sst = y.Sum(v => (v - mean) * (v - mean));
                return sst > 0 ? 1 - sse / sst : double.NaN;
            case ExperimentMetric.PearsonCorrelation:
                return Correlation.Pearson(y, p);
            default:
                throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric.");
        }
    }
}
