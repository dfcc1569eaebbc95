using Qhml.MLNet.Samples.Cli;

namespace Qhml.MLNet.Tests.Serving;

/// <summary>Tests that redirect <see cref="Console.Error"/> run alone, so no other test's output lands in theirs.</summary>
[CollectionDefinition(nameof(ConsoleErrorCollection), DisableParallelization = true)]
public sealed class ConsoleErrorCollection;

/// <summary>The <c>serve</c> command refuses to start on a missing or bad model, with one line naming the file.</summary>
[Collection(nameof(ConsoleErrorCollection))]
public sealed class ServeCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("qhml-serve-cmd-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int Exit, string Error) Serve(params string[] args)
    {
        var error = new StringWriter();
        TextWriter original = Console.Error;
        Console.SetError(error);
        try
        {
            return (SamplesCli.Create().Parse(["serve", .. args]).Invoke(), error.ToString().ReplaceLineEndings(" "));
        }
        finally
        {
            Console.SetError(original);
        }
    }

    [Fact]
    public void AMissingModelFileIsNamed()
    {
        string path = Path.Combine(_folder, "absent.zip");
        (int exit, string error) = Serve("--model", path, "--port", "0");

        Assert.Equal(1, exit);
        Assert.Contains($"The model file '{path}' does not exist.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileThatIsNotAModelStopsTheStartWithTheReason()
    {
        string path = Path.Combine(_folder, "model.zip");
        File.WriteAllText(path, "not a model");
        (int exit, string error) = Serve("--model", path, "--port", "0");

        Assert.Equal(1, exit);
        Assert.Contains($"'{path}' is not a loadable ML.NET model (11 bytes): the file is not a readable zip archive", error, StringComparison.Ordinal);
    }
}
