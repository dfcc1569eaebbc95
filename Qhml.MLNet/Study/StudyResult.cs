namespace Qhml.MLNet.Study;

/// <summary>The results of a study: one per run, in the study's run order.</summary>
public sealed class StudyResult
{
    /// <summary>Wraps run results.</summary>
    /// <param name="runs">The results, one per run.</param>
    public StudyResult(IReadOnlyList<StudyRunResult> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        Runs = runs;
    }

    /// <summary>One result per run.</summary>
    public IReadOnlyList<StudyRunResult> Runs { get; }

    /// <summary>
    /// Aggregates the runs per data set, model and training size: metric means over the runs that produced
    /// finite scores, the seed-to-seed SD of Pearson r, and the counts of diverged and failed runs.
    /// </summary>
    /// <returns>One row per (data set, model, size), in run order.</returns>
    public IReadOnlyList<StudySummaryRow> Summarize()
        => Runs.GroupBy(r => (r.Run.Dataset, r.Run.Model, r.Run.TrainSize))
            .Select(g => StudySummaryRow.FromRuns(g.Key.Dataset, g.Key.Model, g.Key.TrainSize, g.ToList()))
            .ToList();
}
