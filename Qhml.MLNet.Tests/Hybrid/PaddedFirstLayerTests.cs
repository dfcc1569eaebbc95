using Qhml.MLNet.Hybrid;

namespace Qhml.MLNet.Tests.Hybrid;

/// <summary>
/// The single-precision first layer's float weights are laid out with each row padded to 16 floats and the buffer
/// on a 64-byte boundary, so vector loads never straddle cache lines. The padding must change no arithmetic.
/// </summary>
public class PaddedFirstLayerTests
{
    [Theory]
    [InlineData(13, 6, 16)]
    [InlineData(16, 3, 16)]
    [InlineData(706, 64, 720)]
    public void TheFloatCopyHoldsEachRowAtItsStrideWithZeroPadding(int features, int hidden, int expectedStride)
    {
        var network = new DenseNetwork(features, [hidden], 8, HybridActivation.ReLU);
        var parameters = new double[network.ParameterCount];
        network.Initialize(parameters, new Random(features));
        Assert.Equal(expectedStride, network.SingleFirstLayerStride);
        Assert.Equal(hidden * expectedStride, network.SingleFirstLayerLength);

        var copy = new float[network.SingleFirstLayerLength];
        copy.AsSpan().Fill(float.NaN); // padding must be written, not left as found
        network.RoundFirstLayerWeights(parameters, copy);
        for (int o = 0; o < hidden; o++)
        {
            for (int i = 0; i < features; i++)
                Assert.Equal((float)parameters[(o * features) + i], copy[(o * expectedStride) + i]);
            for (int i = features; i < expectedStride; i++)
                Assert.Equal(0f, copy[(o * expectedStride) + i]);
        }
    }

    [Fact]
    public void AFloatCopyOfTheWrongLengthIsRefused()
    {
        var network = new DenseNetwork(13, [6], 8, HybridActivation.ReLU);
        var parameters = new double[network.ParameterCount];
        var ex = Assert.Throws<ArgumentException>(() => network.RoundFirstLayerWeights(parameters, new float[13 * 6]));
        Assert.Contains("78 values; expected 96", ex.Message);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(13)]
    [InlineData(706)]
    public void PaddedRowsGiveTheSameSumsAsPackedRows(int n)
    {
        var rng = new Random(n);
        int stride = (n + 15) / 16 * 16;
        float[] packed = Enumerable.Range(0, 8 * n).Select(_ => (float)SyntheticRegression.Gaussian(rng)).ToArray();
        var padded = new float[8 * stride];
        for (int o = 0; o < 8; o++)
            packed.AsSpan(o * n, n).CopyTo(padded.AsSpan(o * stride));
        float[][] x = Enumerable.Range(0, 4).Select(_ => Enumerable.Range(0, n).Select(_ => (float)SyntheticRegression.Gaussian(rng)).ToArray()).ToArray();

        var a = new float[8];
        var b = new float[8];
        DenseKernels.DotOutputs8<float>(packed, n, x[0], a);
        DenseKernels.DotOutputs8<float>(padded, stride, x[0], b);
        AssertSameBits(a, b);

        DenseKernels.DotRows4Outputs2<float>(packed, n, x[0], x[1], x[2], x[3], a);
        DenseKernels.DotRows4Outputs2<float>(padded, stride, x[0], x[1], x[2], x[3], b);
        AssertSameBits(a, b);
        // And the block kernel agrees with the one-row kernel for the first two weight rows of sample 0.
        DenseKernels.DotOutputs8<float>(padded, stride, x[0], a);
        Assert.Equal(BitConverter.SingleToInt32Bits(a[0]), BitConverter.SingleToInt32Bits(b[0]));
        Assert.Equal(BitConverter.SingleToInt32Bits(a[1]), BitConverter.SingleToInt32Bits(b[1]));
    }

    [Fact]
    public void AKernelGivenTooShortAWeightBlockRefusesIt()
    {
        var x = new float[20];
        var s = new float[8];
        Assert.Throws<ArgumentException>(() => DenseKernels.DotOutputs8<float>(new float[(7 * 32) + 19], 32, x, s));
        Assert.Throws<ArgumentException>(() => DenseKernels.DotOutputs8<float>(new float[8 * 20], 16, x, s)); // stride below the row length
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(64 * 720)]
    public unsafe void AlignedBuffersStartOnACacheLineAndAreZeroed(int length)
    {
        for (int k = 0; k < 5; k++)
        {
            Memory<float> buffer = AlignedMemory.AllocateSingle(length);
            Assert.Equal(length, buffer.Length);
            using var pin = buffer.Pin();
            Assert.Equal(0L, (long)pin.Pointer % AlignedMemory.Alignment);
            Assert.True(buffer.Span.ToArray().All(v => v == 0f));
        }
        GC.Collect(); // pinned-heap buffers do not move: a buffer made before a collection stays aligned
        Memory<float> kept = AlignedMemory.AllocateSingle(length);
        GC.Collect();
        using var pinKept = kept.Pin();
        Assert.Equal(0L, (long)pinKept.Pointer % AlignedMemory.Alignment);
        Assert.True(AlignedMemory.AllocateSingle(0).IsEmpty);
        Assert.Throws<ArgumentOutOfRangeException>(() => AlignedMemory.AllocateSingle(-1));
    }

    private static void AssertSameBits(float[] expected, float[] actual)
    {
        for (int k = 0; k < expected.Length; k++)
            Assert.True(BitConverter.SingleToInt32Bits(expected[k]) == BitConverter.SingleToInt32Bits(actual[k]),
                $"sum {k}: packed {expected[k]:R}, padded {actual[k]:R}");
    }
}
