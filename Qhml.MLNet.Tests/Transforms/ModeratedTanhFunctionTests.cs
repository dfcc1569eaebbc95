using Qhml.MLNet.Normalization;

namespace Qhml.MLNet.Tests.Transforms;

/// <summary>The moderated tanh as a function: value, derivative, shape and edge values.</summary>
public class ModeratedTanhFunctionTests
{
    private const double R = Math.PI / 2;
    private const double M = 1.7;

    [Fact]
    public void ValueMatchesDefinitionAndIsZeroAtZero()
    {
        Assert.Equal(0.0, ModeratedTanh.Value(0.0, R, M));
        Assert.Equal(R * Math.Tanh(2.3 / M), ModeratedTanh.Value(2.3, R, M), 15);
        // tanh(1) = 0.76159415595576...
        Assert.Equal(0.7615941559557649, ModeratedTanh.Value(M, 1.0, M), 15);
    }

    [Fact]
    public void DerivativeMatchesCentralDifferenceAndPeaksAtZero()
    {
        foreach (double x in new[] { -4.0, -1.0, -0.3, 0.0, 0.5, 2.0, 6.0 })
        {
            const double h = 1e-6;
            double numeric = (ModeratedTanh.Value(x + h, R, M) - ModeratedTanh.Value(x - h, R, M)) / (2 * h);
            Assert.Equal(numeric, ModeratedTanh.Derivative(x, R, M), 8);
            Assert.Equal(ModeratedTanh.Derivative(x, R, M), ModeratedTanh.DerivativeFromOutput(ModeratedTanh.Value(x, R, M), R, M), 12);
            Assert.True(ModeratedTanh.Derivative(x, R, M) <= R / M);
        }
        Assert.Equal(R / M, ModeratedTanh.Derivative(0, R, M), 15);
    }

    [Fact]
    public void IsStrictlyIncreasingBoundedAndOdd()
    {
        double previous = double.NegativeInfinity;
        for (double x = -8; x <= 8; x += 0.01)
        {
            double y = ModeratedTanh.Value(x, R, M);
            Assert.True(y > previous, $"not increasing at x = {x}");
            Assert.InRange(y, -R, R);
            Assert.Equal(-y, ModeratedTanh.Value(-x, R, M));
            previous = y;
        }
    }

    [Fact]
    public void InfinitiesMapToTheEndsAndNaNStaysNaN()
    {
        Assert.Equal(R, ModeratedTanh.Value(double.PositiveInfinity, R, M));
        Assert.Equal(-R, ModeratedTanh.Value(double.NegativeInfinity, R, M));
        Assert.Equal(0.0, ModeratedTanh.Derivative(double.PositiveInfinity, R, M));
        Assert.True(double.IsNaN(ModeratedTanh.Value(double.NaN, R, M)));
        Assert.False(ModeratedTanh.IsSaturated(double.NaN, R));
    }

    [Fact]
    public void NormalizeStandardizesFirstAndHandlesEdges()
    {
        Assert.Equal(R * Math.Tanh((7.0 - 5.0) / (2.0 * M)), ModeratedTanh.Normalize(7.0, 5.0, 2.0, R, M), 15);
        Assert.Equal(0.0, ModeratedTanh.Normalize(5.0, 5.0, 2.0, R, M));
        Assert.Equal(R, ModeratedTanh.Normalize(double.PositiveInfinity, 5.0, 2.0, R, M));
        Assert.Equal(-R, ModeratedTanh.Normalize(double.NegativeInfinity, 5.0, 2.0, R, M));
        Assert.True(double.IsNaN(ModeratedTanh.Normalize(double.NaN, 5.0, 2.0, R, M)));
        // Scale 0 (constant training slot): every non-NaN value maps to the middle of the range.
        Assert.Equal(0.0, ModeratedTanh.Normalize(123.0, 5.0, 0.0, R, M));
        Assert.Equal(0.0, ModeratedTanh.Normalize(double.PositiveInfinity, 5.0, 0.0, R, M));
        Assert.True(double.IsNaN(ModeratedTanh.Normalize(double.NaN, 5.0, 0.0, R, M)));
    }

    [Fact]
    public void SaturationStartsAtAtanhOf095TimesM()
    {
        double onset = ModerationFit.SaturationOnset * M;
        Assert.Equal(1.8317808230648225, ModerationFit.SaturationOnset, 12);
        Assert.True(ModeratedTanh.IsSaturated(ModeratedTanh.Value(onset * 1.0001, R, M), R));
        Assert.False(ModeratedTanh.IsSaturated(ModeratedTanh.Value(onset * 0.9999, R, M), R));
    }
}
