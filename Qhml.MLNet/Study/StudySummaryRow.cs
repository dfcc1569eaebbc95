using MathNet.Numerics.Statistics;

namespace Qhml.MLNet.Study;

/// <summary>A model's results at one training size on one data set, aggregated over seeds.</summary>
/// <param name="Dataset">Data set (drug).</param>
/// <param name="Model">Model name.</param>
/// <param name="TrainSize">Training size.</param>
/// <param name="Runs">Number of runs (seeds).</param>
/// <param name="Scored">Runs with finite scores, over which the means are taken.</param>
/// <param name="Diverged">Runs that diverged (non-finite loss or prediction, or validation loss ending above its start).</param>
/// <param name="Failed">Runs that threw.</param>
/// <param name="RoseAfterFirstEpoch">Runs whose validation loss ended above its first epoch's (see <see cref="RunDiagnostics.ValidationRoseAfterFirstEpoch"/>).</param>
/// <param name="Rmse">Mean RMSE.</param>
/// <param name="Mae">Mean MAE.</param>
/// <param name="Pearson">Mean Pearson r.</param>
/// <param name="PearsonSd">Seed-to-seed sample SD of Pearson r (NaN with fewer than 2 scored runs).</param>
/// <param name="Spearman">Mean Spearman rho.</param>
/// <param name="RSquared">Mean R².</param>
/// <param name="SaturationFraction">Mean interface saturation fraction; NaN for models without an interface.</param>
public sealed record StudySummaryRow(
    string Dataset, string Model, int TrainSize, int Runs, int Scored, int Diverged, int Failed, int RoseAfterFirstEpoch,
    double Rmse, double Mae, double Pearson, double PearsonSd, double Spearman, double RSquared,
    double SaturationFraction)
{
    /// <summary>Aggregates the runs of one (data set, model, size).</summary>
    /// <param name="dataset">Data set.</param>
    /// <param name="model">Model.</param>
    /// <param name="trainSize">Training size.</param>
    /// <param name="runs">The runs' results.</param>
    /// <returns>The summary row.</returns>
    public static StudySummaryRow FromRuns(string dataset, string model, int trainSize, IReadOnlyList<StudyRunResult> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        List<StudyRunResult> scored = runs.Where(r => double.IsFinite(r.Scores.Rmse)).ToList();
        double[] pearson = scored.Select(r => r.Scores.Pearson).Where(double.IsFinite).ToArray();
        double[] saturation = runs.Select(r => r.SaturationFraction).Where(double.IsFinite).ToArray();
        return new StudySummaryRow(dataset, model, trainSize, runs.Count, scored.Count,
            runs.Count(r => r.Diverged), runs.Count(r => r.Failed), runs.Count(r => r.Diagnostics?.ValidationRoseAfterFirstEpoch ?? false),
            MeanOf(scored, r => r.Scores.Rmse), MeanOf(scored, r => r.Scores.Mae),
            pearson.Length == 0 ? double.NaN : pearson.Mean(),
            pearson.Length < 2 ? double.NaN : pearson.StandardDeviation(),
            MeanOf(scored, r => r.Scores.Spearman), MeanOf(scored, r => r.Scores.RSquared),
            saturation.Length == 0 ? double.NaN : saturation.Mean());
    }

    private static double MeanOf(List<StudyRunResult> runs, Func<StudyRunResult, double> metric)
    {
        double[] values = runs.Select(metric).Where(double.IsFinite).ToArray();
        return values.Length == 0 ? double.NaN : values.Mean();
    }
}
