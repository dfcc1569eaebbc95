using Microsoft.ML;

namespace Qhml.MLNet.Tests.FreshProcess;

/// <summary>
/// Scores data with a saved model in a NEW process (this test assembly's own entry point, see
/// <see cref="FreshProcessProgram"/>), where nothing of Qhml.MLNet is loaded or registered beforehand.
/// Works for any <see cref="ITransformer"/>: transforms, whole pipelines, prediction transformers.
/// </summary>
/// <example>
/// <code>
/// using var scored = FreshProcessScoring.Run(mlContext, model, trainData);
/// Assert.False(scored.QhmlLoadedBeforeModelLoad);
/// var column = scored.Output.GetColumn&lt;float&gt;("Score").ToArray();
/// </code>
/// </example>
public sealed class FreshProcessScoring : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private FreshProcessScoring(string directory, IDataView output, bool before, bool after, string modelPath)
    {
        Directory = directory;
        Output = output;
        QhmlLoadedBeforeModelLoad = before;
        QhmlLoadedAfterModelLoad = after;
        ModelPath = modelPath;
    }

    /// <summary>Temporary directory holding model, input and output (deleted on dispose).</summary>
    public string Directory { get; }

    /// <summary>Path of the saved model that the fresh process loaded.</summary>
    public string ModelPath { get; }

    /// <summary>The fresh process's output, read back from its binary IDV file (valid until dispose).</summary>
    public IDataView Output { get; }

    /// <summary>Whether Qhml.MLNet was already loaded in the fresh process before Model.Load (must be false).</summary>
    public bool QhmlLoadedBeforeModelLoad { get; }

    /// <summary>Whether Qhml.MLNet was loaded in the fresh process after Model.Load.</summary>
    public bool QhmlLoadedAfterModelLoad { get; }

    /// <summary>Saves <paramref name="model"/> (with <paramref name="input"/>'s schema) and <paramref name="input"/>, scores in a fresh process.</summary>
    public static FreshProcessScoring Run(MLContext mlContext, ITransformer model, IDataView input)
    {
        string directory = CreateDirectory();
        string modelPath = Path.Combine(directory, "model.zip");
        mlContext.Model.Save(model, input.Schema, modelPath);
        return RunSaved(mlContext, modelPath, input, directory);
    }

    /// <summary>Scores <paramref name="input"/> in a fresh process with an already saved model file.</summary>
    public static FreshProcessScoring Run(MLContext mlContext, string modelPath, IDataView input)
        => RunSaved(mlContext, modelPath, input, CreateDirectory());

    private static FreshProcessScoring RunSaved(MLContext mlContext, string modelPath, IDataView input, string directory)
    {
        string inputPath = Path.Combine(directory, "input.idv");
        string outputPath = Path.Combine(directory, "output.idv");
        using (var stream = File.Create(inputPath))
            mlContext.Data.SaveAsBinary(input, stream, keepHidden: false);

        var (exitCode, stdout, stderr) = Execute("score", modelPath, inputPath, outputPath);
        if (exitCode != 0)
            throw new InvalidOperationException($"Fresh process failed with exit code {exitCode}.\nstdout:\n{stdout}\nstderr:\n{stderr}");

        bool before = ReadFlag(stdout, FreshProcessProgram.LoadedBeforeMarker);
        bool after = ReadFlag(stdout, FreshProcessProgram.LoadedAfterMarker);
        return new FreshProcessScoring(directory, mlContext.Data.LoadFromBinary(outputPath), before, after, modelPath);
    }

    /// <summary>Runs this test assembly's entry point in a new process: <c>dotnet exec</c> with its runtimeconfig and deps.</summary>
    public static (int ExitCode, string StandardOutput, string StandardError) Execute(params string[] arguments)
    {
        using var process = DotnetProcess.Start(typeof(FreshProcessProgram).Assembly, arguments);
        return process.WaitForExit(Timeout);
    }

    private static bool ReadFlag(string stdout, string marker)
    {
        foreach (string line in stdout.Split('\n'))
        {
            string trimmed = line.Trim();
            if (trimmed.StartsWith(marker, StringComparison.Ordinal))
                return bool.Parse(trimmed[marker.Length..]);
        }
        throw new InvalidOperationException($"The fresh process did not report '{marker}'. stdout:\n{stdout}");
    }

    private static string CreateDirectory()
    {
        string directory = Path.Combine(Path.GetTempPath(), "qhml-fresh-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>Deletes the temporary files.</summary>
    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // The output view may still hold the file open on some platforms; leftovers are in the temp folder.
        }
    }
}
