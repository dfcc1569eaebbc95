using BenchmarkDotNet.Attributes;
using Qhml.MLNet.Quantum;

namespace Qhml.MLNet.Benchmarks;

/// <summary>
/// The "8q x 3L" circuit: RY encoding of 8 inputs, 3 layers of (RZ, RY on every qubit, CNOT ring),
/// &lt;Z&gt; on all 8 qubits. Times are per sample (a batch of <see cref="Batch"/> samples per invocation),
/// except <see cref="ForwardSingleSample"/>, which times one call with one sample.
/// </summary>
[Config(typeof(QuantumBenchmarkConfig))]
public class QuantumAnsatzBenchmarks
{
    public const int Batch = 512;

    private CircuitEvaluator _evaluator = null!;
    private double[] _parameters = null!;
    private double[] _inputs = null!;
    private double[] _expectations = null!;
    private double[] _expectationGradients = null!;
    private double[] _parameterGradient = null!;
    private double[] _inputGradients = null!;
    private CircuitTape _tape = null!;

    /// <summary>1 = single thread; -1 = all cores.</summary>
    [Params(1, -1)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var circuit = HardwareEfficientAnsatz.Create(new HardwareEfficientAnsatz.Options
        {
            Qubits = 8, Layers = 3, Encoding = RotationAxis.Y, Entangler = Entangler.CnotRing,
        });
        _evaluator = new CircuitEvaluator(circuit) { MaxDegreeOfParallelism = Threads };
        var rng = new Random(42);
        _parameters = Fill(rng, _evaluator.ParameterCount);
        _inputs = Fill(rng, Batch * _evaluator.InputCount);
        _expectations = new double[Batch * _evaluator.QubitCount];
        _expectationGradients = Fill(rng, Batch * _evaluator.QubitCount);
        _parameterGradient = new double[_evaluator.ParameterCount];
        _inputGradients = new double[Batch * _evaluator.InputCount];
        _tape = _evaluator.CreateTape();
        WarmUp();
    }

    /// <summary>
    /// The short job's few warmup iterations can end before tiered compilation has installed optimized code (an
    /// unoptimized single-sample call costs ~20x more), so run every path for a while and let the JIT finish.
    /// </summary>
    private void WarmUp()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.ElapsedMilliseconds < 1000)
        {
            for (int i = 0; i < 50; i++)
                ForwardSingleSample();
            Forward();
            Gradient();
        }

        Thread.Sleep(200);
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void Forward() => _evaluator.Forward(_parameters, _inputs, _expectations);

    /// <summary>One sample per call, as single-row scoring (ML.NET PredictionEngine) does: time per call.</summary>
    [Benchmark]
    public void ForwardSingleSample()
        => _evaluator.Forward(_parameters, _inputs.AsSpan(0, _evaluator.InputCount), _expectations.AsSpan(0, _evaluator.QubitCount));

    /// <summary>Adjoint gradient alone (it recomputes the forward state inside).</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void Gradient() => _evaluator.Gradient(_parameters, _inputs, _expectationGradients, _parameterGradient, _inputGradients);

    /// <summary>What a training step calls: forward for the loss, then the adjoint gradient.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void ForwardThenGradient()
    {
        _evaluator.Forward(_parameters, _inputs, _expectations);
        _evaluator.Gradient(_parameters, _inputs, _expectationGradients, _parameterGradient, _inputGradients);
    }

    /// <summary>What training runs since the circuit tape: the forward pass keeps its states, the gradient starts from them.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void TrainingStep()
    {
        _evaluator.ForwardRecording(_parameters, _inputs, _expectations, _tape);
        _evaluator.GradientFromTape(_parameters, _inputs, _expectationGradients, _parameterGradient, _inputGradients, _tape);
    }

    private static double[] Fill(Random rng, int count)
    {
        var x = new double[count];
        for (int i = 0; i < count; i++)
            x[i] = rng.NextDouble() * 2 - 1;
        return x;
    }
}
