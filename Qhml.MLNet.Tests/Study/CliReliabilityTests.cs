namespace Qhml.MLNet.Tests.Study;

/// <summary>Tests that capture the process-wide Console.Error run one at a time.</summary>
[CollectionDefinition(nameof(ConsoleErrorCollection), DisableParallelization = true)]
public sealed class ConsoleErrorCollection;

/// <summary>The samples CLI checks destinations before computing and reports a damaged model in one line.</summary>
[Collection(nameof(ConsoleErrorCollection))]
public sealed class CliReliabilityTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("qhml-cli-reliability-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int Exit, string Error) Run(params string[] args) => CapturedCli.Run(args);

    [Fact]
    public void TrainRefusesAnUnwritableOutputBeforeComputing()
    {
        string blocker = Path.Combine(_folder, "a-file");
        File.WriteAllText(blocker, "not a folder");
        string output = Path.Combine(blocker, "model.zip"); // its folder would have to be a file
        var (exit, error) = Run("train", "--drug", "Drug001", "--model", "Sdca", "--train-size", "50", "--output", output);
        Assert.Equal(1, exit);
        Assert.Contains("--output", error);
        Assert.Contains("nothing was computed", error);
    }

    [Fact]
    public void StudyRefusesAnUnwritableOutFolderBeforeComputing()
    {
        string blocker = Path.Combine(_folder, "a-file");
        File.WriteAllText(blocker, "not a folder");
        var (exit, error) = Run("study", "--out", Path.Combine(blocker, "study"));
        Assert.Equal(1, exit);
        Assert.Contains("--out", error);
        Assert.Contains("nothing was computed", error);
    }

    [Fact]
    public void PredictReportsADamagedModelInOneLine()
    {
        string model = Path.Combine(_folder, "model.zip");
        Assert.Equal(0, Run("train", "--drug", "Drug001", "--model", "Sdca", "--train-size", "50", "--output", model).Exit);
        byte[] bytes = File.ReadAllBytes(model);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(model, bytes);
        string input = Path.Combine(_folder, "input.csv");
        File.WriteAllLines(input, ["id,GENE0001", "a,1.0"]);

        var (exit, error) = Run("predict", "--model", model, "--input", input);
        Assert.Equal(1, exit);
        Assert.Contains($"Cannot load the model '{model}'", error.ReplaceLineEndings(""));
        Assert.DoesNotContain("class instantiation", error);
    }
}
