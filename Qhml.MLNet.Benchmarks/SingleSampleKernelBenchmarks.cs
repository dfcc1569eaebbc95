using BenchmarkDotNet.Attributes;
using Qhml.MLNet.Quantum;

namespace Qhml.MLNet.Benchmarks;

/// <summary>
/// The one-sample circuit engine (single-row scoring) with its block updates on AVX2 or on AVX-512, on the same
/// machine: the whole "8q x 3L" forward for one sample, and one block update (a 2x2 complex matrix on one bit
/// position of a 256-amplitude state). On a machine without AVX-512 both rows run the AVX2 kernel.
/// Run: <c>dotnet run -c Release --project Qhml.MLNet.Benchmarks -- --filter '*SingleSampleKernel*'</c>
/// </summary>
[Config(typeof(QuantumBenchmarkConfig))]
public class SingleSampleKernelBenchmarks
{
    private const int Dim = 256;
    private SingleSampleProgram _program = null!;
    private SingleSampleWorkspace _workspace = null!;
    private double[] _parameters = null!;
    private double[] _inputs = null!;
    private readonly double[] _expectations = new double[8];
    private readonly double[] _re = new double[Dim];
    private readonly double[] _im = new double[Dim];
    private readonly Matrix2 _block = new(0.8, 0.1, -0.5, 0.2, 0.5, 0.05, 0.8, -0.1);

    /// <summary>False keeps the block updates on AVX2 (the kernels before AVX-512 was used).</summary>
    [Params(false, true)]
    public bool Avx512 { get; set; }

    /// <summary>Bit position of the block update (0-2 pair amplitudes inside one vector).</summary>
    [Params(0, 2, 5)]
    public int Bit { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var circuit = HardwareEfficientAnsatz.Create(new HardwareEfficientAnsatz.Options { Qubits = 8, Layers = 3 });
        var lanes = new LaneProgram(CircuitProgram.Compile(circuit));
        _program = new SingleSampleProgram(lanes, useVectors: true, useWideVectors: Avx512);
        _workspace = new SingleSampleWorkspace(_program);
        var rng = new Random(42);
        _parameters = Enumerable.Range(0, lanes.Program.ParameterCount).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        _inputs = Enumerable.Range(0, lanes.Program.InputCount).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        for (int i = 0; i < Dim; i++)
        {
            _re[i] = rng.NextDouble() * 0.06;
            _im[i] = rng.NextDouble() * 0.06;
        }
    }

    /// <summary>One sample through the whole circuit (the <c>Bit</c> parameter does not apply).</summary>
    [Benchmark]
    public double Forward()
    {
        _program.Forward(_workspace, _parameters, _inputs, _expectations);
        return _expectations[0];
    }

    /// <summary>One block update on bit position <see cref="Bit"/>.</summary>
    [Benchmark]
    public double BlockUpdate()
    {
        if (Avx512 && _program.UsesWideVectors)
            SingleSampleWideKernels.Apply(_re, _im, Dim, Bit, _block);
        else
            SingleSampleKernels.Apply(_re, _im, Dim, Bit, _block, vectors: true);
        return _re[0];
    }
}
