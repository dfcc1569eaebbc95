using System.Numerics;
using Qhml.MLNet.Quantum;

namespace Qhml.MLNet.Tests.Quantum;

/// <summary>
/// Every kernel set this machine runs (scalar, Vector&lt;double&gt; lanes, AVX2, AVX-512) must give the same bits on the
/// same circuits: the arithmetic is written once and only instantiated per width.
/// </summary>
public class KernelSetTests
{
    /// <summary>The instruction sets of the one-sample engine this machine can run.</summary>
    private static KernelIsa[] AvailableSets()
        => [.. new[] { KernelIsa.Scalar, KernelIsa.Avx2, KernelIsa.Avx512 }.Where(isa => SingleSampleKernels.For(isa, 1 << 10) == isa)];

    [Fact]
    public void EveryKernelSetGivesTheSameExpectationsOnRandomCircuits()
    {
        KernelIsa[] sets = AvailableSets();
        Assert.Contains(KernelIsa.Scalar, sets);
        Assert.Equal(SingleSampleKernels.Best, sets[^1]);
        var rng = new Random(2024);
        for (int round = 0; round < 24; round++)
        {
            int qubits = 4 + (round % 7);
            var circuit = RandomCircuits.Create(rng, qubits, 40 + (10 * round), 5, qubits);
            var lanes = new LaneProgram(CircuitProgram.Compile(circuit));
            double[] theta = RandomCircuits.Uniform(rng, lanes.Program.ParameterCount, Math.PI);
            double[] x = RandomCircuits.Uniform(rng, LaneProgram.Lanes * lanes.Program.InputCount, Math.PI);

            // The Vector<double> set: the lane engine, one sample per lane.
            LaneState laneState = RandomCircuits.LaneForward(lanes, theta, x);

            foreach (KernelIsa isa in sets)
            {
                var single = new SingleSampleProgram(lanes, isa);
                Assert.Equal(isa, single.Isa);
                var ws = new SingleSampleWorkspace(single);
                var e = new double[qubits];
                for (int l = 0; l < LaneProgram.Lanes; l++)
                {
                    single.Forward(ws, theta, x.AsSpan(l * lanes.Program.InputCount, lanes.Program.InputCount), e);
                    for (int q = 0; q < qubits; q++)
                        AssertSameBits(laneState.Expectations[q][l], e[q], $"round {round}, {qubits} qubits, {isa} against Vector<double>, lane {l}, qubit {q}");
                }
            }
        }
    }

    [Fact]
    public void EveryKernelSetAppliesABlockToEveryBitPositionWithTheSameBits()
    {
        var rng = new Random(77);
        for (int qubits = 4; qubits <= 10; qubits++)
        {
            int dim = 1 << qubits;
            for (int bit = 0; bit < qubits; bit++)
            {
                // A general complex matrix (not unitary), so a swapped coefficient or sign cannot hide.
                double[] c = RandomCircuits.Uniform(rng, 8, 1.0);
                var u = new Matrix2x2<double>(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]);
                double[] re = RandomCircuits.Uniform(rng, dim, 1.0), im = RandomCircuits.Uniform(rng, dim, 1.0);

                // The lane engine's kernel on the same state broadcast to every lane (identity mapping).
                var laneRe = re.Select(v => new Vector<double>(v)).ToArray();
                var laneIm = im.Select(v => new Vector<double>(v)).ToArray();
                var identity = new IndexMapping(qubits, [.. Enumerable.Range(0, qubits).Select(b => 1 << b)]);
                LaneKernels.Apply(laneRe, laneIm, identity, bit, MatrixMath<Vector<double>, VectorArithmetic>.Broadcast(u), dim);

                foreach (KernelIsa isa in AvailableSets())
                {
                    double[] setRe = (double[])re.Clone(), setIm = (double[])im.Clone();
                    SingleSampleKernels.Apply(isa, setRe, setIm, dim, bit, u);
                    for (int i = 0; i < dim; i++)
                    {
                        AssertSameBits(laneRe[i][0], setRe[i], $"{qubits} qubits, bit {bit}, amplitude {i} (real), {isa}");
                        AssertSameBits(laneIm[i][0], setIm[i], $"{qubits} qubits, bit {bit}, amplitude {i} (imaginary), {isa}");
                    }
                }
            }
        }
    }

    [Avx512Fact]
    public void AStateShorterThanTwoAvx512VectorsIsRefused()
    {
        var u = new Matrix2x2<double>(1, 0, 0, 0, 0, 0, 1, 0);
        Assert.Equal(KernelIsa.Avx512, SingleSampleKernels.For(KernelIsa.Avx512, 16));
        var ex = Assert.Throws<ArgumentException>(() => SingleSampleKernels.Apply(KernelIsa.Avx512, new double[8], new double[8], 8, 0, u));
        Assert.Contains("16 amplitudes", ex.Message);
    }

    [Fact]
    public void ASmallStateGetsANarrowerKernelSet()
    {
        Assert.Equal(KernelIsa.Scalar, SingleSampleKernels.For(KernelIsa.Avx512, 4));
        if (SingleSampleKernels.Avx2Supported)
            Assert.Equal(KernelIsa.Avx2, SingleSampleKernels.For(KernelIsa.Avx512, 8));
    }

    private static void AssertSameBits(double expected, double actual, string where)
        => Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual),
            $"{where}: expected {expected:R}, got {actual:R}");
}
