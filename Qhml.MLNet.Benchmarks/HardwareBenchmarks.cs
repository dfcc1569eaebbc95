using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;
using Microsoft.ML;
using Qhml.MLNet.Quantum;
using Qhml.MLNet.Quantum.Hardware;

namespace Qhml.MLNet.Benchmarks;

/// <summary>
/// The hardware path (issue 17): shot sampling from an 8-qubit distribution (shots/s = Shots / time), scoring
/// 100 rows of a trained default model with 1,000 shots beside exact scoring of the same rows, and one noisy
/// (density-matrix, 8 qubits, 3 layers) forward.
/// Run: <c>dotnet run -c Release --project Qhml.MLNet.Benchmarks -- --filter '*HardwareBenchmarks*'</c>
/// </summary>
[Config(typeof(InProcessConfig))]
public class HardwareBenchmarks
{
    /// <summary>
    /// The short job of <see cref="QuantumBenchmarkConfig"/>, run in process: on the shared machine BenchmarkDotNet's
    /// separate build of the boilerplate project timed out (2 min), and these benchmarks need no separate process.
    /// </summary>
    public sealed class InProcessConfig : ManualConfig
    {
        public InProcessConfig()
        {
            AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(15)
                .WithIterationTime(TimeInterval.FromMilliseconds(25)).WithToolchain(InProcessEmitToolchain.Instance).WithId("ShortInProcess"));
            AddColumn(StatisticColumn.Median, StatisticColumn.Min);
            AddDiagnoser(MemoryDiagnoser.Default);
        }
    }

    private const int Shots = 100_000;
    private const int ScoringRows = 100;
    private double[] _probabilities = null!;
    private double[] _z = null!;
    private QuantumCircuit _ansatz = null!;
    private double[] _parameters = null!;
    private double[] _inputs = null!;
    private QuantumHybridModelParameters _model = null!;
    private float[] _features = null!;
    private float[] _predictions = null!;
    private QuantumHybridHardwareScorer _shots = null!;
    private QuantumHybridHardwareScorer _exact = null!;
    private readonly NoiseModel _noise = new() { SingleQubitDepolarizing = 0.001, TwoQubitDepolarizing = 0.01, AmplitudeDamping = 0.001 };

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(3);
        _ansatz = HardwareEfficientAnsatz.Create(new HardwareEfficientAnsatz.Options { Qubits = 8, Layers = 3 });
        _parameters = Enumerable.Range(0, _ansatz.ParameterCount).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        _inputs = Enumerable.Range(0, 8).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        QuantumState state = _ansatz.Simulate(_parameters, _inputs);
        _probabilities = Enumerable.Range(0, state.Dimension).Select(state.Probability).ToArray();
        _z = new double[8];

        var mlContext = new MLContext(seed: 1);
        var train = BenchmarkRows.View(mlContext, TrainerBenchmarks.Rows, TrainerBenchmarks.Features, seed: 42);
        _model = mlContext.Regression.Trainers.QuantumHybrid(new QuantumHybridRegressionTrainer.Options { NumberOfEpochs = 3, Seed = 1 }).Fit(train).Model;
        _features = BenchmarkRows.Make(ScoringRows, TrainerBenchmarks.Features, seed: 7).SelectMany(r => r.Features).ToArray();
        _predictions = new float[ScoringRows];
        _shots = _model.CreateHardwareScorer(new HardwareScoringOptions { Shots = 1000, Seed = 1 });
        _exact = _model.CreateHardwareScorer();
    }

    /// <summary>Draws <see cref="Shots"/> shots (alias table built per call) and folds them into 8 expectations.</summary>
    [Benchmark(OperationsPerInvoke = Shots)]
    public double SampleShots()
    {
        ShotEstimator.EstimateExpectationsZ(_probabilities, Shots, 11, _z);
        return _z[0];
    }

    /// <summary>100 rows of the default model, each circuit estimated from 1,000 shots.</summary>
    [Benchmark(OperationsPerInvoke = ScoringRows)]
    public float ScoreWith1000Shots()
    {
        _shots.PredictBatch(_features, _predictions);
        return _predictions[0];
    }

    /// <summary>The same 100 rows scored exactly (the model's own batch path).</summary>
    [Benchmark(OperationsPerInvoke = ScoringRows, Baseline = true)]
    public float ScoreExact()
    {
        _exact.PredictBatch(_features, _predictions);
        return _predictions[0];
    }

    /// <summary>One noisy forward of the 8-qubit, 3-layer ansatz by density matrix (1q/2q depolarizing and damping).</summary>
    [Benchmark]
    public double NoisyForward8Qubits() => DensityMatrixSimulator.ExpectationsZ(_ansatz, _parameters, _inputs, _noise)[0];
}
