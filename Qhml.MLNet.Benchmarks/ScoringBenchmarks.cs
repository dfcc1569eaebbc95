using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Qhml.MLNet.Benchmarks;

/// <summary>
/// Scoring a trained default model (706 features -> {64} -> 8 qubits x 3 layers) through ML.NET:
/// PredictionEngine single-row latency (the service hot path; should not allocate per call), and batch
/// scoring of 10,000 rows through <c>Transform</c> plus a cursor over the Score column (rows/s = 10,000 /
/// time; ML.NET runs it on all cores, and once more on one thread for the per-core rate), with the first dense layer in single precision (the default) and in double, on the same machine.
/// Run: <c>dotnet run -c Release --project Qhml.MLNet.Benchmarks -- --filter '*ScoringBenchmarks*'</c>
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class ScoringBenchmarks
{
    public const int BatchRows = 10_000;
    private const int Features = TrainerBenchmarks.Features;
    private MLContext _mlContext = null!;
    private ITransformer _model = null!;
    private PredictionEngine<BenchmarkRow, ScoreOnly> _engine = null!;
    private BenchmarkRow _row = null!;
    private IDataView _batch = null!;
    private ScoreOnly _output = new();

    /// <summary>The trainer option <c>SinglePrecisionFirstLayer</c>.</summary>
    [Params(true, false)]
    public bool SinglePrecisionFirstLayer { get; set; }

    public sealed class ScoreOnly
    {
        public float Score { get; set; }
    }

    [GlobalSetup]
    public void Setup()
    {
        _mlContext = new MLContext(seed: 1);
        var train = BenchmarkRows.View(_mlContext, TrainerBenchmarks.Rows, Features, seed: 42);
        _model = _mlContext.Regression.Trainers.QuantumHybrid(new QuantumHybridRegressionTrainer.Options { NumberOfEpochs = 3, Seed = 1, SinglePrecisionFirstLayer = SinglePrecisionFirstLayer }).Fit(train);
        _engine = _mlContext.Model.CreatePredictionEngine<BenchmarkRow, ScoreOnly>(_model, inputSchemaDefinition: BenchmarkRows.Schema(Features));
        _row = BenchmarkRows.Make(1, Features, seed: 7)[0];
        // Cached so the benchmark measures scoring, not building rows from objects.
        _batch = _mlContext.Data.Cache(BenchmarkRows.View(_mlContext, BatchRows, Features, seed: 43));
        _ = Count(_batch);
    }

    [Benchmark]
    public float PredictionEngineSingleRow() => _engine.Predict(_row).Score;

    /// <summary>The overload that reuses the output object: nothing allocated per call.</summary>
    [Benchmark]
    public float PredictionEngineSingleRowReusingOutput()
    {
        _engine.Predict(_row, ref _output);
        return _output.Score;
    }

    [Benchmark(OperationsPerInvoke = BatchRows)]
    public double TransformAndCursor()
    {
        var scored = _model.Transform(_batch);
        var column = scored.Schema["Score"];
        using var cursor = scored.GetRowCursor([column]);
        return SumScores(cursor, column);
    }

    /// <summary>
    /// The same scoring on one thread: a cursor set of one, which ML.NET's scorer serves without parallel cursors.
    /// Per-core throughput, to set beside <see cref="TransformAndCursor"/> (which uses both cores by itself).
    /// </summary>
    [Benchmark(OperationsPerInvoke = BatchRows)]
    public double TransformOneCursor()
    {
        var scored = _model.Transform(_batch);
        var column = scored.Schema["Score"];
        var cursors = scored.GetRowCursorSet([column], 1);
        if (cursors.Length != 1)
            throw new InvalidOperationException($"Expected one cursor, got {cursors.Length}.");
        using var cursor = cursors[0];
        return SumScores(cursor, column);
    }

    private static double SumScores(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        double sum = 0;
        var getter = cursor.GetGetter<float>(column);
        float score = 0;
        while (cursor.MoveNext())
        {
            getter(ref score);
            sum += score;
        }
        return sum;
    }

    private static long Count(IDataView data)
    {
        long n = 0;
        using var cursor = data.GetRowCursor([]);
        while (cursor.MoveNext())
            n++;
        return n;
    }
}
