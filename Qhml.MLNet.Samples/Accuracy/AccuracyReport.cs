using System.Globalization;
using System.Text;
using Qhml.MLNet.Samples.Study;
using Qhml.MLNet.Study;

namespace Qhml.MLNet.Samples.Accuracy;

/// <summary>
/// Issue 11's table from a study's runs: mean test Pearson r per model and training size over every drug and
/// seed, paired differences of the default against every other model (mean, SE, wins), the default's
/// seed-to-seed SD, and each target met or not.
/// </summary>
public static class AccuracyReport
{
    /// <summary>Paired difference of two models over the runs they share (same drug, size and split).</summary>
    /// <param name="Mean">Mean of (model - other) test Pearson r.</param>
    /// <param name="StandardError">SE of that mean (SD / sqrt(pairs)).</param>
    /// <param name="Wins">Pairs where the model's r is higher.</param>
    /// <param name="Pairs">Number of pairs.</param>
    public sealed record PairedDifference(double Mean, double StandardError, int Wins, int Pairs)
    {
        /// <summary>"+0.012 (SE 0.004, 30/40)".</summary>
        /// <returns>Text.</returns>
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Math.Round(Mean, 3) + 0.0:+0.000;-0.000;0.000} (SE {StandardError:0.000}, {Wins}/{Pairs})");
    }

    /// <summary>Paired difference of test Pearson r, model minus other, at one size (or all sizes when null).</summary>
    /// <param name="runs">Every run.</param>
    /// <param name="model">The model.</param>
    /// <param name="other">The model compared with.</param>
    /// <param name="size">Training size, or null for all.</param>
    /// <returns>The difference.</returns>
    public static PairedDifference Paired(IReadOnlyList<StudyRunResult> runs, string model, string other, int? size = null)
    {
        var others = runs.Where(r => r.Run.Model == other && !r.Failed)
            .ToDictionary(r => (r.Run.Dataset, r.Run.TrainSize, r.Run.SeedIndex), r => r.Scores.Pearson);
        double[] diffs = runs.Where(r => r.Run.Model == model && !r.Failed && (size is null || r.Run.TrainSize == size))
            .Where(r => others.ContainsKey((r.Run.Dataset, r.Run.TrainSize, r.Run.SeedIndex)))
            .Select(r => r.Scores.Pearson - others[(r.Run.Dataset, r.Run.TrainSize, r.Run.SeedIndex)])
            .Where(double.IsFinite).ToArray();
        if (diffs.Length == 0)
            return new PairedDifference(double.NaN, double.NaN, 0, 0);
        double mean = diffs.Average();
        double sd = diffs.Length > 1 ? Math.Sqrt(diffs.Sum(d => (d - mean) * (d - mean)) / (diffs.Length - 1)) : double.NaN;
        return new PairedDifference(mean, sd / Math.Sqrt(diffs.Length), diffs.Count(d => d > 0), diffs.Length);
    }

    /// <summary>The Markdown report.</summary>
    /// <param name="runs">Every run of the table.</param>
    /// <param name="defaultModel">The default hybrid's name.</param>
    /// <param name="noQuantumTerm">The default's linear path alone.</param>
    /// <param name="classicalHead">The default with the classical head.</param>
    /// <param name="builtIns">The built-in references.</param>
    /// <returns>Markdown text.</returns>
    public static string Markdown(IReadOnlyList<StudyRunResult> runs, string defaultModel, string noQuantumTerm, string classicalHead, IReadOnlyList<string> builtIns)
    {
        ArgumentNullException.ThrowIfNull(runs);
        int[] sizes = runs.Select(r => r.Run.TrainSize).Distinct().Order().ToArray();
        string[] models = runs.Select(r => r.Run.Model).Distinct().ToArray();
        int drugs = runs.Select(r => r.Run.Dataset).Distinct().Count();
        int seeds = runs.Select(r => r.Run.SeedIndex).Distinct().Count();
        var text = new StringBuilder();
        string F(double v) => StudyReport.F(v);
        double MeanR(string m, int n) => runs.Where(r => r.Run.Model == m && r.Run.TrainSize == n && double.IsFinite(r.Scores.Pearson)).Select(r => r.Scores.Pearson).DefaultIfEmpty(double.NaN).Average();

        text.Append(CultureInfo.InvariantCulture, $"Mean test Pearson r over {drugs} drugs x {seeds} seeds per training size (same splits for every model); diverged / failed runs; mean seconds per run (training and scoring the test lines, {runs.Count} runs in total).\n\n");
        text.Append("| model |").Append(string.Concat(sizes.Select(n => $" n = {n} |"))).Append(" all | diverged | failed | s/run |\n");
        text.Append("| --- |").Append(string.Concat(sizes.Select(_ => " ---: |"))).Append(" ---: | ---: | ---: | ---: |\n");
        foreach (string m in models)
        {
            var mine = runs.Where(r => r.Run.Model == m).ToList();
            text.Append(CultureInfo.InvariantCulture, $"| {m} |");
            foreach (int n in sizes)
                text.Append(CultureInfo.InvariantCulture, $" {F(MeanR(m, n))} |");
            text.Append(CultureInfo.InvariantCulture,
                $" {F(mine.Where(r => double.IsFinite(r.Scores.Pearson)).Select(r => r.Scores.Pearson).DefaultIfEmpty(double.NaN).Average())} | {mine.Count(r => r.Diverged)} | {mine.Count(r => r.Failed)} | {mine.Average(r => r.Duration.TotalSeconds):0.00} |\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"\nPaired differences of test r, {defaultModel} minus each model: mean (SE, {defaultModel} wins / pairs).\n\n");
        text.Append("| minus |").Append(string.Concat(sizes.Select(n => $" n = {n} |"))).Append(" all |\n");
        text.Append("| --- |").Append(string.Concat(sizes.Select(_ => " ---: |"))).Append(" ---: |\n");
        foreach (string m in models.Where(m => m != defaultModel))
        {
            text.Append(CultureInfo.InvariantCulture, $"| {m} |");
            foreach (int n in sizes)
                text.Append(CultureInfo.InvariantCulture, $" {Paired(runs, defaultModel, m, n)} |");
            text.Append(CultureInfo.InvariantCulture, $" {Paired(runs, defaultModel, m)} |\n");
        }

        text.Append("\nTargets (issue 11):\n\n");
        foreach (int n in sizes)
        {
            string best = builtIns.MaxBy(b => MeanR(b, n))!;
            double gap = MeanR(defaultModel, n) - MeanR(best, n);
            text.Append(CultureInfo.InvariantCulture,
                $"- n = {n}: {defaultModel} {F(MeanR(defaultModel, n))} vs best built-in {best} {F(MeanR(best, n))}: {gap:+0.000;-0.000} -> {(gap >= -0.01 ? "met" : "NOT met")} (target >= -0.010).\n");
        }
        PairedDifference quantum = Paired(runs, defaultModel, classicalHead);
        text.Append(CultureInfo.InvariantCulture, $"- Quantum head vs classical head of matched size: {quantum} -> {(quantum.Mean >= 0 ? "met" : "NOT met")} (target: mean >= 0).\n");
        PairedDifference term = Paired(runs, defaultModel, noQuantumTerm);
        text.Append(CultureInfo.InvariantCulture, $"- What the hybrid term adds over the linear path alone: {term}.\n");
        int diverged = runs.Count(r => r.Run.Model == defaultModel && r.Diverged);
        text.Append(CultureInfo.InvariantCulture, $"- Diverged runs of {defaultModel}: {diverged} -> {(diverged == 0 ? "met" : "NOT met")} (target 0).\n");
        foreach (int n in sizes.Where(n => n >= 100))
        {
            double[] sds = runs.Where(r => r.Run.Model == defaultModel && r.Run.TrainSize == n && double.IsFinite(r.Scores.Pearson))
                .GroupBy(r => r.Run.Dataset).Select(g => Sd(g.Select(r => r.Scores.Pearson).ToArray())).Where(double.IsFinite).ToArray();
            if (sds.Length == 0)
                continue;
            text.Append(CultureInfo.InvariantCulture,
                $"- Seed-to-seed SD of r at n = {n}: mean over drugs {sds.Average():0.000}, largest {sds.Max():0.000} -> {(sds.Max() <= 0.03 ? "met" : sds.Average() <= 0.03 ? "met on average, NOT in every drug" : "NOT met")} (target <= 0.030).\n");
        }
        return text.ToString();
    }

    private static double Sd(double[] values)
    {
        if (values.Length < 2)
            return double.NaN;
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
    }
}
