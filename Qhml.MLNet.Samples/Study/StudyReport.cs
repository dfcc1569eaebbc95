using System.Globalization;
using System.Text;
using Qhml.MLNet.Study;

namespace Qhml.MLNet.Samples.Study;

/// <summary>
/// Writes what a person looks at after a study: <c>results.csv</c> (one row per run), <c>summary.md</c>
/// (the model x size tables) and PNG figures, per data set.
/// </summary>
public static class StudyReport
{
    /// <summary>Name of the per-run CSV.</summary>
    public const string ResultsFileName = "results.csv";

    /// <summary>Name of the Markdown summary.</summary>
    public const string SummaryFileName = "summary.md";

    /// <summary>
    /// Writes every output into <paramref name="outputDirectory"/> (created if needed): <c>results.csv</c> (the study's
    /// results file with its settings line, in run order, replacing the appended one), the summary and the figures.
    /// </summary>
    /// <param name="outputDirectory">Destination folder.</param>
    /// <param name="result">The study's results.</param>
    /// <param name="identity">The study's settings line (<see cref="StudyRunner.Identity"/>).</param>
    /// <param name="diagnosticModels">Models to draw in the interface-histogram and learning-curve figures
    /// (for example one per interface normalization); null for every model that reports diagnostics.</param>
    /// <returns>The paths written, CSV first.</returns>
    public static IReadOnlyList<string> Write(string outputDirectory, StudyResult result, string identity, IReadOnlyCollection<string>? diagnosticModels = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(outputDirectory);
        string csv = Path.Combine(outputDirectory, ResultsFileName);
        StudyResultsFile.Write(csv, identity, result.Runs);
        return [csv, .. WriteReports(outputDirectory, result, diagnosticModels)];
    }

    /// <summary>Writes the summary and the figures (not the CSV) into <paramref name="outputDirectory"/> (created if needed).</summary>
    /// <param name="outputDirectory">Destination folder.</param>
    /// <param name="result">The study's results (from memory, or read back from a results file: the same outputs).</param>
    /// <param name="diagnosticModels">Models to draw in the diagnostics figures; null for every model that reports diagnostics.</param>
    /// <returns>The paths written.</returns>
    public static IReadOnlyList<string> WriteReports(string outputDirectory, StudyResult result, IReadOnlyCollection<string>? diagnosticModels = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(outputDirectory);
        var written = new List<string>();

        IReadOnlyList<StudySummaryRow> summary = result.Summarize();
        string markdown = Path.Combine(outputDirectory, SummaryFileName);
        File.WriteAllText(markdown, SummaryMarkdown(summary), new UTF8Encoding(false));
        written.Add(markdown);

        foreach (IGrouping<string, StudyRunResult> dataset in result.Runs.GroupBy(r => r.Run.Dataset))
            written.AddRange(WriteFigures(outputDirectory, dataset.Key, dataset.ToList(), summary.Where(s => s.Dataset == dataset.Key).ToList(), diagnosticModels));
        return written;
    }

    /// <summary>The summary as Markdown: one table per data set, one row per model and size.</summary>
    /// <param name="summary">Summary rows.</param>
    /// <returns>Markdown text.</returns>
    public static string SummaryMarkdown(IReadOnlyList<StudySummaryRow> summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var text = new StringBuilder();
        foreach (IGrouping<string, StudySummaryRow> dataset in summary.GroupBy(s => s.Dataset))
        {
            text.Append(CultureInfo.InvariantCulture, $"### {dataset.Key}\n\n");
            text.Append("| model | train n | runs | RMSE | MAE | Pearson r (± SD) | Spearman rho | R² | diverged | rose after epoch 1 | failed | saturation |\n");
            text.Append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            foreach (StudySummaryRow s in dataset.OrderBy(s => s.Model, StringComparer.Ordinal).ThenBy(s => s.TrainSize))
            {
                text.Append(CultureInfo.InvariantCulture,
                    $"| {s.Model} | {s.TrainSize} | {s.Runs} | {F(s.Rmse)} | {F(s.Mae)} | {F(s.Pearson)} ± {F(s.PearsonSd)} | {F(s.Spearman)} | {F(s.RSquared)} | {s.Diverged} | {s.RoseAfterFirstEpoch} | {s.Failed} | {Percent(s.SaturationFraction)} |\n");
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Formats a metric with 3 decimals (invariant), or "-" when it is NaN.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Text.</returns>
    public static string F(double value) => double.IsNaN(value) ? "-" : value.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>Formats a fraction as a percentage with one decimal, or "-" when it is NaN.</summary>
    /// <param name="fraction">The fraction.</param>
    /// <returns>Text.</returns>
    public static string Percent(double fraction) => double.IsNaN(fraction) ? "-" : (100 * fraction).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static List<string> WriteFigures(string folder, string dataset, List<StudyRunResult> runs, List<StudySummaryRow> summary,
        IReadOnlyCollection<string>? diagnosticModels)
    {
        var written = new List<string>();
        string tag = FileTag(dataset);

        var pearson = summary.GroupBy(s => s.Model)
            .Select(g =>
            {
                List<StudySummaryRow> rows = g.OrderBy(s => s.TrainSize).ToList();
                return new PearsonCurve(g.Key, rows.Select(s => s.TrainSize).ToArray(),
                    rows.Select(s => s.Pearson).ToArray(), rows.Select(s => s.PearsonSd).ToArray());
            }).ToList();
        int seeds = runs.Select(r => r.Run.SeedIndex).Distinct().Count();
        int smallest = summary.Min(s => s.TrainSize), largest = summary.Max(s => s.TrainSize);
        string sizes = smallest == largest ? $"n = {largest}" : $"n = {smallest}-{largest}";
        string allRuns = string.Create(CultureInfo.InvariantCulture, $"{dataset}, {sizes}, {seeds} seed(s)");
        written.Add(Draw(folder, $"pearson_vs_size_{tag}.png", p => StudyFigures.PearsonVsTrainSize(p, pearson, allRuns)));

        // The best QHML model (quantum head) beside the best built-in ML.NET trainer: highest mean r at the largest
        // size; each shows its first seed's test predictions (the same split for every model).
        var qhml = HybridModelSpecs.All.Where(m => m != HybridModelSpecs.Classical).Select(m => m.Name).ToHashSet();
        var builtIn = BuiltInModelSpecs.All.Select(m => m.Name).ToHashSet();
        var shown = new[] { BestRun(runs, summary, largest, qhml), BestRun(runs, summary, largest, builtIn) }.OfType<StudyRunResult>().ToList();
        if (shown.Count > 0)
        {
            int seed = shown[0].Run.SeedIndex;
            string title = string.Create(CultureInfo.InvariantCulture,
                $"Predicted vs observed: {dataset}, n = {largest} training lines, seed {seed}, {shown[0].Observed.Count} test lines");
            var series = shown.Select(r => new PredictionSeries(
                string.Create(CultureInfo.InvariantCulture, $"{r.Run.Model} (r = {r.Scores.Pearson:0.000})"), r.Observed, r.Predicted)).ToList();
            written.Add(Draw(folder, $"predicted_vs_observed_{tag}.png", p => StudyFigures.PredictedVsObserved(p, title, series)));
        }

        // Hybrid models only: interface histograms summed over all their runs, learning curves of the first run at the largest size.
        List<StudyRunResult> focus = diagnosticModels is null ? runs : runs.Where(r => diagnosticModels.Contains(r.Run.Model)).ToList();
        var histograms = focus.Where(r => r.Diagnostics?.InterfaceHistogram is not null)
            .GroupBy(r => r.Run.Model)
            .Select(g => SumHistograms(g.Key, g.Select(r => r.Diagnostics!.InterfaceHistogram!).ToList()))
            .ToList();
        if (histograms.Count > 0)
            written.Add(Draw(folder, $"interface_histograms_{tag}.png", p => StudyFigures.InterfaceHistograms(p, histograms, allRuns + " (summed)")));

        var curves = focus.Where(r => r.Run.TrainSize == largest && r.Diagnostics is { TrainingLosses.Count: > 0 })
            .GroupBy(r => r.Run.Model)
            .Select(g => g.OrderBy(r => r.Run.SeedIndex).First())
            .Select(r => new LearningCurve(r.Run.Model, r.Diagnostics!.TrainingLosses, r.Diagnostics.ValidationLosses))
            .ToList();
        if (curves.Count > 0)
        {
            string context = string.Create(CultureInfo.InvariantCulture, $"{dataset}, n = {largest}, first seed (0)");
            written.Add(Draw(folder, $"learning_curves_{tag}.png", p => StudyFigures.LearningCurves(p, curves, context)));
        }
        return written;
    }

    /// <summary>The first-seed run at <paramref name="size"/> of the model among <paramref name="models"/> with the highest mean r there.</summary>
    private static StudyRunResult? BestRun(List<StudyRunResult> runs, List<StudySummaryRow> summary, int size, HashSet<string> models)
    {
        StudySummaryRow? best = summary.Where(s => s.TrainSize == size && models.Contains(s.Model) && double.IsFinite(s.Pearson))
            .OrderByDescending(s => s.Pearson).FirstOrDefault();
        return best is null ? null : runs
            .Where(r => r.Run.Model == best.Model && r.Run.TrainSize == size && r.Predicted.Count > 0 && double.IsFinite(r.Scores.Pearson))
            .OrderBy(r => r.Run.SeedIndex).FirstOrDefault();
    }

    /// <summary>Sums histograms that share the first one's bin edges (the trainer bins over a fixed range).</summary>
    private static HistogramSeries SumHistograms(string label, List<InterfaceHistogram> histograms)
    {
        IReadOnlyList<double> edges = histograms[0].BinEdges;
        var counts = new double[histograms[0].Counts.Count];
        foreach (InterfaceHistogram h in histograms.Where(h => h.BinEdges.SequenceEqual(edges)))
        {
            for (int i = 0; i < counts.Length; i++)
                counts[i] += h.Counts[i];
        }
        return new HistogramSeries(label, edges, counts);
    }

    private static string Draw(string folder, string fileName, Action<string> draw)
    {
        string path = Path.Combine(folder, fileName);
        draw(path);
        return path;
    }

    /// <summary>A file-name-safe form of a data set name.</summary>
    /// <param name="name">The name.</param>
    /// <returns>Letters, digits, '-' and '_' only.</returns>
    public static string FileTag(string name)
        => new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
}
