using Microsoft.ML;

namespace Qhml.MLNet.Tests.FreshProcess;

/// <summary>
/// Entry point of the test assembly when run as a separate process by <see cref="FreshProcessScoring"/>:
/// <c>dotnet exec Qhml.MLNet.Tests.dll score &lt;model.zip&gt; &lt;input.idv&gt; &lt;output.idv&gt;</c> loads the
/// model with a new <see cref="MLContext"/>, transforms the input and saves the result as binary IDV.
/// </summary>
/// <remarks>
/// Touches no Qhml.MLNet type: the model must load through ML.NET's own component catalog (the loader
/// assembly named in the model). It prints whether Qhml.MLNet was loaded before and after
/// <c>Model.Load</c>, so tests can assert that the load alone brought it in.
/// </remarks>
public static class FreshProcessProgram
{
    public const string QhmlAssemblyName = "Qhml.MLNet";
    public const string LoadedBeforeMarker = "qhml-loaded-before-model-load=";
    public const string LoadedAfterMarker = "qhml-loaded-after-model-load=";

    public static int Main(string[] args)
    {
        try
        {
            if (args.Length == 4 && args[0] == "score")
                return Score(args[1], args[2], args[3]);
            Console.Error.WriteLine("usage: Qhml.MLNet.Tests score <model.zip> <input.idv> <output.idv>");
            return 2;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine(e.ToString());
            return 1;
        }
    }

    private static int Score(string modelPath, string inputPath, string outputPath)
    {
        Console.WriteLine(LoadedBeforeMarker + IsQhmlLoaded());
        var mlContext = new MLContext(seed: 0);
        ITransformer model;
        using (var stream = File.OpenRead(modelPath))
            model = mlContext.Model.Load(stream, out _);
        Console.WriteLine(LoadedAfterMarker + IsQhmlLoaded());

        var input = mlContext.Data.LoadFromBinary(inputPath);
        var output = model.Transform(input);
        using (var stream = File.Create(outputPath))
            mlContext.Data.SaveAsBinary(output, stream, keepHidden: false);
        return 0;
    }

    private static bool IsQhmlLoaded()
        => AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == QhmlAssemblyName);
}
