using Microsoft.ML;
using Microsoft.ML.Trainers;
using Qhml.MLNet.Experiments;
using Qhml.MLNet.Samples.Study;
using Qhml.MLNet.Study;

namespace Qhml.MLNet.Tests.Study;

/// <summary>The study's append-only results file: resume after a stop, a torn last row, other settings, shards.</summary>
public sealed class StudyResultsFileTests : IDisposable
{
    private static readonly ModelSpec Sdca = new("Sdca", (ml, run) =>
        ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { NumberOfThreads = 1, MaximumNumberOfIterations = 20 }));

    // A hybrid, so the rows carry losses, the interface histogram and predictions through the file.
    private static readonly ModelSpec Hybrid = HybridModelSpecs.Create("QHML-Tiny", o => { o.HiddenLayers = [3]; o.NumberOfQubits = 2; o.NumberOfLayers = 1; o.NumberOfEpochs = 4; });

    private static readonly StudyDataset Data = StudyTestData.Linear("lin", rows: 50, features: 5, seed: 7);

    private readonly string _folder = Directory.CreateTempSubdirectory("qhml-study-file-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static StudyRunner Runner(int[]? sizes = null, ExperimentShard? shard = null, StudyDataset? data = null)
        => new([data ?? Data], [Sdca, Hybrid], new StudyOptions
        {
            TrainSizes = sizes ?? [15, 25],
            Seeds = 2,
            MaxDegreeOfParallelism = 2,
            Shard = shard ?? ExperimentShard.All,
        });

    private string File(string name) => Path.Combine(_folder, name);

    /// <summary>The whole study in one go, as the final file (run order).</summary>
    private string Uninterrupted()
    {
        StudyRunner runner = Runner();
        string path = File("whole.csv");
        StudyResult result;
        using (StudyResultsFile file = StudyResultsFile.Open(path, runner.Identity, resume: false))
            result = runner.RunWithResultsFile(file);
        StudyResultsFile.Write(path, runner.Identity, result.Runs);
        return path;
    }

    [Fact]
    public void AStudyStoppedAfterThreeRunsKeepsThemAndItsResumeEndsWithTheRowsOfAnUninterruptedStudy()
    {
        string whole = Uninterrupted();
        StudyRunner runner = Runner();
        Assert.Equal(8, runner.Runs.Count);
        string path = File("stopped.csv");

        using (var stop = new CancellationTokenSource())
        using (StudyResultsFile file = StudyResultsFile.Open(path, runner.Identity, resume: false))
        {
            int recorded = 0;
            Assert.ThrowsAny<OperationCanceledException>(() => runner.RunWithResultsFile(file, _ => { if (++recorded == 3) stop.Cancel(); }, stop.Token));
            Assert.Equal(3, file.Count);
        }
        StudyResultsFileContent kept = StudyResultsFile.Read(path);
        Assert.Equal(3, kept.Runs.Count); // the run in flight when the token fired was abandoned, not written
        Assert.Null(kept.DroppedLine);
        StudyResultsFileContent reference = StudyResultsFile.Read(whole);
        Assert.All(kept.Runs, r => Assert.True(StudyResultsFile.SameOutcome(r, reference.Runs.Single(w => w.Run == r.Run)), $"{r.Run} differs"));

        int rerun = 0;
        StudyResult resumed;
        using (StudyResultsFile file = StudyResultsFile.Open(path, runner.Identity, resume: true))
        {
            Assert.Equal(3, file.Resumed.Count);
            resumed = runner.RunWithResultsFile(file, _ => rerun++);
        }
        Assert.Equal(5, rerun);
        Assert.Equal(runner.Runs, resumed.Runs.Select(r => r.Run));
        StudyResultsFile.Write(path, runner.Identity, resumed.Runs);
        Assert.Equal(StudyTestData.RowsWithoutTime(whole), StudyTestData.RowsWithoutTime(path));
        // Real numbers, read back exactly: the linear signal is found, and the hybrid's diagnostics survive the file.
        Assert.All(resumed.Runs.Where(r => r.Run.Model == "Sdca" && r.Run.TrainSize == 25), r => Assert.True(r.Scores.Pearson > 0.8, $"r = {r.Scores.Pearson}"));
        Assert.All(resumed.Runs.Where(r => r.Run.Model == "QHML-Tiny"), r =>
        {
            Assert.Equal(4, r.Diagnostics!.TrainingLosses.Count);
            Assert.True(r.Diagnostics.InterfaceHistogram!.Counts.Sum() > 0);
            Assert.Equal(50 - r.Run.TrainSize, r.Predicted.Count);
        });
    }

    [Fact]
    public void ATornLastRowIsDroppedWithAMessageCutOffAndRunAgain()
    {
        string whole = Uninterrupted();
        string path = File("torn.csv");
        byte[] bytes = System.IO.File.ReadAllBytes(whole);
        int lastRowStart = Array.LastIndexOf(bytes, (byte)'\n', bytes.Length - 2) + 1;
        System.IO.File.WriteAllBytes(path, bytes[..(lastRowStart + 40)]); // killed 40 bytes into the last row

        StudyResultsFileContent read = StudyResultsFile.Read(path);
        Assert.Equal(7, read.Runs.Count);
        Assert.Contains("line 10, 40 bytes) has no line end", read.DroppedLine);
        Assert.Contains("It was dropped; that run will be run again.", read.DroppedLine);

        StudyRunner runner = Runner();
        int rerun = 0;
        StudyResult resumed;
        using (StudyResultsFile file = StudyResultsFile.Open(path, runner.Identity, resume: true))
        {
            Assert.NotNull(file.DroppedLine);
            Assert.Equal(lastRowStart, new FileInfo(path).Length); // the fragment is cut off before anything is appended
            resumed = runner.RunWithResultsFile(file, _ => rerun++);
        }
        Assert.Equal(1, rerun);
        StudyResultsFileContent appended = StudyResultsFile.Read(path);
        Assert.Equal(8, appended.Runs.Count);
        Assert.Null(appended.DroppedLine);
        StudyResultsFile.Write(path, runner.Identity, resumed.Runs);
        Assert.Equal(StudyTestData.RowsWithoutTime(whole), StudyTestData.RowsWithoutTime(path));
    }

    [Fact]
    public void AMalformedCompleteRowIsAnErrorNamingItsLineNotATornRow()
    {
        string path = Uninterrupted();
        string[] lines = System.IO.File.ReadAllLines(path);
        lines[4] = lines[4].Replace(",false,", ",maybe,", StringComparison.Ordinal);
        System.IO.File.WriteAllText(path, string.Join('\n', lines) + "\n");

        var error = Assert.Throws<FormatException>(() => StudyResultsFile.Read(path));
        Assert.Contains("line 5: column 'diverged': 'maybe' is not true or false.", error.Message);
    }

    [Fact]
    public void AResumeWithOtherSettingsIsRefusedNamingWhatDiffers()
    {
        string path = Uninterrupted();
        long length = new FileInfo(path).Length;

        var sizes = Assert.Throws<InvalidOperationException>(() => StudyResultsFile.Open(path, Runner(sizes: [15, 30]).Identity, resume: true));
        Assert.Contains("belongs to a study with other settings (sizes: file 15|25, now 15|30)", sizes.Message);
        var data = Assert.Throws<InvalidOperationException>(() => StudyResultsFile.Open(path, Runner(data: StudyTestData.Linear("lin", rows: 50, features: 5, seed: 8)).Identity, resume: true));
        Assert.Contains("(data: file 50x5#", data.Message);
        var exists = Assert.Throws<InvalidOperationException>(() => StudyResultsFile.Open(path, Runner().Identity, resume: false));
        Assert.Contains("exists. Resume it (--resume), or choose another output folder.", exists.Message);
        Assert.Equal(length, new FileInfo(path).Length);
    }

    [Fact]
    public void TwoShardsMergedGiveTheRowsOfOneProcessAndShardsOfOtherSettingsAreRefused()
    {
        string whole = Uninterrupted();
        string[] shards = new string[2];
        for (int i = 0; i < 2; i++)
        {
            StudyRunner runner = Runner(shard: new ExperimentShard(i, 2));
            Assert.Equal(4, runner.Runs.Count);
            shards[i] = File($"shard{i}.csv");
            using StudyResultsFile file = StudyResultsFile.Open(shards[i], runner.Identity, resume: false);
            runner.RunWithResultsFile(file);
        }
        Assert.Empty(StudyResultsFile.Read(shards[0]).Runs.Select(r => r.Run).Intersect(StudyResultsFile.Read(shards[1]).Runs.Select(r => r.Run)));

        StudyResultsFileContent merged = StudyResultsFile.Merge([shards[1], shards[0]], File("merged.csv"));

        Assert.Equal(Runner().Runs, merged.Runs.Select(r => r.Run));
        Assert.Equal(StudyTestData.RowsWithoutTime(whole), StudyTestData.RowsWithoutTime(File("merged.csv")));

        string other = File("other.csv");
        StudyRunner otherRunner = Runner(sizes: [15, 30], shard: new ExperimentShard(1, 2));
        using (StudyResultsFile file = StudyResultsFile.Open(other, otherRunner.Identity, resume: false))
            otherRunner.RunWithResultsFile(file);
        var refused = Assert.Throws<ArgumentException>(() => StudyResultsFile.Merge([shards[0], other], File("bad.csv")));
        Assert.Contains("comes from a study with other settings (sizes: file 15|30, now 15|25)", refused.Message);

        // Never over an existing file, a shard's own above all: the shard resumes from it.
        byte[] shard0 = System.IO.File.ReadAllBytes(shards[0]);
        var overShard = Assert.Throws<IOException>(() => StudyResultsFile.Merge([shards[0], shards[1]], shards[0]));
        Assert.Contains("is one of the files to merge", overShard.Message);
        Assert.Throws<IOException>(() => StudyResultsFile.Merge([shards[1]], shards[0]));
        Assert.Equal(shard0, System.IO.File.ReadAllBytes(shards[0]));
    }

    [Fact]
    public void AKillDuringCreationLeavesNoResultsFileAndTheNextStudyStartsClean()
    {
        StudyRunner runner = Runner();
        string path = File("fresh.csv");
        // What a kill between writing the header and moving it into place leaves: a torn file beside, none in place.
        System.IO.File.WriteAllText(path + ".new", "# study: datas");
        Assert.False(System.IO.File.Exists(path));
        using (StudyResultsFile.Open(path, runner.Identity, resume: false))
        {
        }
        Assert.Equal([Path.GetFileName(path)], Directory.GetFiles(_folder).Select(Path.GetFileName));
        using StudyResultsFile resumed = StudyResultsFile.Open(path, runner.Identity, resume: true);
        Assert.Equal(0, resumed.Count);
    }

    [Fact]
    public void RunningOutOfMemoryStopsTheStudyInsteadOfRecordingAFailedRun()
    {
        var hungry = new ModelSpec("Hungry", (ml, run) => throw new OutOfMemoryException("test: no memory left"));
        var runner = new StudyRunner([Data], [hungry], new StudyOptions { TrainSizes = [15], Seeds = 1, MaxDegreeOfParallelism = 1 });
        string path = File("oom.csv");
        using (StudyResultsFile file = StudyResultsFile.Open(path, runner.Identity, resume: false))
            Assert.ThrowsAny<OutOfMemoryException>(() => runner.RunWithResultsFile(file));
        Assert.Empty(StudyResultsFile.Read(path).Runs); // so a resume runs it again

        var failing = new ModelSpec("Failing", (ml, run) => throw new InvalidOperationException("test: a bad model"));
        StudyResult result = new StudyRunner([Data], [failing], new StudyOptions { TrainSizes = [15], Seeds = 1, MaxDegreeOfParallelism = 1 }).Run();
        Assert.Contains("test: a bad model", Assert.Single(result.Runs).Error);
    }

    [Fact]
    public void AShardRefusesToResumeAnotherShardsFile()
    {
        StudyRunner shard0 = Runner(shard: new ExperimentShard(0, 2));
        string path = File("shard0.csv");
        using (StudyResultsFile file = StudyResultsFile.Open(path, shard0.Identity, resume: false))
            shard0.RunWithResultsFile(file);

        using StudyResultsFile reopened = StudyResultsFile.Open(path, shard0.Identity, resume: true);
        var error = Assert.Throws<InvalidOperationException>(() => Runner(shard: new ExperimentShard(1, 2)).RunWithResultsFile(reopened));
        Assert.Contains("belongs to shard 0/2, not to this shard 1/2", error.Message);
    }

    [Fact]
    public void ARowRoundTripsNaNLossesAndAnErrorWithCommasQuotesAndLineBreaks()
    {
        var diagnostics = new RunDiagnostics([2.5, double.NaN], [double.NaN], 0.25, new InterfaceHistogram([-1, 0, 1], [3, 4])) { InitialValidationLoss = 1.5 };
        var run = new StudyRunResult(new StudyRun("Drug, \"A\"", "m", 10, 1, 2, 3), 4,
            new RegressionScores(1.25, 0.5, double.NaN, -0.1, double.NegativeInfinity), true, diagnostics,
            [1.5f, -2.25f], [0.1f, float.MaxValue], "Boom: a, \"b\"\nsecond line", TimeSpan.FromSeconds(2));

        string row = StudyResultsCsv.FormatRow(run);
        StudyRunResult back = StudyResultsCsv.ParseRow(row);

        Assert.DoesNotContain('\n', row);
        Assert.Equal(row, StudyResultsCsv.FormatRow(back));
        Assert.Equal(run.Run, back.Run);
        Assert.Equal([2.5, double.NaN], back.Diagnostics!.TrainingLosses);
        Assert.Equal([double.NaN], back.Diagnostics.ValidationLosses);
        Assert.Equal([0.1f, float.MaxValue], back.Predicted);
        Assert.Equal(double.NegativeInfinity, back.Scores.RSquared);
        Assert.Equal("Boom: a, \"b\" second line", back.Error);
    }

    [Fact]
    public async Task AStopReturnsWithoutWaitingForWorkThatIgnoresItAndThatRunIsNeverWritten()
    {
        using var building = new SemaphoreSlim(0);
        using var release = new ManualResetEventSlim();
        using var finished = new SemaphoreSlim(0);
        // A model whose diagnostics reader (user code, after the fit) blocks until released: work that ignores the token.
        var stuck = new ModelSpec("Stuck", (ml, run) => ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { NumberOfThreads = 1, MaximumNumberOfIterations = 5 }),
            _ =>
            {
                building.Release();
                release.Wait();
                finished.Release();
                return null;
            });
        var runner = new StudyRunner([Data], [stuck], new StudyOptions { TrainSizes = [15], Seeds = 1, MaxDegreeOfParallelism = 1 });
        string path = File("stuck.csv");
        using var stop = new CancellationTokenSource();
        using StudyResultsFile file = StudyResultsFile.Open(path, runner.Identity, resume: false);

        Task<StudyResult> running = Task.Run(() => runner.RunWithResultsFile(file, null, stop.Token));
        Assert.True(await building.WaitAsync(TimeSpan.FromMinutes(1)), "the run did not start");
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(TimeSpan.FromSeconds(30)));
        release.Set(); // the abandoned run now completes in the background (scoring takes milliseconds)...
        Assert.True(await finished.WaitAsync(TimeSpan.FromMinutes(1)), "the abandoned run did not continue");
        await Task.Delay(1000);
        Assert.Empty(StudyResultsFile.Read(path).Runs); // ...and is not written
        Assert.Equal(0, file.Count);
    }
}
