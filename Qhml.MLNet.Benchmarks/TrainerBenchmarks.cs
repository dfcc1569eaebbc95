using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Qhml.MLNet.Benchmarks;

/// <summary>
/// The ML.NET trainer on the GDSC2 shape (400 rows x 706 features, synthetic) with the default model
/// (hidden {64} ReLU, 8 qubits x 3 layers, batch 32): a whole <c>Fit</c> with 1 and with 21 epochs. The
/// per-epoch cost is (Fit21 - Fit1) / 20 (twenty epochs apart, so the noise of one Fit, mostly GC, is spread thin); Fit1 alone adds reading the data view, building the model and the
/// final diagnostics pass. Run:
/// <c>dotnet run -c Release --project Qhml.MLNet.Benchmarks -- --filter '*TrainerBenchmarks*'</c>
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class TrainerBenchmarks
{
    internal const int Rows = 400, Features = 706;
    private MLContext _mlContext = null!;
    private IDataView _data = null!;

    /// <summary>Threads for training; null: all cores.</summary>
    [Params(1, null)]
    public int? MaxDegreeOfParallelism { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _mlContext = new MLContext(seed: 1);
        _data = BenchmarkRows.View(_mlContext, Rows, Features, seed: 42);
    }

    private float Fit(int epochs)
    {
        var options = new QuantumHybridRegressionTrainer.Options { NumberOfEpochs = epochs, Seed = 1, MaxDegreeOfParallelism = MaxDegreeOfParallelism };
        return (float)_mlContext.Regression.Trainers.QuantumHybrid(options).Fit(_data).Model.EpochTrainLoss[^1];
    }

    [Benchmark(Baseline = true)]
    public float FitOneEpoch() => Fit(1);

    [Benchmark]
    public float FitTwentyOneEpochs() => Fit(21);
}

/// <summary>Synthetic rows in the GDSC2 shape: standard-normal-ish features, a target of a few of them.</summary>
public sealed class BenchmarkRow
{
    public float[] Features { get; set; } = [];
    public float Label { get; set; }
}

internal static class BenchmarkRows
{
    public static BenchmarkRow[] Make(int rows, int features, int seed)
    {
        var rng = new Random(seed);
        var result = new BenchmarkRow[rows];
        for (int i = 0; i < rows; i++)
        {
            var x = new float[features];
            for (int j = 0; j < features; j++)
                x[j] = (float)(rng.NextDouble() * 2 - 1);
            result[i] = new BenchmarkRow { Features = x, Label = x[0] - x[1] + 0.5f * x[2] * x[3] + 0.1f * (float)rng.NextDouble() };
        }
        return result;
    }

    public static SchemaDefinition Schema(int features)
    {
        var schema = SchemaDefinition.Create(typeof(BenchmarkRow));
        schema[nameof(BenchmarkRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features);
        return schema;
    }

    public static IDataView View(MLContext mlContext, int rows, int features, int seed)
        => mlContext.Data.LoadFromEnumerable(Make(rows, features, seed), Schema(features));
}
