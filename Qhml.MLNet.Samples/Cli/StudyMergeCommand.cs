using System.CommandLine;
using Qhml.MLNet.Samples.Study;
using Qhml.MLNet.Study;
using Spectre.Console;

namespace Qhml.MLNet.Samples.Cli;

/// <summary>
/// <c>study merge</c>: joins the results files of the shards of one study into one results.csv (in run order) and
/// writes its summary and figures. Shards of studies with other settings are refused.
/// </summary>
internal static class StudyMergeCommand
{
    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("results") { Description = "The shards' results.csv files.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for the merged results.csv, summary.md and figures.", Required = true };
        var command = new Command("merge", "Merge the results files of a study's shards into one results.csv, summary and figures.") { files, output };
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            string folder = parse.GetValue(output)!.FullName;
            OutputPaths.CheckWritableFolder(folder, "--out");
            string mergedPath = Path.Combine(folder, StudyReport.ResultsFileName);
            StudyResultsFileContent merged = StudyResultsFile.Merge(parse.GetValue(files)!.Select(f => f.FullName).ToArray(), mergedPath);
            var result = new StudyResult(merged.Runs);
            IReadOnlyList<string> written = StudyReport.WriteReports(folder, result, StudyCommand.DiagnosticModels);
            StudyConsole.WriteTables(AnsiConsole.Console, result.Summarize());
            AnsiConsole.MarkupLine(Markup.Escape($"Merged {merged.Runs.Count} runs into {mergedPath}; also wrote {string.Join(", ", written.Select(Path.GetFileName))}."));
            return 0;
        }));
        return command;
    }
}
