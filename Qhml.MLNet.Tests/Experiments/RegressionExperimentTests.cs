using Microsoft.ML;
using Microsoft.ML.Data;
using Qhml.MLNet.Experiments;
using static Qhml.MLNet.Tests.Experiments.ExperimentTestData;

namespace Qhml.MLNet.Tests.Experiments;

public class RegressionExperimentTests
{
    [Fact]
    public async Task SameSeedAndTrialLimitGiveTheSameLeaderboardWhateverTheParallelism()
    {
        var ml = new MLContext(1);
        IDataView data = TinyData(ml);
        ExperimentResult one = await Experiment(ml, data).SetMaxTrials(10).SetParallelTrials(1).RunAsync();
        ExperimentResult three = await Experiment(ml, data).SetMaxTrials(10).SetParallelTrials(3).RunAsync();

        Assert.Equal(10, one.Trials.Count);
        AssertSameOutcomes(one.Trials, three.Trials);
        AssertSameOutcomes(one.Leaderboard, three.Leaderboard);
        // Every family was tried, successive halving promoted someone, and the folds give a spread.
        Assert.Equal(3, one.Trials.Select(t => t.Family).Distinct().Count());
        Assert.Contains(one.Trials, t => t.Rung > 0);
        Assert.All(one.Trials.Where(t => t.Status == TrialStatus.Succeeded), t => Assert.Equal(3, t.FoldMetrics.Count));
        Assert.Equal(one.BestTrial, one.Leaderboard[0]);
        // The refitted best model scores rows.
        float[] scores = one.BestModel!.Transform(data).GetColumn<float>("Score").ToArray();
        Assert.Equal(60, scores.Length);
        Assert.All(scores, s => Assert.True(float.IsFinite(s)));
    }

    [Fact]
    public async Task OnSyntheticDataTheExperimentBeatsTheDefaultHybrid()
    {
        var ml = new MLContext(1);
        IDataView data = TinyData(ml, rows: 90, seed: 11);
        // The default hybrid, scored on the same folds: the family with an empty space trains the trainer's defaults.
        ExperimentFamily defaults = ExperimentFamilies.QuantumHybrid.WithSearchSpace(new ExperimentSearchSpace([]), "DefaultHybrid");
        ExperimentResult baseline = await Experiment(ml, data).SetFamilies(defaults).SetMaxTrials(1).RunAsync();
        ExperimentResult tuned = await Experiment(ml, data)
            .SetFamilies(Narrowed(Qhml.MLNet.Hybrid.HybridHeadKind.Quantum, "QuantumHybrid", maxQubits: 8, maxLayers: 3, maxEpochs: 243), ExperimentFamilies.Sdca)
            .SetMaxTrials(24).SetParallelTrials(2).RunAsync();

        double defaultR2 = baseline.BestTrial!.MetricMean;
        Assert.True(tuned.BestTrial!.MetricMean > defaultR2 + 0.02,
            $"best {tuned.BestTrial} vs default hybrid R² {defaultR2}\n" + string.Join("\n", tuned.Leaderboard.Take(8)));
    }

    [Fact]
    public async Task AFailingTrialIsRecordedAndTheExperimentGoesOn()
    {
        var ml = new MLContext(1);
        var log = new List<string>();
        ml.Log += (_, e) =>
        {
            lock (log)
                log.Add(e.Message);
        };
        var failing = new FailingFamily();
        var progress = new CollectingProgress();
        ExperimentResult result = await Experiment(ml, TinyData(ml)).SetFamilies(failing, ExperimentFamilies.Sdca).SetMaxTrials(8).RunAsync(progress);

        Assert.Equal(8, result.Trials.Count);
        // Every trial was streamed to the progress sink and to MLContext.Log as it finished.
        Assert.Equal(result.Trials.Select(t => t.TrialId).Order(), progress.Trials.Select(t => t.TrialId).Order());
        Assert.Equal(8, log.Count(m => !m.Contains("Refitting", StringComparison.Ordinal) && (m.Contains(" Failing rung ", StringComparison.Ordinal) || m.Contains(" Sdca rung ", StringComparison.Ordinal))));
        Assert.Contains(log, m => m.Contains("Refitting the best trial", StringComparison.Ordinal));
        var failed = result.Trials.Where(t => t.Status == TrialStatus.Failed).ToArray();
        Assert.NotEmpty(failed);
        Assert.All(failed, t => Assert.Contains("deliberate failure", t.Error));
        Assert.All(failed, t => Assert.True(double.IsNaN(t.MetricMean)));
        Assert.Contains(result.Trials, t => t.Family == "Failing" && t.Status == TrialStatus.Succeeded);
        Assert.Equal(TrialStatus.Succeeded, result.BestTrial!.Status);
        Assert.Equal(TrialStatus.Failed, result.Leaderboard[^1].Status);
    }

    [Fact]
    public async Task CancellingKeepsFinishedTrialsAndResumeContinuesToTheSameLeaderboard()
    {
        var ml = new MLContext(1);
        IDataView data = TinyData(ml);
        string folder = TempFolder();
        ExperimentResult uninterrupted = await Experiment(ml, data).SetMaxTrials(9).RunAsync();

        string file = Path.Combine(folder, "results.csv");
        using var cts = new CancellationTokenSource();
        var first = Experiment(ml, data).SetMaxTrials(9).SetResultsFile(file);
        int seen = 0;
        first.TrialCompleted += (_, _) =>
        {
            if (Interlocked.Increment(ref seen) == 5)
                cts.Cancel();
        };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.RunAsync(cancellationToken: cts.Token));
        var kept = ExperimentResultsFile.Read(file).Trials;
        Assert.Equal(5, kept.Count);
        AssertSameOutcomes(uninterrupted.Trials.Where(t => kept.Any(k => k.TrialId == t.TrialId)).ToArray(), kept);

        var resumed = Experiment(ml, data).SetMaxTrials(9).SetResultsFile(file, resume: true);
        int ran = 0;
        resumed.TrialCompleted += (_, _) => Interlocked.Increment(ref ran);
        ExperimentResult result = await resumed.RunAsync();
        Assert.Equal(4, ran);
        AssertSameOutcomes(uninterrupted.Trials, result.Trials);
        AssertSameOutcomes(uninterrupted.Trials, ExperimentResultsFile.Read(file).Trials);
        Directory.Delete(folder, true);
    }

    [Fact]
    public async Task TwoShardsMergedGiveTheLeaderboardOfOneProcess()
    {
        var ml = new MLContext(1);
        IDataView data = TinyData(ml);
        string folder = TempFolder();
        RegressionExperiment Sharded(ExperimentShard shard, string file)
            => Experiment(ml, data).SetTuner(ExperimentTuner.Random).SetMaxTrials(8).SetShard(shard).SetResultsFile(Path.Combine(folder, file));

        ExperimentResult whole = await Sharded(ExperimentShard.All, "whole.csv").RunAsync();
        ExperimentResult s0 = await Sharded(ExperimentShard.Parse("0/2"), "s0.csv").RunAsync();
        ExperimentResult s1 = await Sharded(ExperimentShard.Parse("1/2"), "s1.csv").RunAsync();
        Assert.Equal([0, 2, 4, 6], s0.Trials.Select(t => t.TrialId));
        Assert.Equal([1, 3, 5, 7], s1.Trials.Select(t => t.TrialId));

        var merged = ExperimentResultsFile.Merge([Path.Combine(folder, "s0.csv"), Path.Combine(folder, "s1.csv")], Path.Combine(folder, "merged.csv"));
        AssertSameOutcomes(whole.Trials, merged);
        AssertSameOutcomes(whole.Leaderboard, ExperimentResult.Rank(merged, ExperimentMetric.RSquared));
        Directory.Delete(folder, true);
    }

    [Fact]
    public async Task AdaptiveShardsMergedRoundByRoundGiveTheLeaderboardOfOneProcess()
    {
        var ml = new MLContext(1);
        IDataView data = TinyData(ml);
        string folder = TempFolder();
        string[] files = [Path.Combine(folder, "s0.csv"), Path.Combine(folder, "s1.csv")];
        string mergedFile = Path.Combine(folder, "merged.csv");

        // The successive halving + TPE tuner (the default), rounds of 4: trials 0-3, 4-7, 8-9.
        ExperimentResult whole = await Experiment(ml, data).SetMaxTrials(10).RunAsync();
        IReadOnlyList<TrialResult> merged = [];
        int passes = 0;
        while (merged.Count < 10 && passes < 5)
        {
            passes++;
            for (int i = 0; i < 2; i++)
            {
                ExperimentResult shard = await Experiment(ml, data).SetMaxTrials(10).SetShard(new ExperimentShard(i, 2))
                    .SetResultsFile(files[i], resume: passes > 1).RunAsync();
                if (passes == 1) // the first round only: the second is proposed from all of the first's results
                    Assert.Equal(i == 0 ? [0, 2] : [1, 3], shard.Trials.Select(t => t.TrialId));
            }
            merged = ExperimentResultsFile.Merge(files, mergedFile);
            foreach (string file in files)
                File.Copy(mergedFile, file, overwrite: true);
        }

        Assert.Equal(3, passes); // one pass of both shards per round
        AssertSameOutcomes(whole.Trials, merged);
        AssertSameOutcomes(whole.Leaderboard, ExperimentResult.Rank(merged, ExperimentMetric.RSquared));
        Assert.Contains(merged, t => t.Rung > 0); // the tuner promoted configurations across the shards' rounds
        Directory.Delete(folder, true);
    }

    [Fact]
    public async Task TheTimeBudgetStopsTheSearch()
    {
        var ml = new MLContext(1);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        ExperimentResult result = await Experiment(ml, TinyData(ml)).SetTrainingTimeInSeconds(2).RunAsync();
        double searchSeconds = watch.Elapsed.TotalSeconds - result.RefitSeconds;
        Assert.NotEmpty(result.Trials);
        // Trials are cancelled at the deadline; the bound leaves room for a loaded machine.
        Assert.True(searchSeconds < 2 + 10, $"search took {searchSeconds:F1} s");
        Assert.All(result.Trials, t => Assert.True(t.FinishedAtSeconds <= 2.5, $"{t} finished after the budget"));
    }

    [Theory]
    [InlineData(3_000_000.0)] // 34.7 days: longer than one wait of int.MaxValue ms, which used to throw on the deadline's thread and end the process
    [InlineData(1e300)] // beyond TimeSpan: no limit in practice
    public async Task ABudgetOfDaysOrYearsLeavesTheTrialLimitInCharge(double seconds)
    {
        var ml = new MLContext(1);
        ExperimentResult result = await Experiment(ml, TinyData(ml)).SetFamilies(ExperimentFamilies.Sdca)
            .SetTrainingTimeInSeconds(seconds).SetMaxTrials(2).RunAsync();
        Assert.Equal(2, result.Trials.Count);
    }

    /// <summary>Collects reports synchronously (<see cref="Progress{T}"/> would post them later).</summary>
    private sealed class CollectingProgress : IProgress<TrialResult>
    {
        public List<TrialResult> Trials { get; } = [];

        public void Report(TrialResult value)
        {
            lock (Trials)
                Trials.Add(value);
        }
    }

    /// <summary>The Sdca family, but every trial whose L2 is below 1 throws.</summary>
    private sealed class FailingFamily() : ExperimentFamily("Failing", ExperimentFamilies.Sdca.SearchSpace, ExperimentFamilies.Sdca.FidelityParameter)
    {
        public override IEstimator<ITransformer> CreateTrainer(MLContext mlContext, TrialConfiguration configuration, TrialContext context)
            => (float)configuration[nameof(SdcaSearchOptions.L2Regularization)] < 1f
                ? throw new InvalidOperationException("deliberate failure")
                : ExperimentFamilies.Sdca.CreateTrainer(mlContext, configuration, context);

        public override ExperimentFamily WithSearchSpace(ExperimentSearchSpace searchSpace, string? name = null) => throw new NotSupportedException();
    }
}
