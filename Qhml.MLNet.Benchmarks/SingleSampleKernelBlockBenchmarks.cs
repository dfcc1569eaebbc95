using BenchmarkDotNet.Attributes;
using Qhml.MLNet.Quantum;

namespace Qhml.MLNet.Benchmarks;

/// <summary>
/// One block update of the one-sample engine (a 2x2 complex matrix on one bit position of a 256-amplitude state)
/// with the AVX2 or the AVX-512 kernel. Bits 0-2 pair amplitudes inside one vector (shuffles or permutes).
/// On a machine without AVX-512 both rows run the AVX2 kernel.
/// Run: <c>dotnet run -c Release --project Qhml.MLNet.Benchmarks -- --filter '*SingleSampleKernel*'</c>
/// </summary>
[Config(typeof(QuantumBenchmarkConfig))]
public class SingleSampleKernelBlockBenchmarks
{
    private const int Dim = 256;
    private readonly double[] _re = new double[Dim];
    private readonly double[] _im = new double[Dim];
    private readonly Matrix2x2<double> _block = new(0.8, 0.1, -0.5, 0.2, 0.5, 0.05, 0.8, -0.1);
    private KernelIsa _isa;

    /// <summary>False: the AVX2 kernel.</summary>
    [Params(false, true)]
    public bool Avx512 { get; set; }

    /// <summary>Bit position of the block update.</summary>
    [Params(0, 2, 5)]
    public int Bit { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _isa = SingleSampleKernels.For(Avx512 ? KernelIsa.Avx512 : KernelIsa.Avx2, Dim);
        var rng = new Random(42);
        for (int i = 0; i < Dim; i++)
        {
            _re[i] = rng.NextDouble() * 0.06;
            _im[i] = rng.NextDouble() * 0.06;
        }
    }

    [Benchmark]
    public double BlockUpdate()
    {
        SingleSampleKernels.Apply(_isa, _re, _im, Dim, Bit, _block);
        return _re[0];
    }
}
