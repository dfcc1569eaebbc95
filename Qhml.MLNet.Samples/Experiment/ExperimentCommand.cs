using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Qhml.MLNet.Data;
using Qhml.MLNet.Experiments;
using Qhml.MLNet.Samples.Cli;
using Qhml.MLNet.Study;
using Spectre.Console;

namespace Qhml.MLNet.Samples.Experiment;

/// <summary>
/// The <c>experiment</c> command: a Model Builder-style search over the hybrid and the built-in trainers on
/// one drug, with a live leaderboard; writes results.csv, leaderboard.csv, best-model.zip and best-so-far.png.
/// </summary>
public static class ExperimentCommand
{
    /// <summary>Builds the command (with its <c>merge</c> sub-command).</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var data = new Option<DirectoryInfo?>("--data") { Description = "Folder with the GDSC tidy CSVs (expression.csv, response.csv). Omitted: built-in synthetic data." };
        var drug = new Option<string?>("--drug") { Description = "Drug, exactly as in response.csv (e.g. Venetoclax). Default on synthetic data: the first drug." };
        var time = new Option<double>("--time") { Description = "Time budget of the search in seconds (> 0); the refit of the best pipeline comes after.", DefaultValueFactory = _ => 60 };
        var output = new Option<DirectoryInfo>("--out") { Description = "Output folder (created if needed).", DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("out", "experiment")) };
        var metric = new Option<ExperimentMetric>("--metric") { Description = "RSquared, RootMeanSquaredError or PearsonCorrelation.", DefaultValueFactory = _ => ExperimentMetric.RSquared };
        var folds = CliOptions.Int("--folds", "Cross-validation folds on the training lines.", 5, min: 2);
        var seed = CliOptions.Int("--seed", "Experiment seed (folds, proposals, trial seeds) and the train/test split.", 1, min: 0);
        var families = CliOptions.NameList("--families", $"Comma-separated trainer families. Default: all of {string.Join(", ", ExperimentFamilies.All.Select(f => f.Name))}.");
        var maxTrials = CliOptions.Int("--max-trials", "Trial limit (0: none, the time budget decides).", 0, min: 0);
        var parallel = CliOptions.Int("--parallel", "Trials trained at the same time (results do not depend on it).", 1, min: 1);
        var tuner = new Option<ExperimentTuner>("--tuner") { Description = "SuccessiveHalvingTpe or Random.", DefaultValueFactory = _ => ExperimentTuner.SuccessiveHalvingTpe };
        var shard = new Option<string?>("--shard") { Description = "Run shard i/N of the trial list (needs --max-trials); merge with 'experiment merge'. With the adaptive tuner a shard stops at each round it cannot plan: merge, copy the merged results.csv to every shard and --resume them." };
        var resume = new Option<bool>("--resume") { Description = "Continue from <out>/results.csv (same settings); trials in it are not run again." };
        var splitSeed = CliOptions.Int("--split-seed", "Seed of the train/test split (-1: the experiment seed), to vary the experiment seed on a fixed split.", -1, min: -1);
        var trainSize = CliOptions.Int("--train-size", "Training cell lines (seeded split; the rest is the test set scored by the refitted best). 0: all lines, no test set.", 0, min: 0);
        var ranges = new Option<string[]>("--range") { Description = "Narrow a searched range, Name=min..max (repeatable), e.g. NumberOfEpochs=9..243.", DefaultValueFactory = _ => [] };

        var command = new Command("experiment", "Search the hybrid's space beside the built-in trainers (Model Builder style): live leaderboard, best model, best-so-far plot.")
        {
            data, drug, time, output, metric, folds, seed, families, maxTrials, parallel, tuner, shard, resume, trainSize, splitSeed, ranges,
        };
        command.Subcommands.Add(ExperimentMergeCommand.Create());
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            var settings = new ExperimentSettings(
                parse.GetValue(data)?.FullName, parse.GetValue(drug), parse.GetValue(time), parse.GetValue(output)!.FullName,
                parse.GetValue(metric), parse.GetValue(folds), parse.GetValue(seed), parse.GetValue(families)!, parse.GetValue(maxTrials),
                parse.GetValue(parallel), parse.GetValue(tuner), parse.GetValue(shard), parse.GetValue(resume), parse.GetValue(trainSize), parse.GetValue(splitSeed),
                parse.GetValue(ranges)!.Select(RangeOverride.Parse).ToArray());
            return Run(AnsiConsole.Console, settings);
        }));
        return command;
    }

    private static int Run(IAnsiConsole console, ExperimentSettings s)
    {
        // Everything a user can get wrong is checked before data loading and training.
        if (!(s.TimeSeconds > 0) || !double.IsFinite(s.TimeSeconds))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--time must be a positive number of seconds; got {s.TimeSeconds}."));
        ExperimentShard shard = s.Shard is null ? ExperimentShard.All : ExperimentShard.Parse(s.Shard);
        if (shard.Count > 1 && s.MaxTrials == 0)
            throw new ArgumentException("--shard needs --max-trials: the shards split one fixed trial list.");
        IReadOnlyList<ExperimentFamily> families = s.Families.Length == 0 ? ExperimentFamilies.All : s.Families.Select(ExperimentFamilies.Find).ToArray();
        families = RangeOverride.Apply(families, s.Ranges);
        EnsureWritable(s.OutputFolder);

        GdscDataset gdsc = SampleData.Load(console, s.DataFolder);
        string drugName = s.Drug ?? (gdsc.IsSynthetic ? gdsc.DrugNames[0] : throw new ArgumentException("--drug is required with --data (e.g. --drug Venetoclax)."));
        StudyDataset dataset = StudyDataset.FromGdsc(gdsc, drugName);
        (int[] trainRows, int[] testRows) = s.TrainSize == 0 ? (Enumerable.Range(0, dataset.RowCount).ToArray(), Array.Empty<int>()) : dataset.Split(s.TrainSize, s.SplitSeed >= 0 ? s.SplitSeed : s.Seed);

        var ml = new MLContext(s.Seed);
        IDataView train = dataset.ToDataView(ml, trainRows);
        string resultsPath = Path.Combine(s.OutputFolder, "results.csv");
        var experiment = ml.CreateRegressionExperiment()
            .SetDataset(train, s.Folds)
            .SetPipeline(c => c.Transforms.NormalizeMeanVariance("Features"))
            .SetFamilies(families)
            .SetMetric(s.Metric)
            .SetTrainingTimeInSeconds(s.TimeSeconds)
            .SetSeed(s.Seed)
            .SetParallelTrials(s.Parallel)
            .SetTuner(s.Tuner)
            .SetShard(shard)
            .SetResultsFile(resultsPath, s.Resume);
        if (s.MaxTrials > 0)
            experiment.SetMaxTrials(s.MaxTrials);
        experiment.Validate();

        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"Experiment on {dataset.Name}: {trainRows.Length} training lines x {dataset.FeatureCount} genes, {s.Folds}-fold CV, {s.Metric}, {s.TimeSeconds:G} s, tuner {s.Tuner}, shard {shard}, families {string.Join(", ", families.Select(f => f.Name))}.")));
        var clock = Stopwatch.StartNew();
        ExperimentResult result = ExperimentLiveView.Run(console, experiment, s.Metric, s.TimeSeconds, s.MaxTrials);
        double totalSeconds = clock.Elapsed.TotalSeconds;
        // The budget bounds the search; the refit of the best pipeline follows it, so both are shown.
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"Search {totalSeconds - result.RefitSeconds:F1} s (budget {s.TimeSeconds:G} s), then the refit of the best pipeline on all {trainRows.Length} training lines {result.RefitSeconds:F1} s.")));

        if (shard.Count > 1 && s.Tuner != ExperimentTuner.Random && result.Trials.Count < s.MaxTrials)
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"Shard {shard} ran its part of the rounds it could plan ({result.Trials.Count} of {s.MaxTrials} trials known). To continue: 'experiment merge' the shards' results.csv, copy the merged file to every shard's --out as results.csv, and rerun every shard with --resume.")));
        ExperimentOutputs.WriteLeaderboard(Path.Combine(s.OutputFolder, "leaderboard.csv"), result.Leaderboard, s.Metric);
        ExperimentOutputs.WriteBestSoFar(Path.Combine(s.OutputFolder, "best-so-far.png"), result.Trials, s.Metric, $"{dataset.Name}: best {s.Metric} so far per family");
        if (result.BestTrial is null)
            throw new InvalidOperationException($"No trial succeeded; see the errors in {Path.Combine(s.OutputFolder, "leaderboard.csv")}.");
        string modelPath = Path.Combine(s.OutputFolder, "best-model.zip");
        result.SaveBestModel(ml, modelPath);
        console.MarkupLine(Markup.Escape($"Best: {result.BestTrial}"));
        if (testRows.Length >= 2)
        {
            float[] predicted = result.BestModel!.Transform(dataset.ToDataView(ml, testRows)).GetColumn<float>("Score").ToArray();
            RegressionScores scores = RegressionScores.Compute(ml, testRows.Select(dataset.GetLabel).ToArray(), predicted);
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"Refitted best on {testRows.Length} held-out test lines: Pearson r {scores.Pearson:F3}, R² {scores.RSquared:F3}, RMSE {scores.Rmse:F3}.")));
        }
        console.MarkupLine($"Wrote results.csv, leaderboard.csv, best-model.zip and best-so-far.png to [green]{Markup.Escape(s.OutputFolder)}[/].");
        return 0;
    }

    /// <summary>Fails before any training when the folder cannot be created or written.</summary>
    internal static void EnsureWritable(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            string probe = Path.Combine(folder, ".write-probe-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"--out '{folder}' is not writable: {e.Message}", e);
        }
    }

    private sealed record ExperimentSettings(string? DataFolder, string? Drug, double TimeSeconds, string OutputFolder, ExperimentMetric Metric,
        int Folds, int Seed, string[] Families, int MaxTrials, int Parallel, ExperimentTuner Tuner, string? Shard, bool Resume, int TrainSize, int SplitSeed,
        IReadOnlyList<RangeOverride> Ranges);
}
