using System.CommandLine;
using Qhml.MLNet.Tests.FreshProcess;
using Qhml.MLNet.Samples.Cli;
using Qhml.MLNet.Samples.Study;
using Qhml.MLNet.Study;
using Spectre.Console;

namespace Qhml.MLNet.Tests.Study;

/// <summary>
/// The <c>study</c> command on synthetic data: Ctrl+C (through the token that Ctrl+C cancels) keeps the finished
/// runs and exits 130, <c>--resume</c> completes the study, <c>--shard</c> in two processes + <c>study merge</c>
/// give the rows of one process.
/// </summary>
[Collection(nameof(ConsoleErrorCollection))]
public sealed class StudyCommandTests : IDisposable
{
    // 1 drug x 1 size x 3 splits x 2 models = 6 runs of a few hundred milliseconds each.
    private static readonly string[] Small = ["--sizes", "20", "--seeds", "3", "--models", "Sdca,FastTree", "--parallelism", "2"];

    private readonly string _folder = Directory.CreateTempSubdirectory("qhml-study-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Out(string name) => Path.Combine(_folder, name);

    /// <summary>Runs <c>study</c> in this process; returns the exit code, what it wrote and what it printed as an error.</summary>
    private static (int Exit, string Output, string Error) Study(string[] args, CancellationToken token = default, Action<StudyRunResult>? onRunRecorded = null)
    {
        var output = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output), Interactive = InteractionSupport.No, Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors,
        });
        console.Profile.Width = 10_000; // no wrapping: messages are compared whole
        var root = new RootCommand { StudyCommand.Create(new StudyCommandHooks(token, onRunRecorded, console)) };
        var (exit, error) = CapturedCli.Capture(() => root.Parse(["study", .. args]).Invoke());
        return (exit, output.ToString(), error);
    }

    [Fact]
    public void CtrlCKeepsTheFinishedRunsSaysHowToResumeAndExits130AndTheResumeEndsLikeAnUninterruptedStudy()
    {
        Assert.Equal(0, Study([.. Small, "--out", Out("whole")]).Exit);

        using var ctrlC = new CancellationTokenSource();
        int recorded = 0;
        var (exit, output, _) = Study([.. Small, "--out", Out("stopped")], ctrlC.Token, _ => { if (++recorded == 2) ctrlC.Cancel(); });

        Assert.Equal(ConsoleCancellation.ExitCode, exit);
        string results = Path.Combine(Out("stopped"), StudyReport.ResultsFileName);
        Assert.Equal(2, StudyResultsFile.Read(results).Runs.Count);
        Assert.Contains($"Stopped: 2 of 6 runs are finished and kept in {results}; the runs in progress were abandoned.", output);
        Assert.Contains("Resume with: study --sizes 20 --seeds 3", output);
        Assert.EndsWith("--resume", output.TrimEnd());
        Assert.False(File.Exists(Path.Combine(Out("stopped"), StudyReport.SummaryFileName)));

        var resumed = Study([.. Small, "--out", Out("stopped"), "--resume"]);

        Assert.Equal(0, resumed.Exit);
        Assert.Contains("Resuming: 2 of the 6 runs are in", resumed.Output);
        Assert.Equal(StudyTestData.RowsWithoutTime(Path.Combine(Out("whole"), StudyReport.ResultsFileName)), StudyTestData.RowsWithoutTime(results));
        Assert.Equal(File.ReadAllText(Path.Combine(Out("whole"), StudyReport.SummaryFileName)), File.ReadAllText(Path.Combine(Out("stopped"), StudyReport.SummaryFileName)));
        Assert.True(new FileInfo(Path.Combine(Out("stopped"), "pearson_vs_size_Drug001.png")).Length > 1000);
    }

    [Fact]
    public void AnExistingResultsFileNeedsResumeAndAResumeWithOtherSettingsIsRefused()
    {
        Assert.Equal(0, Study([.. Small, "--out", Out("done")]).Exit);
        string results = Path.Combine(Out("done"), StudyReport.ResultsFileName);
        string before = File.ReadAllText(results);

        var again = Study([.. Small, "--out", Out("done")]);
        Assert.Equal(1, again.Exit);
        Assert.Contains("exists: add --resume to continue that study, or choose another --out. Nothing was computed.", again.Error.ReplaceLineEndings(""));

        var other = Study(["--sizes", "25", "--seeds", "3", "--models", "Sdca,FastTree", "--out", Out("done"), "--resume"]);
        Assert.Equal(1, other.Exit);
        Assert.Contains("belongs to a study with other settings (sizes: file 20, now 25)", other.Error.ReplaceLineEndings(""));
        Assert.Equal(before, File.ReadAllText(results));
    }

    [Fact]
    public void FirstCtrlCCancelsAndKeepsTheProcessTheSecondLetsItEnd()
    {
        var messages = new StringWriter();
        using var cancellation = new ConsoleCancellation(messages);

        Assert.True(cancellation.Press());
        Assert.True(cancellation.Token.IsCancellationRequested);
        Assert.Contains("Press Ctrl+C again to end at once", messages.ToString());
        Assert.False(cancellation.Press());
    }

    [Fact]
    public void TwoShardProcessesMergedGiveTheRowsOfOneProcess()
    {
        Assert.Equal(0, Study([.. Small, "--out", Out("whole")]).Exit);

        // Two real processes, as a scheduler would start them, at the same time.
        DotnetProcess[] shards = Enumerable.Range(0, 2).Select(i => DotnetProcess.Start(typeof(SamplesCli).Assembly, ["study", .. Small, "--shard", $"{i}/2", "--out", Out($"shard{i}")])).ToArray();
        foreach (DotnetProcess shard in shards)
        {
            using (shard)
            {
                var (exitCode, printed, errors) = shard.WaitForExit(TimeSpan.FromMinutes(5));
                Assert.True(exitCode == 0, printed + errors);
            }
        }
        Assert.Equal(3, StudyResultsFile.Read(Path.Combine(Out("shard0"), StudyReport.ResultsFileName)).Runs.Count);

        int merge = SamplesCli.Create().Parse(["study", "merge", "--out", Out("merged"),
            Path.Combine(Out("shard0"), StudyReport.ResultsFileName), Path.Combine(Out("shard1"), StudyReport.ResultsFileName)]).Invoke();

        Assert.Equal(0, merge);
        Assert.Equal(StudyTestData.RowsWithoutTime(Path.Combine(Out("whole"), StudyReport.ResultsFileName)),
            StudyTestData.RowsWithoutTime(Path.Combine(Out("merged"), StudyReport.ResultsFileName)));
        Assert.Equal(File.ReadAllText(Path.Combine(Out("whole"), StudyReport.SummaryFileName)), File.ReadAllText(Path.Combine(Out("merged"), StudyReport.SummaryFileName)));
        Assert.True(new FileInfo(Path.Combine(Out("merged"), "predicted_vs_observed_Drug001.png")).Length > 1000);
    }
}
