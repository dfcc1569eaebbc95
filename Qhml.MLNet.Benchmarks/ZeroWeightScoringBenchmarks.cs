using BenchmarkDotNet.Attributes;
using Qhml.MLNet.Hybrid;

namespace Qhml.MLNet.Benchmarks;

/// <summary>
/// Scoring a default (wide and deep) model whose validated hybrid weight is 0, as in most runs of the issue-11
/// table: the model scores the linear term alone, against the same weights with a hybrid weight of 1e-30, which
/// runs the network and the circuit as every model did before the skip (the scores agree to the last bit). One row
/// through the single-row path and 1,000 rows through the batch path, in the same run. Run:
/// <c>dotnet run -c Release --project Qhml.MLNet.Benchmarks -- --filter '*ZeroWeightScoringBenchmarks*'</c>
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class ZeroWeightScoringBenchmarks
{
    private const int Rows = 1000, Features = TrainerBenchmarks.Features;
    private HybridModel _model = null!;
    private HybridPredictionWorkspace _workspace = null!;
    private float[] _batch = [];
    private float[] _predictions = [];

    /// <summary>0: the skip; 1e-30: the full network and circuit, multiplied by a weight too small to move the score.</summary>
    [Params(0.0, 1e-30)]
    public double HybridWeight { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        BenchmarkRow[] train = BenchmarkRows.Make(TrainerBenchmarks.Rows, Features, seed: 42);
        var trained = new HybridTrainer(new HybridOptions { Seed = 1, NumberOfEpochs = 3 })
            .Fit(new HybridDataset(Features, train.SelectMany(r => r.Features).ToArray(), train.Select(r => r.Label).ToArray()));
        LinearPath linear = trained.Linear ?? throw new InvalidOperationException("The default model has no linear path.");
        _model = trained.WithLinearPath(new LinearPath(linear.RawWeights, linear.Bias, linear.L2, HybridWeight));
        _workspace = _model.CreateWorkspace();
        _batch = BenchmarkRows.Make(Rows, Features, seed: 43).SelectMany(r => r.Features).ToArray();
        _predictions = new float[Rows];
    }

    [Benchmark]
    public float SingleRow() => _model.Predict(_batch.AsSpan(0, Features), _workspace);

    [Benchmark(OperationsPerInvoke = Rows)]
    public float Batch()
    {
        _model.PredictBatch(_batch, _predictions);
        return _predictions[^1];
    }
}
