using Qhml.MLNet.Hybrid;

namespace Qhml.MLNet.Tests.Hybrid;

/// <summary>
/// The one-row AVX-512 first-layer kernel reads an interleaved copy of the float weights; its sums must be the
/// bits of the eight-row AVX2 kernel, for every input count (including tails) and group.
/// </summary>
public class InterleavedFirstLayerTests
{
    [Fact]
    public void TheLayoutPutsEachWeightAtItsSlotAndPadsWithZeros()
    {
        const int inputs = 11, outputs = 10, stride = 16;
        var rowMajor = new float[outputs * stride];
        for (int o = 0; o < outputs; o++)
            for (int i = 0; i < inputs; i++)
                rowMajor[(o * stride) + i] = (o * 100) + i + 1;
        var layout = new float[InterleavedFirstLayer.Length(inputs, outputs)];
        Assert.Equal(2 * 2 * 64, layout.Length); // 2 groups (10 outputs -> 16) x 2 chunks (11 inputs -> 16) x 64
        InterleavedFirstLayer.Build(rowMajor, stride, inputs, outputs, layout);

        int groupLength = InterleavedFirstLayer.GroupLength(inputs);
        // Output 3 = group 0, pair 1, second row; input 9 = chunk 1, lane 1.
        Assert.Equal(310f, layout[(0 * groupLength) + 64 + 16 + 8 + 1]);
        // Output 9 = group 1, pair 0, second row; input 2 = chunk 0, lane 2.
        Assert.Equal(903f, layout[(1 * groupLength) + 8 + 2]);
        int nonZero = layout.Count(v => v != 0f);
        Assert.Equal(inputs * outputs, nonZero); // every weight once, everything else padding
        Assert.Throws<ArgumentException>(() => InterleavedFirstLayer.Build(rowMajor, stride, inputs, outputs, new float[layout.Length - 1]));
    }

    [InterleavedFirstLayerFact]
    public void SumsAreTheBitsOfTheEightRowKernelForEveryShape()
    {
        var rng = new Random(12);
        foreach (int inputs in new[] { 1, 7, 8, 9, 13, 16, 31, 706 })
        {
            foreach (int outputs in new[] { 8, 13, 64 })
            {
                int stride = (inputs + 15) / 16 * 16;
                var rowMajor = new float[outputs * stride];
                for (int o = 0; o < outputs; o++)
                    for (int i = 0; i < inputs; i++)
                        rowMajor[(o * stride) + i] = (float)SyntheticRegression.Gaussian(rng);
                var layout = new float[InterleavedFirstLayer.Length(inputs, outputs)];
                InterleavedFirstLayer.Build(rowMajor, stride, inputs, outputs, layout);
                float[] x = Enumerable.Range(0, inputs).Select(_ => (float)SyntheticRegression.Gaussian(rng)).ToArray();

                var expected = new float[8];
                var actual = new float[8];
                for (int g = 0; g + 1 <= outputs / 8; g++)
                {
                    DenseKernels.DotOutputs8<float>(rowMajor.AsSpan(g * 8 * stride, (7 * stride) + inputs), stride, x, expected);
                    InterleavedFirstLayer.DotOutputs8(layout, g, x, actual);
                    for (int k = 0; k < 8; k++)
                        Assert.True(BitConverter.SingleToInt32Bits(expected[k]) == BitConverter.SingleToInt32Bits(actual[k]),
                            $"{inputs} inputs, {outputs} outputs, group {g}, output {k}: AVX2 {expected[k]:R}, AVX-512 {actual[k]:R}");
                }
            }
        }
    }

    [InterleavedFirstLayerFact]
    public void ANetworkScoresALoneRowWithTheSameBitsWithOrWithoutTheInterleavedCopy()
    {
        var network = new DenseNetwork(706, [64], 8, HybridActivation.ReLU);
        var rng = new Random(3);
        var parameters = new double[network.ParameterCount];
        network.Initialize(parameters, rng);
        var weights = new float[network.SingleFirstLayerLength];
        network.RoundFirstLayerWeights(parameters, weights);
        var interleaved = new float[network.InterleavedFirstLayerLength];
        network.InterleaveFirstLayerWeights(weights, interleaved);
        float[] x = Enumerable.Range(0, 706).Select(_ => (float)SyntheticRegression.Gaussian(rng)).ToArray();

        var plain = new double[network.ActivationBufferSize];
        var fast = new double[network.ActivationBufferSize];
        network.ForwardRows(parameters, weights, x, [0], plain);
        network.ForwardRows(parameters, weights, x, [0], fast, interleaved);
        Assert.Equal(plain.Select(BitConverter.DoubleToInt64Bits), fast.Select(BitConverter.DoubleToInt64Bits));

        var ex = Assert.Throws<ArgumentException>(() => network.ForwardRows(parameters, weights, x, [0], fast, interleaved.AsSpan(1)));
        Assert.Contains("interleaved weights do not match", ex.Message);
    }
}
