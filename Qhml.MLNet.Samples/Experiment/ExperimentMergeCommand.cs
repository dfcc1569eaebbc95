using System.CommandLine;
using Qhml.MLNet.Experiments;
using Qhml.MLNet.Samples.Cli;
using Spectre.Console;

namespace Qhml.MLNet.Samples.Experiment;

/// <summary>
/// <c>experiment merge</c>: joins the results files of the shards of one experiment into one results.csv,
/// leaderboard.csv and best-so-far.png. Resume the merged folder with the same settings to refit and save the best model.
/// </summary>
internal static class ExperimentMergeCommand
{
    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("results") { Description = "The shards' results.csv files.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for the merged results.csv, leaderboard.csv and best-so-far.png.", Required = true };
        var command = new Command("merge", "Merge the results files of an experiment's shards into one leaderboard.") { files, output };
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            string folder = parse.GetValue(output)!.FullName;
            ExperimentCommand.EnsureWritable(folder);
            string mergedPath = Path.Combine(folder, "results.csv");
            var merged = ExperimentResultsFile.Merge(parse.GetValue(files)!.Select(f => f.FullName).ToArray(), mergedPath);
            ExperimentMetric m = MetricOf(ExperimentResultsFile.Read(mergedPath).Identity);
            ExperimentOutputs.WriteLeaderboard(Path.Combine(folder, "leaderboard.csv"), ExperimentResult.Rank(merged, m), m);
            ExperimentOutputs.WriteBestSoFar(Path.Combine(folder, "best-so-far.png"), merged, m, $"Merged shards: best {m} so far per family");
            AnsiConsole.MarkupLine(Markup.Escape($"Merged {merged.Count} trials into {folder}. Best: {ExperimentResult.Rank(merged, m).FirstOrDefault()}"));
            return 0;
        }));
        return command;
    }

    // The identity line names the metric ("...;metric=RSquared;...").
    private static ExperimentMetric MetricOf(string identity)
    {
        string? part = identity.Split(';').FirstOrDefault(p => p.StartsWith("metric=", StringComparison.Ordinal));
        return part is not null && Enum.TryParse(part["metric=".Length..], out ExperimentMetric metric) ? metric
            : throw new FormatException($"The results files do not name their metric: '{identity}'.");
    }
}
