using BenchmarkDotNet.Attributes;
using Qhml.MLNet.Quantum;

namespace Qhml.MLNet.Benchmarks;

/// <summary>
/// The one-sample circuit engine (single-row scoring) with its block updates on AVX2 or on AVX-512, on the same
/// machine: the whole "8q x 3L" forward for one sample (one block update alone: <see cref="SingleSampleKernelBlockBenchmarks"/>).
/// On a machine without AVX-512 both rows run the AVX2 kernel.
/// Run: <c>dotnet run -c Release --project Qhml.MLNet.Benchmarks -- --filter '*SingleSampleKernel*'</c>
/// </summary>
[Config(typeof(QuantumBenchmarkConfig))]
public class SingleSampleKernelBenchmarks
{
    private SingleSampleProgram _program = null!;
    private SingleSampleWorkspace _workspace = null!;
    private double[] _parameters = null!;
    private double[] _inputs = null!;
    private readonly double[] _expectations = new double[8];

    /// <summary>False keeps the block updates on AVX2 (the kernels before AVX-512 was used).</summary>
    [Params(false, true)]
    public bool Avx512 { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var circuit = HardwareEfficientAnsatz.Create(new HardwareEfficientAnsatz.Options { Qubits = 8, Layers = 3 });
        var lanes = new LaneProgram(CircuitProgram.Compile(circuit));
        _program = new SingleSampleProgram(lanes, Avx512 ? KernelIsa.Avx512 : KernelIsa.Avx2);
        _workspace = new SingleSampleWorkspace(_program);
        var rng = new Random(42);
        _parameters = Enumerable.Range(0, lanes.Program.ParameterCount).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        _inputs = Enumerable.Range(0, lanes.Program.InputCount).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
    }

    /// <summary>One sample through the whole circuit.</summary>
    [Benchmark]
    public double Forward()
    {
        _program.Forward(_workspace, _parameters, _inputs, _expectations);
        return _expectations[0];
    }
}
