using System.Globalization;

namespace Qhml.MLNet.Experiments;

/// <summary>One finished trial: a row of the leaderboard and of the results file.</summary>
/// <param name="TrialId">Position in the experiment's trial list (0-based; fixes its seed and its shard).</param>
/// <param name="Family">The trainer family's name.</param>
/// <param name="Rung">Successive-halving rung (0 = first, cheapest evaluation; random search uses 0).</param>
/// <param name="Configuration">The option values, <c>Name=value;...</c> (see <see cref="TrialConfiguration.Format"/>).</param>
/// <param name="Seed">The seed the trial trained with.</param>
/// <param name="Status">Succeeded or failed.</param>
/// <param name="FoldMetrics">The metric on each fold's held-out rows (empty if the trial failed).</param>
/// <param name="TrainingSeconds">Wall time of the trial (all folds).</param>
/// <param name="FinishedAtSeconds">When it finished, in seconds of experiment time (resumed runs continue the clock).</param>
/// <param name="Error">Why it failed, else null.</param>
public sealed record TrialResult(int TrialId, string Family, int Rung, string Configuration, int Seed, TrialStatus Status,
    IReadOnlyList<double> FoldMetrics, double TrainingSeconds, double FinishedAtSeconds, string? Error)
{
    /// <summary>Mean of <see cref="FoldMetrics"/> (NaN for a failed trial).</summary>
    public double MetricMean => Status == TrialStatus.Succeeded && FoldMetrics.Count > 0 ? FoldMetrics.Average() : double.NaN;

    /// <summary>Sample standard deviation of <see cref="FoldMetrics"/> (0 with one fold, NaN for a failed trial).</summary>
    public double MetricStandardDeviation
    {
        get
        {
            if (Status != TrialStatus.Succeeded || FoldMetrics.Count == 0)
                return double.NaN;
            if (FoldMetrics.Count == 1)
                return 0;
            double mean = MetricMean;
            return Math.Sqrt(FoldMetrics.Sum(v => (v - mean) * (v - mean)) / (FoldMetrics.Count - 1));
        }
    }

    /// <summary>Whether two results describe the same trial outcome (everything but timings).</summary>
    /// <param name="other">Another result.</param>
    /// <returns>True if equal up to timings.</returns>
    public bool SameOutcome(TrialResult other)
        => other is not null && TrialId == other.TrialId && Family == other.Family && Rung == other.Rung && Configuration == other.Configuration
            && Seed == other.Seed && Status == other.Status && FoldMetrics.SequenceEqual(other.FoldMetrics) && Error == other.Error;

    /// <inheritdoc/>
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture,
            $"#{TrialId} {Family} rung {Rung} {Status}: {MetricMean:G5} ± {MetricStandardDeviation:G3} in {TrainingSeconds:F1} s [{Configuration}]");
}
