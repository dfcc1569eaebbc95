using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Onnx;

namespace Qhml.MLNet.Benchmarks;

/// <summary>
/// The default hybrid model (400 x 706, three epochs) scored by ML.NET (our mapper) and by ONNX Runtime on its
/// exported graph (ApplyOnnxModel), in the same run: one row through a PredictionEngine, and 10,000 cached rows
/// through Transform + a cursor.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MemoryDiagnoser]
public class OnnxScoringBenchmarks
{
    private const int BatchRows = ScoringBenchmarks.BatchRows;
    private const int Features = TrainerBenchmarks.Features;
    private string _onnxPath = "";
    private ITransformer _native = null!;
    private OnnxTransformer _onnx = null!;
    private PredictionEngine<BenchmarkRow, ScoringBenchmarks.ScoreOnly> _nativeEngine = null!;
    private PredictionEngine<BenchmarkRow, OnnxScore> _onnxEngine = null!;
    private BenchmarkRow _row = null!;
    private IDataView _batch = null!;

    [GlobalSetup]
    public void Setup()
    {
        var ml = new MLContext(seed: 1);
        var train = BenchmarkRows.View(ml, TrainerBenchmarks.Rows, Features, seed: 42);
        _native = ml.Regression.Trainers.QuantumHybrid(new QuantumHybridRegressionTrainer.Options { NumberOfEpochs = 3, Seed = 1 }).Fit(train);
        _onnxPath = Path.Combine(Path.GetTempPath(), "qhml-bench-" + Guid.NewGuid().ToString("N") + ".onnx");
        using (var stream = File.Create(_onnxPath))
            ml.Model.ConvertToOnnx(_native, ml.Transforms.SelectColumns("Features").Fit(train).Transform(train), stream); // graph input: Features only
        _onnx = ml.Transforms.ApplyOnnxModel([OnnxScore.Output], ["Features"], _onnxPath).Fit(train);

        var schema = BenchmarkRows.Schema(Features);
        _nativeEngine = ml.Model.CreatePredictionEngine<BenchmarkRow, ScoringBenchmarks.ScoreOnly>(_native, inputSchemaDefinition: schema);
        _onnxEngine = ml.Model.CreatePredictionEngine<BenchmarkRow, OnnxScore>(_onnx, inputSchemaDefinition: schema);
        _row = BenchmarkRows.Make(1, Features, seed: 7)[0];
        _batch = ml.Data.Cache(BenchmarkRows.View(ml, BatchRows, Features, seed: 43));
        _ = Sum(_batch, "Label");
        var onnxScore = _onnxEngine.Predict(_row).Score;
        if (onnxScore.Length != 1)
            throw new InvalidOperationException($"The ONNX score has {onnxScore.Length} values ({_onnx.GetOutputSchema(train.Schema)[OnnxScore.Column].Type}); expected 1.");
        float a = _nativeEngine.Predict(_row).Score, b = onnxScore[0];
        if (Math.Abs(a - b) > 1e-5 * Math.Max(1, Math.Abs(a)))
            throw new InvalidOperationException($"ONNX scores {b} where the model scores {a}.");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _onnx.Dispose();
        _onnxEngine.Dispose();
        File.Delete(_onnxPath);
    }

    [Benchmark(Baseline = true)]
    public float NativePredictionEngine() => _nativeEngine.Predict(_row).Score;

    [Benchmark]
    public float OnnxPredictionEngine() => _onnxEngine.Predict(_row).Score[0];

    [Benchmark(OperationsPerInvoke = BatchRows)]
    public double NativeTransform() => Sum(_native.Transform(_batch), "Score");

    [Benchmark(OperationsPerInvoke = BatchRows)]
    public double OnnxTransform() => SumVector(_onnx.Transform(_batch), OnnxScore.Column);

    /// <summary>
    /// The exported graph's score: the converter names the graph output "Score.output" (a [rows, 1] tensor) and
    /// ApplyOnnxModel names the column after it without the suffix, a vector of one float.
    /// </summary>
    public sealed class OnnxScore
    {
        public const string Output = "Score.output", Column = "Score";

        public float[] Score { get; set; } = [];
    }

    private static double SumVector(IDataView data, string name)
    {
        var column = data.Schema[name];
        using var cursor = data.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        double sum = 0;
        VBuffer<float> value = default;
        while (cursor.MoveNext())
        {
            getter(ref value);
            sum += value.GetValues()[0];
        }
        return sum;
    }

    private static double Sum(IDataView data, string name)
    {
        var column = data.Schema[name];
        using var cursor = data.GetRowCursor([column]);
        var getter = cursor.GetGetter<float>(column);
        double sum = 0;
        float value = 0;
        while (cursor.MoveNext())
        {
            getter(ref value);
            sum += value;
        }
        return sum;
    }
}
