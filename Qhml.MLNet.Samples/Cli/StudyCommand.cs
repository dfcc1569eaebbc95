using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Qhml.MLNet.Data;
using Qhml.MLNet.Experiments;
using Qhml.MLNet.Samples.Study;
using Qhml.MLNet.Study;
using Spectre.Console;

namespace Qhml.MLNet.Samples.Cli;

/// <summary>
/// The <c>study</c> command (with <c>study merge</c>), and the quick study run when the app gets no arguments.
/// Every finished run is appended to <c>results.csv</c> as it finishes; <c>--resume</c> continues from it, Ctrl+C
/// stops keeping it, <c>--shard i/N</c> runs a part of the run list.
/// </summary>
internal static class StudyCommand
{
    /// <summary>Drugs of the real-data study when none are named.</summary>
    private static readonly string[] DefaultRealDrugs = ["Venetoclax", "Sorafenib"];

    /// <summary>Histograms and learning curves: one curve per interface normalization (and the classical head) stays readable.</summary>
    internal static readonly IReadOnlyCollection<string> DiagnosticModels =
        [HybridModelSpecs.Classical.Name, .. HybridModelSpecs.Normalizations.Select(m => m.Name)];

    public static Command Create() => Create(hooks: null);

    /// <summary>Builds the command; <paramref name="hooks"/> replace Ctrl+C by a token and observe each recorded run (tests).</summary>
    internal static Command Create(StudyCommandHooks? hooks)
    {
        var data = new Option<DirectoryInfo?>("--data")
        {
            Description = "Folder with the GDSC tidy CSVs (expression.csv, response.csv), e.g. ../shared/data/gdsc2. Omitted: synthetic data from the built-in generator.",
        };
        var drugs = CliOptions.NameList("--drugs",
            "Comma-separated drug names, exactly as in response.csv (e.g. Venetoclax,Sorafenib). Default: Venetoclax,Sorafenib on real data, Drug001 on synthetic data.");
        var sizes = CliOptions.IntList("--sizes", "Comma-separated training sizes (cell lines); the test set is each drug's remaining cell lines.", [.. StudyOptions.Defaults.TrainSizes], min: 2);
        var seeds = CliOptions.Int("--seeds", "Random splits (and model seeds) per drug and size.", StudyOptions.Defaults.Seeds, min: 1);
        var models = CliOptions.NameList("--models",
            $"Comma-separated models to compare. Default: all of {string.Join(", ", StudyModels.All.Select(m => m.Name))}.");
        var output = new Option<DirectoryInfo>("--out")
        {
            Description = "Folder for results.csv, summary.md, run-info.txt and the PNG figures (created if needed).",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("out", "study")),
        };
        var parallelism = CliOptions.Int("--parallelism", "Runs trained at the same time (results do not depend on it). Default: the processor count.", Environment.ProcessorCount, min: 1);
        var baseSeed = CliOptions.Int("--base-seed", "Seed from which every split and model seed derives.", StudyOptions.Defaults.BaseSeed, min: 0);
        var resume = new Option<bool>("--resume") { Description = "Continue from <out>/results.csv (same settings): runs in it are not run again." };
        var shard = new Option<string?>("--shard") { Description = "Run shard i/N of the run list (runs whose index mod N is i); join the shards with 'study merge'." };

        var command = new Command("study", "Compare models on random train/test splits of drugs' cell lines over training sizes and seeds; write a CSV, a Markdown summary and figures.")
        {
            data, drugs, sizes, seeds, models, output, parallelism, baseSeed, resume, shard,
        };
        command.Subcommands.Add(StudyMergeCommand.Create());
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            IAnsiConsole console = hooks?.Console ?? AnsiConsole.Console;
            // Everything a user can get wrong is checked before the data are read.
            ExperimentShard part = parse.GetValue(shard) is { } text ? ExperimentShard.Parse(text) : ExperimentShard.All;
            string folder = parse.GetValue(output)!.FullName;
            OutputPaths.CheckWritableFolder(folder, "--out");
            bool resuming = parse.GetValue(resume);
            string resultsPath = Path.Combine(folder, StudyReport.ResultsFileName);
            if (!resuming && File.Exists(resultsPath))
                throw new IOException($"'{resultsPath}' exists: add --resume to continue that study, or choose another --out. Nothing was computed.");
            string[] modelNames = parse.GetValue(models) ?? [];
            IReadOnlyList<ModelSpec> specs = modelNames.Length == 0 ? StudyModels.Default : StudyModels.Resolve(modelNames);

            GdscDataset gdsc = SampleData.Load(console, parse.GetValue(data)?.FullName);
            string[] drugNames = parse.GetValue(drugs) is { Length: > 0 } named ? named
                : gdsc.IsSynthetic ? [gdsc.DrugNames[0]] : DefaultRealDrugs;
            var settings = new StudySettings(drugNames, specs,
                new StudyOptions
                {
                    TrainSizes = parse.GetValue(sizes)!,
                    Seeds = parse.GetValue(seeds),
                    MaxDegreeOfParallelism = parse.GetValue(parallelism),
                    BaseSeed = parse.GetValue(baseSeed),
                    Shard = part,
                },
                folder, resuming);
            string[] tokens = parse.Tokens.Select(t => t.Value.Contains(' ', StringComparison.Ordinal) ? $"\"{t.Value}\"" : t.Value).ToArray();
            string commandLine = string.Join(' ', tokens);
            string resumeCommand = resuming ? commandLine : commandLine + " --resume";
            if (hooks is not null)
                return Run(console, gdsc, settings, commandLine, resumeCommand, hooks.Token, hooks.OnRunRecorded);
            using var stop = ConsoleCancellation.Listen();
            return Run(console, gdsc, settings, commandLine, resumeCommand, stop.Token, null);
        }));
        return command;
    }

    /// <summary>The no-argument default: a small study on synthetic data that finishes in under a minute on 2 cores.</summary>
    public static int RunQuick()
        => CliErrors.Guard(() =>
        {
            IAnsiConsole console = AnsiConsole.Console;
            console.MarkupLine("[bold]Qhml.MLNet samples[/]: quick study on synthetic data (run with [blue]--help[/] for the commands).");
            string folder = Path.GetFullPath(Path.Combine("out", "study-synthetic"));
            OutputPaths.CheckWritableFolder(folder, "the output folder");
            File.Delete(Path.Combine(folder, StudyReport.ResultsFileName)); // the quick study always starts afresh
            GdscDataset gdsc = SampleData.Load(console, null);
            var settings = new StudySettings([gdsc.DrugNames[0]], StudyModels.Quick,
                new StudyOptions { TrainSizes = [50, 100], Seeds = 3 }, folder, Resume: false);
            using var stop = ConsoleCancellation.Listen();
            return Run(console, gdsc, settings, "(no arguments)", resumeCommand: null, stop.Token, null);
        });

    private sealed record StudySettings(string[] Drugs, IReadOnlyList<ModelSpec> Models, StudyOptions Options, string OutputFolder, bool Resume);

    private static int Run(IAnsiConsole console, GdscDataset gdsc, StudySettings settings, string commandLine, string? resumeCommand,
        CancellationToken cancellationToken, Action<StudyRunResult>? onRunRecorded)
    {
        List<StudyDataset> datasets = settings.Drugs.Select(d => StudyDataset.FromGdsc(gdsc, d)).ToList();
        var runner = new StudyRunner(datasets, settings.Models, settings.Options);
        string resultsPath = Path.Combine(settings.OutputFolder, StudyReport.ResultsFileName);
        StudyResultsFile file = StudyResultsFile.Open(resultsPath, runner.Identity, settings.Resume);
        StudyResult result;
        var clock = Stopwatch.StartNew();
        using (file)
        {
            if (file.DroppedLine is not null)
                console.MarkupLine($"[yellow]{Markup.Escape(file.DroppedLine)}[/]");
            string shard = settings.Options.Shard.Count > 1 ? $", shard {settings.Options.Shard} of the run list" : "";
            console.MarkupLine(Markup.Escape(
                $"{runner.Runs.Count} runs{shard}: {datasets.Count} drug(s) [{string.Join(", ", datasets.Select(d => $"{d.Name} ({d.RowCount} lines)"))}] x sizes [{string.Join(", ", settings.Options.TrainSizes)}] x {settings.Options.Seeds} seeds x {settings.Models.Count} models, {settings.Options.MaxDegreeOfParallelism} in parallel."));
            if (file.Resumed.Count > 0)
                console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"Resuming: {file.Resumed.Count} of the {runner.Runs.Count} runs are in {resultsPath}; running the other {runner.Runs.Count - file.Resumed.Count}.")));
            try
            {
                result = StudyConsole.RunWithProgress(console, runner, file, onRunRecorded, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                file.Dispose(); // waits for a row being written; nothing is appended after this
                console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"Stopped: {file.Count} of {runner.Runs.Count} runs are finished and kept in {resultsPath}; the runs in progress were abandoned.")));
                console.MarkupLine(resumeCommand is null ? "Run again to start afresh."
                    : $"Resume with: [blue]{Markup.Escape(resumeCommand)}[/]");
                return ConsoleCancellation.ExitCode;
            }
        }
        clock.Stop();
        StudyConsole.WriteTables(console, result.Summarize());

        IReadOnlyList<string> written = StudyReport.Write(settings.OutputFolder, result, runner.Identity, DiagnosticModels);
        string info = Path.Combine(settings.OutputFolder, "run-info.txt");
        File.WriteAllText(info, string.Create(CultureInfo.InvariantCulture,
            $"""
            command: {commandLine}
            data: {gdsc.Source}
            study: {runner.Identity}
            shard: {settings.Options.Shard}
            finished (UTC): {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}
            wall time: {clock.Elapsed.TotalSeconds:0.0} s for {runner.Runs.Count - file.Resumed.Count} runs ({file.Resumed.Count} more resumed from results.csv), {settings.Options.MaxDegreeOfParallelism} in parallel
            machine: {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}

            """));
        int failed = result.Runs.Count(r => r.Failed);
        if (failed > 0)
            console.MarkupLine($"[red]{failed} run(s) failed[/]; the error of each is in results.csv (column 'error'). First: {Markup.Escape(result.Runs.First(r => r.Failed).Error!)}");
        console.MarkupLine($"Finished in {clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s. Outputs in [green]{Markup.Escape(settings.OutputFolder)}[/]:");
        foreach (string path in written.Append(info))
            console.MarkupLine($"  {Markup.Escape(Path.GetFileName(path))}");
        return 0;
    }
}

/// <summary>What a test puts in place of Ctrl+C and the terminal: a token, an observer called after each run is in the results file, a console.</summary>
/// <param name="Token">Stops the study like Ctrl+C.</param>
/// <param name="OnRunRecorded">Called after each new run is recorded (serialized), or null.</param>
/// <param name="Console">Where the command writes.</param>
internal sealed record StudyCommandHooks(CancellationToken Token, Action<StudyRunResult>? OnRunRecorded, IAnsiConsole Console);
