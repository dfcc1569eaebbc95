using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using Qhml.MLNet.Data;
using Qhml.MLNet.Samples.Serve;
using Qhml.MLNet.Study;

namespace Qhml.MLNet.Tests.Serving;

/// <summary>
/// Hybrid models on the synthetic GDSC data (706 genes, saved with their names), trained once per test run and saved
/// to a test's folder on demand. Different seeds give different models, hence different files and hashes.
/// </summary>
internal static class ServingTestModels
{
    private static readonly Lazy<StudyDataset> Drug = new(() => StudyDataset.FromGdsc(SyntheticGdscGenerator.Generate(), "Drug001"));
    private static readonly ConcurrentDictionary<int, Lazy<byte[]>> Saved = new();

    public static StudyDataset Data => Drug.Value;

    /// <summary>The bytes of the default hybrid (706 -> 64 -> 8 qubits x 3 layers), two epochs, seeded.</summary>
    public static byte[] Bytes(int seed) => Saved.GetOrAdd(seed, s => new Lazy<byte[]>(() => Train(s))).Value;

    /// <summary>Writes the model of <paramref name="seed"/> to <paramref name="path"/> (a temporary file renamed into place).</summary>
    public static string Write(string path, int seed)
    {
        WriteAtomically(path, Bytes(seed));
        return ServingHash(Bytes(seed));
    }

    public static void WriteAtomically(string path, byte[] bytes)
    {
        string temporary = path + ".incoming";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }

    public static string ServingHash(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));

    /// <summary>A row of the data set as the service's input row.</summary>
    public static FeatureRow Row(int row) => new() { Features = Data.GetFeatures(row % Data.RowCount).ToArray() };

    /// <summary>Scores of rows 0..count-1 by a model loaded straight from its bytes with one plain PredictionEngine.</summary>
    public static float[] ReferenceScores(int seed, int count)
    {
        var mlContext = new MLContext(0);
        using var stream = new MemoryStream(Bytes(seed));
        ITransformer model = mlContext.Model.Load(stream, out _);
        var schema = Microsoft.ML.Data.SchemaDefinition.Create(typeof(FeatureRow));
        schema[nameof(FeatureRow.Features)].ColumnType = new Microsoft.ML.Data.VectorDataViewType(Microsoft.ML.Data.NumberDataViewType.Single, Data.FeatureCount);
        using var engine = mlContext.Model.CreatePredictionEngine<FeatureRow, ScoreRow>(model, inputSchemaDefinition: schema);
        return Enumerable.Range(0, count).Select(i => engine.Predict(Row(i)).Score).ToArray();
    }

    private static byte[] Train(int seed)
    {
        var mlContext = new MLContext(seed);
        IDataView train = Data.ToDataView(mlContext, Enumerable.Range(0, 120).ToArray());
        ITransformer model = mlContext.Regression.Trainers.QuantumHybrid(new QuantumHybridRegressionTrainer.Options { NumberOfEpochs = 2, Seed = seed }).Fit(train);
        using var stream = new MemoryStream();
        mlContext.Model.Save(model, train.Schema, stream);
        return stream.ToArray();
    }
}

/// <summary>Collects every log message, to assert on what the service says.</summary>
internal sealed class CapturedLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public bool Contains(string text) => _lines.Any(line => line.Contains(text, StringComparison.Ordinal));

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLog owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => owner._lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
    }
}

/// <summary>Polls a condition until it holds or the time is up (file watching is asynchronous).</summary>
internal static class Eventually
{
    public static bool Holds(Func<bool> condition, TimeSpan timeout)
    {
        DateTime end = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > end)
                return false;
            Thread.Sleep(20);
        }
        return true;
    }
}
