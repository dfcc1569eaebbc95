using System.Globalization;
using Qhml.MLNet.Study;
using Spectre.Console;

namespace Qhml.MLNet.Samples.Study;

/// <summary>The study on the console: a progress bar over the runs, then a model x size table per data set.</summary>
public static class StudyConsole
{
    /// <summary>Runs the study under a Spectre.Console progress bar.</summary>
    /// <param name="console">Where to draw.</param>
    /// <param name="runner">The planned study.</param>
    /// <param name="cancellationToken">Stops the study (see <see cref="StudyRunner.Run(Action{StudyRunResult}, CancellationToken)"/>).</param>
    /// <returns>The results.</returns>
    public static StudyResult RunWithProgress(IAnsiConsole console, StudyRunner runner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runner);
        return WithProgress(console, runner.Runs.Count, 0, progress => runner.Run(progress, cancellationToken));
    }

    /// <summary>
    /// Runs the runs <paramref name="resultsFile"/> does not hold yet under a progress bar that starts at the resumed
    /// runs, appending each finished run to the file.
    /// </summary>
    /// <param name="console">Where to draw.</param>
    /// <param name="runner">The planned study.</param>
    /// <param name="resultsFile">The open results file.</param>
    /// <param name="onRunRecorded">Called after each new run is in the file (serialized), or null.</param>
    /// <param name="cancellationToken">Stops the study (see <see cref="StudyRunner.RunWithResultsFile"/>).</param>
    /// <returns>The resumed and the new runs.</returns>
    public static StudyResult RunWithProgress(IAnsiConsole console, StudyRunner runner, StudyResultsFile resultsFile,
        Action<StudyRunResult>? onRunRecorded, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(resultsFile);
        return WithProgress(console, runner.Runs.Count, resultsFile.Resumed.Count, progress => runner.RunWithResultsFile(resultsFile, r =>
        {
            progress(r);
            onRunRecorded?.Invoke(r);
        }, cancellationToken));
    }

    private static StudyResult WithProgress(IAnsiConsole console, int total, int done, Func<Action<StudyRunResult>, StudyResult> run)
    {
        ArgumentNullException.ThrowIfNull(console);
        StudyResult? result = null;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask($"{total} runs", maxValue: total);
                task.Value = done;
                result = run(r =>
                {
                    task.Increment(1);
                    task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{r.Run.Model} n={r.Run.TrainSize} ({task.Value:0}/{total})"));
                });
            });
        return result!;
    }

    /// <summary>Draws one table per data set: rows are models, columns training sizes; each cell shows r ± SD, RMSE and warnings.</summary>
    /// <param name="console">Where to draw.</param>
    /// <param name="summary">The study's summary rows.</param>
    public static void WriteTables(IAnsiConsole console, IReadOnlyList<StudySummaryRow> summary)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(summary);
        foreach (IGrouping<string, StudySummaryRow> dataset in summary.GroupBy(s => s.Dataset))
        {
            int[] sizes = dataset.Select(s => s.TrainSize).Distinct().Order().ToArray();
            var table = new Table().Border(TableBorder.Rounded)
                .Title(Markup.Escape($"{dataset.Key}: test Pearson r ± SD over seeds, RMSE, interface saturation"));
            table.AddColumn("model");
            foreach (int size in sizes)
                table.AddColumn(new TableColumn($"n = {size}").RightAligned());
            foreach (IGrouping<string, StudySummaryRow> model in dataset.GroupBy(s => s.Model))
            {
                var cells = new List<string> { Markup.Escape(model.Key) };
                foreach (int size in sizes)
                {
                    StudySummaryRow? s = model.FirstOrDefault(m => m.TrainSize == size);
                    cells.Add(s is null ? "" : Cell(s));
                }
                table.AddRow(cells.ToArray());
            }
            console.Write(table);
        }
    }

    private static string Cell(StudySummaryRow s)
    {
        string text = $"{StudyReport.F(s.Pearson)}±{StudyReport.F(s.PearsonSd)}\nRMSE {StudyReport.F(s.Rmse)}";
        if (!double.IsNaN(s.SaturationFraction))
            text += $"\nsat {StudyReport.Percent(s.SaturationFraction)}";
        text = Markup.Escape(text);
        if (s.Diverged > 0)
            text += $"\n[yellow]{s.Diverged} diverged[/]";
        if (s.Failed > 0)
            text += $"\n[red]{s.Failed} failed[/]";
        return text;
    }
}
