using BenchmarkDotNet.Attributes;
using Qhml.MLNet.Hybrid;

namespace Qhml.MLNet.Benchmarks;

/// <summary>
/// Hybrid model speed on the default architecture (706 features -> {64} ReLU -> 8 qubits x 3 layers, CNOT
/// ring -> readout), synthetic 400 rows (the GDSC2 shape): one training epoch (batch 32) and single-row
/// prediction. Run: dotnet run -c Release --project Qhml.MLNet.Benchmarks -- --filter '*HybridTraining*'
/// Short job with Median and Min: the 2 shared cores make Mean noisy; Min is the least-disturbed run.
/// </summary>
[MemoryDiagnoser]
[MinColumn, MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class HybridTrainingBenchmarks
{
    private const int Rows = 400, Features = 706;
    private HybridEpochLoop _loop = null!;
    private HybridModel _model = null!;
    private HybridPredictionWorkspace _workspace = null!;
    private float[] _row = null!;
    private int _epoch;

    /// <summary>-1: all cores.</summary>
    [Params(1, -1)]
    public int MaxDegreeOfParallelism { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        var fx = new float[Rows * Features];
        var fy = new float[Rows];
        for (int i = 0; i < fx.Length; i++)
            fx[i] = (float)(rng.NextDouble() * 2 - 1);
        for (int i = 0; i < Rows; i++)
            fy[i] = (float)(fx[i * Features] - fx[i * Features + 1] + 0.1 * rng.NextDouble());
        // -1 keeps the parameter's label of earlier runs; the options spell all cores as null.
        var options = new HybridOptions { MaxDegreeOfParallelism = MaxDegreeOfParallelism == -1 ? null : MaxDegreeOfParallelism };
        var components = HybridComponents.Create(new HybridArchitecture(Features, options, 0));
        var rows = PreparedRows.From(new HybridDataset(Features, fx, fy), Features, "training", skipInvalidFeatures: false);
        _loop = new HybridEpochLoop(options, components, rows, rows.Labels);

        options.NumberOfEpochs = 2;
        _model = new HybridTrainer(options).Fit(new HybridDataset(Features, fx, fy));
        _workspace = _model.CreateWorkspace();
        _row = fx.AsSpan(0, Features).ToArray();
    }

    [Benchmark]
    public double TrainOneEpoch() => _loop.TrainEpoch(++_epoch, CancellationToken.None).Loss;

    [Benchmark]
    public float PredictSingleRow() => _model.Predict(_row);

    [Benchmark]
    public float PredictSingleRowWithWorkspace() => _model.Predict(_row, _workspace);
}
