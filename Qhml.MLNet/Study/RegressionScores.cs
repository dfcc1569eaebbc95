using System.Globalization;
using MathNet.Numerics.Statistics;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Qhml.MLNet.Study;

/// <summary>Test-set quality of one regression model.</summary>
/// <param name="Rmse">Root mean squared error.</param>
/// <param name="Mae">Mean absolute error.</param>
/// <param name="Pearson">Pearson correlation of predicted and observed; NaN when either is constant.</param>
/// <param name="Spearman">Spearman rank correlation of predicted and observed; NaN when either is constant.</param>
/// <param name="RSquared">Coefficient of determination, 1 - SSE/SST (can be negative).</param>
public sealed record RegressionScores(double Rmse, double Mae, double Pearson, double Spearman, double RSquared)
{
    /// <summary>
    /// Scores predictions against observations: RMSE, MAE and R² from ML.NET's
    /// <see cref="RegressionCatalog.Evaluate"/>, the correlations from MathNet.Numerics.
    /// </summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="observed">Observed labels.</param>
    /// <param name="predicted">Predictions, one per observation.</param>
    /// <returns>The scores.</returns>
    /// <exception cref="ArgumentException">The arrays differ in length or hold fewer than 2 values.</exception>
    public static RegressionScores Compute(MLContext mlContext, IReadOnlyList<float> observed, IReadOnlyList<float> predicted)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(predicted);
        if (observed.Count != predicted.Count)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{observed.Count} observations but {predicted.Count} predictions."), nameof(predicted));
        if (observed.Count < 2)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Scoring needs at least 2 observations; got {observed.Count}."), nameof(observed));

        var rows = new ScoredRow[observed.Count];
        for (int i = 0; i < rows.Length; i++)
            rows[i] = new ScoredRow { Label = observed[i], Score = predicted[i] };
        RegressionMetrics metrics = mlContext.Regression.Evaluate(mlContext.Data.LoadFromEnumerable(rows));

        double[] obs = observed.Select(v => (double)v).ToArray();
        double[] pred = predicted.Select(v => (double)v).ToArray();
        return new RegressionScores(
            metrics.RootMeanSquaredError,
            metrics.MeanAbsoluteError,
            Correlation.Pearson(obs, pred),
            Correlation.Spearman(obs, pred),
            metrics.RSquared);
    }

    private sealed class ScoredRow
    {
        public float Label { get; set; }
        public float Score { get; set; }
    }
}
