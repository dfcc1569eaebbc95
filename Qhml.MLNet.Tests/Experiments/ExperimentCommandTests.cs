using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Qhml.MLNet.Data;
using Qhml.MLNet.Experiments;
using Qhml.MLNet.Samples.Cli;
using Qhml.MLNet.Samples.Experiment;
using Qhml.MLNet.Study;
using Qhml.MLNet.Tests.FreshProcess;

namespace Qhml.MLNet.Tests.Experiments;

public sealed class ExperimentCommandTests : IDisposable
{
    private static readonly string[] Small = ["--families", "Sdca,FastTree", "--range", "NumberOfTrees=9..27", "--train-size", "60", "--folds", "3", "--time", "300"];

    private readonly string _folder = Directory.CreateTempSubdirectory("qhml-experiment-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static int Cli(params string[] args) => SamplesCli.Create().Parse(args).Invoke();

    [Fact]
    public void WritesTheLeaderboardThePlotAndABestModelThatLoadsInAFreshProcess()
    {
        string output = Path.Combine(_folder, "run");
        Assert.Equal(0, Cli(["experiment", "--out", output, "--max-trials", "6", .. Small]));

        string[] leaderboard = File.ReadAllLines(Path.Combine(output, "leaderboard.csv"));
        Assert.Equal(ExperimentOutputs.LeaderboardHeader, leaderboard[0]);
        Assert.Equal(7, leaderboard.Length);
        Assert.StartsWith("1,", leaderboard[1]);
        Assert.True(new FileInfo(Path.Combine(output, "best-so-far.png")).Length > 10_000);
        Assert.Equal(6, ExperimentResultsFile.Read(Path.Combine(output, "results.csv")).Trials.Count);

        // The saved best pipeline scores the same in a process that never referenced the experiment.
        var ml = new MLContext(0);
        StudyDataset drug = StudyDataset.FromGdsc(SyntheticGdscGenerator.Generate(), "Drug001");
        IDataView rows = drug.ToDataView(ml, Enumerable.Range(0, 20).ToArray());
        string model = Path.Combine(output, "best-model.zip");
        float[] expected = ml.Model.Load(model, out _).Transform(rows).GetColumn<float>("Score").ToArray();
        var fresh = FreshProcessScoring.Run(ml, model, rows);
        Assert.Equal(expected, fresh.Output.GetColumn<float>("Score").ToArray());
    }

    [Fact]
    public void TwoShardProcessesMergedGiveTheLeaderboardOfOneProcess()
    {
        string[] common = ["experiment", "--tuner", "Random", "--max-trials", "6", .. Small];
        Assert.Equal(0, Cli([.. common, "--out", Path.Combine(_folder, "whole")]));

        // Two real processes, as a scheduler would start them, at the same time.
        var shards = Enumerable.Range(0, 2).Select(i => DotnetProcess.Start(typeof(SamplesCli).Assembly, [.. common, "--shard", $"{i}/2", "--out", Path.Combine(_folder, $"shard{i}")])).ToArray();
        foreach (DotnetProcess shard in shards)
        {
            using (shard)
            {
                var (exitCode, output, error) = shard.WaitForExit(TimeSpan.FromMinutes(5));
                Assert.True(exitCode == 0, output + error);
            }
        }
        Assert.Equal(0, Cli("experiment", "merge", "--out", Path.Combine(_folder, "merged"),
            Path.Combine(_folder, "shard0", "results.csv"), Path.Combine(_folder, "shard1", "results.csv")));

        var whole = ExperimentResultsFile.Read(Path.Combine(_folder, "whole", "results.csv"));
        var merged = ExperimentResultsFile.Read(Path.Combine(_folder, "merged", "results.csv"));
        Assert.Equal(whole.Identity, merged.Identity);
        ExperimentTestData.AssertSameOutcomes(whole.Trials, merged.Trials);
        // Same ranking, trial by trial (the timing columns differ).
        string[] Ranking(string folder) => File.ReadAllLines(Path.Combine(_folder, folder, "leaderboard.csv")).Select(l => string.Join(',', l.Split(',').Take(8))).ToArray();
        Assert.Equal(Ranking("whole"), Ranking("merged"));
    }

    [Theory]
    [InlineData("--families", "XGBoost")]
    [InlineData("--time", "0")]
    [InlineData("--time", "-3")]
    [InlineData("--range", "NoSuchOption=1..2")]
    [InlineData("--shard", "2/2")]
    public void BadInputFailsBeforeAnyTrial(string option, string value)
    {
        string output = Path.Combine(_folder, "bad");
        Assert.Equal(1, Cli("experiment", "--out", output, "--max-trials", "2", option, value));
        Assert.False(File.Exists(Path.Combine(output, "results.csv")));
    }

    [Fact]
    public void AnUnwritableOutFolderFailsBeforeAnyTraining()
    {
        string blocker = Path.Combine(_folder, "not-a-folder");
        File.WriteAllText(blocker, "");
        var watch = Stopwatch.StartNew();
        Assert.Equal(1, Cli("experiment", "--out", Path.Combine(blocker, "out"), "--max-trials", "2"));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "failed only after training");
    }
}
