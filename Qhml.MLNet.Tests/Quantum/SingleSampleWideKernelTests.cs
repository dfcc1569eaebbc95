using Qhml.MLNet.Quantum;

namespace Qhml.MLNet.Tests.Quantum;

/// <summary>
/// The AVX-512 block update must give the AVX2 kernel's bits (which give the lane engine's) for every bit
/// position, including 0-2 where pairs sit inside one 8-wide vector.
/// </summary>
public class SingleSampleWideKernelTests
{
    [Avx512Fact]
    public void EveryBitPositionMatchesTheAvx2KernelBitForBit()
    {
        var rng = new Random(77);
        for (int qubits = 4; qubits <= 10; qubits++)
        {
            int dim = 1 << qubits;
            for (int bit = 0; bit < qubits; bit++)
            {
                // A general complex matrix (not unitary), so a swapped coefficient or sign cannot hide.
                double[] c = RandomCircuits.Uniform(rng, 8, 1.0);
                var u = new Matrix2(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]);
                double[] re = RandomCircuits.Uniform(rng, dim, 1.0), im = RandomCircuits.Uniform(rng, dim, 1.0);
                double[] wideRe = (double[])re.Clone(), wideIm = (double[])im.Clone();

                SingleSampleKernels.Apply(re, im, dim, bit, u, vectors: true);
                SingleSampleWideKernels.Apply(wideRe, wideIm, dim, bit, u);

                for (int i = 0; i < dim; i++)
                {
                    Assert.True(BitConverter.DoubleToInt64Bits(re[i]) == BitConverter.DoubleToInt64Bits(wideRe[i]),
                        $"{qubits} qubits, bit {bit}, amplitude {i} (real): AVX2 {re[i]:R}, AVX-512 {wideRe[i]:R}");
                    Assert.True(BitConverter.DoubleToInt64Bits(im[i]) == BitConverter.DoubleToInt64Bits(wideIm[i]),
                        $"{qubits} qubits, bit {bit}, amplitude {i} (imaginary): AVX2 {im[i]:R}, AVX-512 {wideIm[i]:R}");
                }
            }
        }
    }

    [Avx512Fact]
    public void AStateShorterThanTwoVectorsIsRefused()
    {
        var u = new Matrix2(1, 0, 0, 0, 0, 0, 1, 0);
        var ex = Assert.Throws<ArgumentException>(() => SingleSampleWideKernels.Apply(new double[8], new double[8], 8, 0, u));
        Assert.Contains("16 amplitudes", ex.Message);
    }
}
