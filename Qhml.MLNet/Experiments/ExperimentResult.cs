using Microsoft.ML;

namespace Qhml.MLNet.Experiments;

/// <summary>What an experiment returns: every trial, the leaderboard and the best pipeline refitted on all training rows.</summary>
public sealed class ExperimentResult
{
    internal ExperimentResult(ExperimentMetric metric, IReadOnlyList<TrialResult> trials, TrialResult? bestTrial,
        ITransformer? bestModel, DataViewSchema inputSchema, double refitSeconds)
    {
        Metric = metric;
        Trials = trials;
        Leaderboard = Rank(trials, metric);
        BestTrial = bestTrial;
        BestModel = bestModel;
        InputSchema = inputSchema;
        RefitSeconds = refitSeconds;
    }

    /// <summary>The optimized metric.</summary>
    public ExperimentMetric Metric { get; }

    /// <summary>Every finished trial (this shard's, plus any resumed ones), by id.</summary>
    public IReadOnlyList<TrialResult> Trials { get; }

    /// <summary>The trials best first (failed ones last, ties by id).</summary>
    public IReadOnlyList<TrialResult> Leaderboard { get; }

    /// <summary>The best succeeded trial, or null if none succeeded.</summary>
    public TrialResult? BestTrial { get; }

    /// <summary>The best trial's pipeline (featurization + trainer) refitted on all training rows, or null if none succeeded.</summary>
    public ITransformer? BestModel { get; }

    /// <summary>The schema of the training data (saved with the model).</summary>
    public DataViewSchema InputSchema { get; }

    /// <summary>Wall time of the refit, after the search (not part of the time budget).</summary>
    public double RefitSeconds { get; }

    /// <summary>Saves <see cref="BestModel"/> natively (<c>mlContext.Model.Save</c>); loads with <c>mlContext.Model.Load</c> in any process referencing Qhml.MLNet.</summary>
    /// <param name="mlContext">A context.</param>
    /// <param name="path">The .zip file.</param>
    /// <exception cref="InvalidOperationException">No trial succeeded.</exception>
    public void SaveBestModel(MLContext mlContext, string path)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        if (BestModel is null)
            throw new InvalidOperationException("No trial succeeded, so there is no best model to save.");
        mlContext.Model.Save(BestModel, InputSchema, path);
    }

    /// <summary>Ranks trials best first by mean metric (failed last, ties by id).</summary>
    /// <param name="trials">Trials (e.g. read from a merged results file).</param>
    /// <param name="metric">The metric they were scored with.</param>
    /// <returns>The leaderboard.</returns>
    public static IReadOnlyList<TrialResult> Rank(IEnumerable<TrialResult> trials, ExperimentMetric metric)
    {
        ArgumentNullException.ThrowIfNull(trials);
        double sign = metric.IsMaximized() ? -1 : 1;
        return trials.OrderBy(t => t.Status == TrialStatus.Succeeded ? 0 : 1)
            .ThenBy(t => t.Status == TrialStatus.Succeeded ? sign * t.MetricMean : 0)
            .ThenBy(t => t.TrialId).ToArray();
    }
}
