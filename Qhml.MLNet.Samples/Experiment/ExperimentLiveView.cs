using System.Globalization;
using Qhml.MLNet.Experiments;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Qhml.MLNet.Samples.Experiment;

/// <summary>Runs an experiment under a live Spectre display: a progress bar (time or trials) over the top of the leaderboard.</summary>
internal static class ExperimentLiveView
{
    private const int ShownRows = 12;

    public static ExperimentResult Run(IAnsiConsole console, RegressionExperiment experiment, ExperimentMetric metric, double timeSeconds, int maxTrials)
    {
        var finished = new List<TrialResult>();
        experiment.TrialCompleted += (_, t) =>
        {
            lock (finished)
                finished.Add(t);
        };
        var started = DateTime.UtcNow;
        Task<ExperimentResult> run = experiment.RunAsync();
        console.Live(Render(finished, metric, 0, timeSeconds, maxTrials)).AutoClear(false).Start(ctx =>
        {
            while (!run.Wait(TimeSpan.FromMilliseconds(500)))
            {
                ctx.UpdateTarget(Render(finished, metric, (DateTime.UtcNow - started).TotalSeconds, timeSeconds, maxTrials));
                ctx.Refresh();
            }
            ctx.UpdateTarget(Render(finished, metric, (DateTime.UtcNow - started).TotalSeconds, timeSeconds, maxTrials));
        });
        return run.GetAwaiter().GetResult();
    }

    private static IRenderable Render(List<TrialResult> finished, ExperimentMetric metric, double elapsed, double timeSeconds, int maxTrials)
    {
        TrialResult[] trials;
        lock (finished)
            trials = finished.ToArray();
        double fraction = Math.Clamp(Math.Max(elapsed / timeSeconds, maxTrials > 0 ? (double)trials.Length / maxTrials : 0), 0, 1);
        int width = 40, filled = (int)Math.Round(fraction * width);
        string bar = string.Create(CultureInfo.InvariantCulture,
            $"[green]{new string('━', filled)}[/][grey]{new string('━', width - filled)}[/] {fraction:P0}  {Math.Min(elapsed, timeSeconds):F0}/{timeSeconds:F0} s  {trials.Length} trials{(maxTrials > 0 ? $" of {maxTrials}" : "")}  {trials.Count(t => t.Status == TrialStatus.Failed)} failed");

        var table = new Table().Border(TableBorder.Rounded).Title($"Leaderboard ({metric}, CV mean ± SD)");
        foreach (string column in new[] { "#", "trial", "family", "rung", "metric", "seconds", "status", "configuration" })
            table.AddColumn(column);
        var ranked = ExperimentResult.Rank(trials, metric);
        for (int i = 0; i < Math.Min(ShownRows, ranked.Count); i++)
        {
            TrialResult t = ranked[i];
            string value = t.Status == TrialStatus.Succeeded ? string.Create(CultureInfo.InvariantCulture, $"{t.MetricMean:F4} ± {t.MetricStandardDeviation:F3}") : "-";
            string configuration = t.Configuration.Length > 48 ? t.Configuration[..45] + "..." : t.Configuration;
            table.AddRow(Markup.Escape(I(i + 1)), Markup.Escape(I(t.TrialId)), Markup.Escape(t.Family), Markup.Escape(I(t.Rung)), Markup.Escape(value),
                Markup.Escape(t.TrainingSeconds.ToString("F1", CultureInfo.InvariantCulture)),
                t.Status == TrialStatus.Succeeded ? "[green]ok[/]" : "[red]failed[/]", Markup.Escape(configuration));
        }
        return new Rows(new Markup(bar), table);
    }

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
}
