using System.CommandLine;
using System.Globalization;
using Qhml.MLNet.Data;
using Qhml.MLNet.Samples.Cli;
using Qhml.MLNet.Samples.Study;
using Qhml.MLNet.Study;
using Spectre.Console;

namespace Qhml.MLNet.Samples.Accuracy;

/// <summary>The <c>accuracy</c> command: issue 11's table on the 8 study drugs, or (with <c>--inner-folds</c>) the training-lines-only research mode.</summary>
internal static class AccuracyCommand
{
    /// <summary>The 8 study drugs of issue 11: every choice is made on their training lines only.</summary>
    public static readonly string[] StudyDrugs = ["Venetoclax", "Navitoclax", "Sorafenib", "Afatinib", "Camptothecin", "5-Fluorouracil", "Taselisib", "Luminespib"];

    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "Folder with the GDSC tidy CSVs, e.g. ../shared/data/gdsc2.", Required = true };
        var drugs = CliOptions.NameList("--drugs", "Comma-separated drugs. Default: the 8 study drugs.");
        var sizes = CliOptions.IntList("--sizes", "Training sizes.", [.. StudyOptions.Defaults.TrainSizes], min: 2);
        var seeds = CliOptions.Int("--seeds", "Random splits per drug and size.", StudyOptions.Defaults.Seeds, min: 1);
        var models = CliOptions.NameList("--models", "Models (default: the table's seven).");
        var folds = CliOptions.Int("--inner-folds", "Research mode: score each model by K-fold cross-validation inside every split's training lines (test lines unread). 0: the table on test lines.", 0, min: 0);
        var output = new Option<DirectoryInfo>("--out") { Description = "Output folder.", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("out", "accuracy")) };
        var parallelism = CliOptions.Int("--parallelism", "Runs at the same time (results do not depend on it).", Environment.ProcessorCount, min: 1);
        var resume = new Option<bool>("--resume") { Description = "Continue from the per-split results files in <out>/runs (same settings): runs in them are not run again." };
        var command = new Command("accuracy", "Issue 11: the default hybrid against the previous default, its classical-head twin, its linear path alone, Sdca (L2 by inner CV), FastTree and LightGbm on the 8 study drugs, with paired differences.")
        {
            data, drugs, sizes, seeds, models, folds, output, parallelism, resume,
        };
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            IAnsiConsole console = AnsiConsole.Console;
            OutputPaths.CheckWritableFolder(parse.GetValue(output)!.FullName, "--out");
            GdscDataset gdsc = SampleData.Load(console, parse.GetValue(data)!.FullName);
            string[] drugNames = parse.GetValue(drugs) is { Length: > 0 } named ? named : StudyDrugs;
            string[] modelNames = parse.GetValue(models) ?? [];
            IReadOnlyList<ModelSpec> specs = modelNames.Length == 0 ? AccuracyModelSpecs.Table : StudyModels.Resolve(modelNames);
            var options = new StudyOptions
            {
                TrainSizes = parse.GetValue(sizes)!,
                Seeds = parse.GetValue(seeds),
                MaxDegreeOfParallelism = parse.GetValue(parallelism),
            };
            List<StudyDataset> datasets = drugNames.Select(d => StudyDataset.FromGdsc(gdsc, d)).ToList();
            string folder = parse.GetValue(output)!.FullName;
            Directory.CreateDirectory(folder);
            int k = parse.GetValue(folds);
            if (k > 0)
            {
                int total = datasets.Count * options.TrainSizes.Count * options.Seeds * specs.Count, done = 0;
                IReadOnlyList<InnerScore> scores = InnerValidation.Run(datasets, specs, options, k,
                    s => console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{++done}/{total} {s.Run.Dataset} n={s.Run.TrainSize} seed {s.Run.SeedIndex} {s.Run.Model}: inner r {s.Pearson:0.000} ({s.Seconds:0.0} s)")));
                InnerValidation.WriteCsv(Path.Combine(folder, "inner.csv"), scores);
                return 0;
            }
            // One split index at a time, the report rewritten after each: the table grows seed by seed, so a run
            // stopped early still leaves a complete table of the splits it finished (every model on each). Each split
            // index has its own append-only results file in runs/, so Ctrl+C or a kill loses only the runs in progress.
            bool resuming = parse.GetValue(resume);
            string runsFolder = Path.Combine(folder, "runs");
            if (!resuming && Directory.Exists(runsFolder) && Directory.EnumerateFiles(runsFolder, "*.csv").Any())
                throw new IOException($"'{runsFolder}' holds results files: add --resume to continue that run, or choose another --out. Nothing was computed.");
            Directory.CreateDirectory(runsFolder);
            string commandLine = string.Join(' ', parse.Tokens.Select(t => t.Value));
            using var stop = ConsoleCancellation.Listen();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var runs = new List<StudyRunResult>();
            string report = "";
            for (int seed = 0; seed < options.Seeds; seed++)
            {
                // The table needs no test predictions: leaving them out keeps each row (and the committed results.csv) small.
                var batch = new StudyOptions { TrainSizes = options.TrainSizes, Seeds = 1, FirstSeedIndex = seed, MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, KeepPredictions = false };
                var runner = new StudyRunner(datasets, specs, batch);
                using (StudyResultsFile file = StudyResultsFile.Open(Path.Combine(runsFolder, string.Create(CultureInfo.InvariantCulture, $"seed-{seed}.csv")), runner.Identity, resume: true))
                {
                    if (file.DroppedLine is not null)
                        console.WriteLine(file.DroppedLine);
                    try
                    {
                        runs.AddRange(StudyConsole.RunWithProgress(console, runner, file, null, stop.Token).Runs);
                    }
                    catch (OperationCanceledException) when (stop.Token.IsCancellationRequested)
                    {
                        file.Dispose();
                        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"Stopped: {runs.Count + file.Count} finished runs are kept in {runsFolder}; the runs in progress were abandoned. Resume with: {commandLine}{(resuming ? "" : " --resume")}"));
                        return ConsoleCancellation.ExitCode;
                    }
                }
                StudyResultsCsv.Write(Path.Combine(folder, StudyReport.ResultsFileName), runs);
                File.WriteAllText(Path.Combine(folder, StudyReport.SummaryFileName), StudyReport.SummaryMarkdown(new StudyResult(runs).Summarize()));
                string header = string.Create(CultureInfo.InvariantCulture,
                    $"command: {commandLine}\nsplits finished: {seed + 1} of {options.Seeds}, at (UTC) {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}; wall time {clock.Elapsed.TotalSeconds:0} s, {options.MaxDegreeOfParallelism} runs in parallel; {Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}\n\n");
                report = header + AccuracyReport.Markdown(runs, AccuracyModelSpecs.Default.Name, AccuracyModelSpecs.LinearPathOnly.Name,
                    AccuracyModelSpecs.DefaultClassical.Name, [AccuracyModelSpecs.SdcaCrossValidated.Name, BuiltInModelSpecs.FastTree.Name, BuiltInModelSpecs.LightGbm.Name]);
                File.WriteAllText(Path.Combine(folder, "accuracy.md"), report);
                AccuracyFigure.Write(Path.Combine(folder, AccuracyFigure.FileName), runs);
            }
            console.WriteLine(report);
            return 0;
        }));
        return command;
    }
}
