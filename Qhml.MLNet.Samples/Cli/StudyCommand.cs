using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Qhml.MLNet.Data;
using Qhml.MLNet.Samples.Study;
using Qhml.MLNet.Study;
using Spectre.Console;

namespace Qhml.MLNet.Samples.Cli;

/// <summary>The <c>study</c> command, and the quick study run when the app gets no arguments.</summary>
internal static class StudyCommand
{
    /// <summary>Drugs of the real-data study when none are named.</summary>
    private static readonly string[] DefaultRealDrugs = ["Venetoclax", "Sorafenib"];

    public static Command Create()
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

        var command = new Command("study", "Compare models on random train/test splits of drugs' cell lines over training sizes and seeds; write a CSV, a Markdown summary and figures.")
        {
            data, drugs, sizes, seeds, models, output, parallelism, baseSeed,
        };
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            IAnsiConsole console = AnsiConsole.Console;
            OutputPaths.CheckWritableFolder(parse.GetValue(output)!.FullName, "--out");
            GdscDataset gdsc = SampleData.Load(console, parse.GetValue(data)?.FullName);
            string[] drugNames = parse.GetValue(drugs) is { Length: > 0 } named ? named
                : gdsc.IsSynthetic ? [gdsc.DrugNames[0]] : DefaultRealDrugs;
            string[] modelNames = parse.GetValue(models) ?? [];
            var settings = new StudySettings(
                drugNames,
                modelNames.Length == 0 ? StudyModels.Default : StudyModels.Resolve(modelNames),
                new StudyOptions
                {
                    TrainSizes = parse.GetValue(sizes)!,
                    Seeds = parse.GetValue(seeds),
                    MaxDegreeOfParallelism = parse.GetValue(parallelism),
                    BaseSeed = parse.GetValue(baseSeed),
                },
                parse.GetValue(output)!.FullName);
            return Run(console, gdsc, settings, string.Join(' ', parse.Tokens.Select(t => t.Value)));
        }));
        return command;
    }

    /// <summary>The no-argument default: a small study on synthetic data that finishes in under a minute on 2 cores.</summary>
    public static int RunQuick()
        => CliErrors.Guard(() =>
        {
            IAnsiConsole console = AnsiConsole.Console;
            console.MarkupLine("[bold]Qhml.MLNet samples[/]: quick study on synthetic data (run with [blue]--help[/] for the commands).");
            GdscDataset gdsc = SampleData.Load(console, null);
            var settings = new StudySettings([gdsc.DrugNames[0]], StudyModels.Quick,
                new StudyOptions { TrainSizes = [50, 100], Seeds = 3 },
                Path.GetFullPath(Path.Combine("out", "study-synthetic")));
            return Run(console, gdsc, settings, "(no arguments)");
        });

    private sealed record StudySettings(string[] Drugs, IReadOnlyList<ModelSpec> Models, StudyOptions Options, string OutputFolder);

    private static int Run(IAnsiConsole console, GdscDataset gdsc, StudySettings settings, string commandLine)
    {
        List<StudyDataset> datasets = settings.Drugs.Select(d => StudyDataset.FromGdsc(gdsc, d)).ToList();
        var runner = new StudyRunner(datasets, settings.Models, settings.Options);
        console.MarkupLine(Markup.Escape(
            $"{runner.Runs.Count} runs: {datasets.Count} drug(s) [{string.Join(", ", datasets.Select(d => $"{d.Name} ({d.RowCount} lines)"))}] x sizes [{string.Join(", ", settings.Options.TrainSizes)}] x {settings.Options.Seeds} seeds x {settings.Models.Count} models, {settings.Options.MaxDegreeOfParallelism} in parallel."));

        var clock = Stopwatch.StartNew();
        StudyResult result = StudyConsole.RunWithProgress(console, runner);
        clock.Stop();
        StudyConsole.WriteTables(console, result.Summarize());

        // Histograms and learning curves: one curve per interface normalization (and the classical head) stays readable.
        IReadOnlyList<string> written = StudyReport.Write(settings.OutputFolder, result,
            [HybridModelSpecs.Classical.Name, .. HybridModelSpecs.Normalizations.Select(m => m.Name)]);
        string info = Path.Combine(settings.OutputFolder, "run-info.txt");
        File.WriteAllText(info, string.Create(CultureInfo.InvariantCulture,
            $"""
            command: {commandLine}
            data: {gdsc.Source}
            finished (UTC): {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}
            wall time: {clock.Elapsed.TotalSeconds:0.0} s for {runner.Runs.Count} runs, {settings.Options.MaxDegreeOfParallelism} in parallel
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
