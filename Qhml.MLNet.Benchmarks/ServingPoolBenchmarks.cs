using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML;
using Qhml.MLNet.Serving;

namespace Qhml.MLNet.Benchmarks;

/// <summary>
/// The prediction pool's cost on 2 threads: the default model (706 features -> {64} -> 8 qubits x 3 layers) scored
/// through <see cref="QhmlPredictionPool{TInput, TOutput}"/> (rent an engine, predict, return it) against bare
/// PredictionEngines, one per thread. Times are per prediction, wall clock with both threads running
/// (predictions/s = 1e9 / ns). Target: pool >= 90% of bare, i.e. ratio &lt;= 1.11.
/// Run: <c>dotnet run -c Release --project Qhml.MLNet.Benchmarks -- --filter '*ServingPoolBenchmarks*'</c> (in process)
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
// In process: on the shared machine building BenchmarkDotNet's separate project outran its 2-minute build timeout.
[InProcess]
[WarmupCount(3)]
[IterationCount(15)]
public class ServingPoolBenchmarks
{
    private const int Threads = 2, PerThread = 2_000, Features = TrainerBenchmarks.Features;
    private readonly string _folder = Directory.CreateTempSubdirectory("qhml-pool-bench-").FullName;
    private ServiceProvider _services = null!;
    private QhmlPredictionPool<BenchmarkRow, ScoringBenchmarks.ScoreOnly> _pool = null!;
    private PredictionEngine<BenchmarkRow, ScoringBenchmarks.ScoreOnly>[] _bare = null!;
    private BenchmarkRow[] _rows = null!;

    [GlobalSetup]
    public void Setup()
    {
        var mlContext = new MLContext(seed: 1);
        IDataView train = BenchmarkRows.View(mlContext, TrainerBenchmarks.Rows, Features, seed: 42);
        ITransformer model = mlContext.Regression.Trainers.QuantumHybrid(new QuantumHybridRegressionTrainer.Options { NumberOfEpochs = 3, Seed = 1 }).Fit(train);
        string path = Path.Combine(_folder, "model.zip");
        mlContext.Model.Save(model, train.Schema, path);

        var services = new ServiceCollection();
        services.AddQhmlPredictionPool<BenchmarkRow, ScoringBenchmarks.ScoreOnly>().FromFile("default", path, watchForChanges: false);
        _services = services.BuildServiceProvider();
        _pool = _services.GetRequiredService<QhmlPredictionPool<BenchmarkRow, ScoringBenchmarks.ScoreOnly>>();
        ITransformer loaded = mlContext.Model.Load(path, out _);
        _bare = Enumerable.Range(0, Threads)
            .Select(_ => mlContext.Model.CreatePredictionEngine<BenchmarkRow, ScoringBenchmarks.ScoreOnly>(loaded, inputSchemaDefinition: BenchmarkRows.Schema(Features)))
            .ToArray();
        _rows = BenchmarkRows.Make(64, Features, seed: 7);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var engine in _bare)
            engine.Dispose();
        _services.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Threads * PerThread)]
    public float BareEngineOnePerThread()
    {
        var sums = new float[Threads];
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
        {
            var engine = _bare[t];
            for (int i = 0; i < PerThread; i++)
                sums[t] += engine.Predict(_rows[i % _rows.Length]).Score;
        });
        return sums.Sum();
    }

    [Benchmark(OperationsPerInvoke = Threads * PerThread)]
    public float Pool()
    {
        var sums = new float[Threads];
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, t =>
        {
            for (int i = 0; i < PerThread; i++)
                sums[t] += _pool.Predict("default", _rows[i % _rows.Length]).Score;
        });
        return sums.Sum();
    }
}
