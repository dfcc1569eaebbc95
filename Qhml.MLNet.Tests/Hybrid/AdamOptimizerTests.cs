using Qhml.MLNet.Hybrid;

namespace Qhml.MLNet.Tests.Hybrid;

public class AdamOptimizerTests
{
    private const int Count = 20_003; // several parallel blocks and a scalar tail

    [Fact]
    public void StepsAreBitIdenticalOnOneThreadAndOnAll()
    {
        var rng = new Random(3);
        var decay = Enumerable.Range(0, Count).Select(i => i % 3 == 0 ? 0.0 : 0.01).ToArray();
        var p1 = Enumerable.Range(0, Count).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var pAll = (double[])p1.Clone();
        var serial = new AdamOptimizer(decay, 0.003, 1);
        var parallel = new AdamOptimizer(decay, 0.003, -1);
        for (int step = 0; step < 5; step++)
        {
            var g = Enumerable.Range(0, Count).Select(_ => rng.NextDouble() - 0.5).ToArray();
            Assert.True(serial.Step(p1, g));
            Assert.True(parallel.Step(pAll, g));
        }
        Assert.Equal(p1.Select(BitConverter.DoubleToInt64Bits), pAll.Select(BitConverter.DoubleToInt64Bits));
    }

    [Theory]
    [InlineData(double.NaN, 17_000)]
    [InlineData(double.PositiveInfinity, 5)]
    [InlineData(double.NegativeInfinity, Count - 1)] // the scalar tail
    public void ANonFiniteGradientAnywhereIsReported(double bad, int index)
    {
        var adam = new AdamOptimizer(new double[Count], 0.01, -1);
        var p = new double[Count];
        var g = Enumerable.Repeat(0.25, Count).ToArray();
        g[index] = bad;
        Assert.False(adam.Step(p, g));
    }

    [Fact]
    public void TheDecayPullsPenalizedParametersTowardZeroAndLeavesOthers()
    {
        // Zero loss gradient: only the L2 term moves a parameter, and only where its decay is positive.
        var decay = new double[] { 0.1, 0.0, 0.1, 0.0, 0.1 };
        var p = new double[] { 1.0, 1.0, -2.0, -2.0, 0.5 };
        var adam = new AdamOptimizer(decay, 0.01, 1);
        Assert.True(adam.Step(p, new double[5]));
        Assert.Equal(1.0 - 0.01, p[0], 1e-8);  // Adam's first step is lr * g / (|g| + eps), eps = 1e-8: lr * sign(g) to ~1e-9
        Assert.Equal(1.0, p[1]);
        Assert.Equal(-2.0 + 0.01, p[2], 1e-8);
        Assert.Equal(-2.0, p[3]);
        Assert.Equal(0.5 - 0.01, p[4], 1e-8);
    }
}
