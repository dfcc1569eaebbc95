using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;
using Qhml.MLNet.Normalization;

namespace Qhml.MLNet.Tests.Transforms;

/// <summary>Fitting the moderation on known distributions (fixed seeds).</summary>
public class ModerationFitTests
{
    private const int N = 20_000;

    private static double[] Standardize(double[] x)
    {
        var (mean, sd) = x.MeanStandardDeviation();
        return x.Select(v => (v - mean) / sd).ToArray();
    }

    private static double[] NormalSample() => Normal.Samples(new Random(1), 3.0, 2.0).Take(N).ToArray();
    private static double[] StudentSample() => StudentT.Samples(new Random(2), 0.0, 1.0, 3.0).Take(N).ToArray();
    private static double[] LogNormalSample() => LogNormal.Samples(new Random(3), 0.0, 1.0).Take(N).ToArray();

    public static TheoryData<string> Distributions => new() { "normal", "student-t3", "lognormal" };

    private static double[] Sample(string name) => name switch
    {
        "normal" => NormalSample(),
        "student-t3" => StudentSample(),
        _ => LogNormalSample(),
    };

    private static int SaturatedCount(double[] z, double halfRange, double m)
        => z.Count(v => ModeratedTanh.IsSaturated(ModeratedTanh.Value(v, halfRange, m), halfRange));

    [Theory]
    [MemberData(nameof(Distributions))]
    public void SaturationTargetHoldsAtFittedModerationAndFailsJustBelow(string distribution)
    {
        var z = Standardize(Sample(distribution));
        foreach (double halfRange in new[] { 1.0, Math.PI / 2 })
        {
            double m = ModerationFit.SmallestModeration(z, 0.01, halfRange);
            int allowed = (int)Math.Floor(0.01 * N);
            Assert.Equal(200, allowed);
            Assert.True(m > 1.0, $"{distribution}: m = {m} should be above the minimum");
            Assert.InRange(SaturatedCount(z, halfRange, m), 0, allowed);
            Assert.True(SaturatedCount(z, halfRange, Math.BitDecrement(m)) > allowed, $"{distribution}: criterion still holds below m = {m}");
            Assert.True(SaturatedCount(z, halfRange, m * (1 - 1e-9)) > allowed);
            Assert.Equal(allowed / (double)N, ModeratedTanh.SaturatedFraction(z.Select(v => ModeratedTanh.Value(v, halfRange, m)).ToArray(), halfRange), 12);
        }
    }

    [Fact]
    public void NormalDataGivesTheQuantileRatioAndHeavierTailsNeedMore()
    {
        double normal = ModerationFit.SmallestModeration(Standardize(NormalSample()), 0.01);
        // 99% quantile of |z| for a normal is 2.5758; divided by atanh(0.95) = 1.8318 gives 1.406.
        Assert.InRange(normal, 1.36, 1.45);
        double student = ModerationFit.SmallestModeration(Standardize(StudentSample()), 0.01);
        double logNormal = ModerationFit.SmallestModeration(Standardize(LogNormalSample()), 0.01);
        Assert.True(student > normal, $"Student t(3): {student} vs normal {normal}");
        Assert.True(logNormal > normal, $"log-normal: {logNormal} vs normal {normal}");
    }

    [Fact]
    public void MinimumBindsWhenDataIsAlreadySpreadAndLooserTargetsGiveSmallerM()
    {
        var uniform = Standardize(ContinuousUniform.Samples(new Random(4), -1, 1).Take(N).ToArray());
        // |z| <= sqrt(3) = 1.73 < 1.83: nothing saturates even at m = 1, the minimum.
        Assert.Equal(1.0, ModerationFit.SmallestModeration(uniform, 0.0));
        Assert.Equal(0.5, ModerationFit.SmallestModeration(uniform, 0.0, minimumModeration: 0.5), 0.5);
        var z = Standardize(StudentSample());
        Assert.True(ModerationFit.SmallestModeration(z, 0.05) < ModerationFit.SmallestModeration(z, 0.01));
        Assert.True(ModerationFit.SmallestModeration(z, 0.0) > ModerationFit.SmallestModeration(z, 0.01));
        Assert.Equal(0, SaturatedCount(z, 1.0, ModerationFit.SmallestModeration(z, 0.0)));
    }

    [Fact]
    public void NaNAndInfinitiesAreIgnoredWhenFitting()
    {
        var z = Standardize(NormalSample());
        var polluted = z.Concat(new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity }).ToArray();
        Assert.Equal(ModerationFit.SmallestModeration(z, 0.01), ModerationFit.SmallestModeration(polluted, 0.01));
        Assert.Equal(1.0, ModerationFit.SmallestModeration(new[] { double.NaN }, 0.01));
    }

    [Theory]
    [MemberData(nameof(Distributions))]
    public void MaximumEntropyModerationBeatsEveryOtherModeration(string distribution)
    {
        var z = Standardize(Sample(distribution));
        double best = ModerationFit.MaximumEntropyModeration(z);
        double bestEntropy = Entropy(z, best);
        // An independent dense scan (not the fitter's grid) finds nothing noticeably better.
        for (double m = 1.0; m <= 12.0; m += 0.01)
            Assert.True(Entropy(z, m) <= bestEntropy + 0.002, $"{distribution}: m = {m} has entropy {Entropy(z, m)} > {bestEntropy} at fitted {best}");
        Assert.True(bestEntropy >= Entropy(z, 1.0));
    }

    [Theory]
    [MemberData(nameof(Distributions))]
    public void FittedModerationsScaleWithTheData(string distribution)
    {
        // Both criteria depend on z/m only, so doubling z must double m (minimum far below, not binding).
        var z = Standardize(Sample(distribution));
        var doubled = z.Select(v => 2 * v).ToArray();
        Assert.Equal(2 * ModerationFit.SmallestModeration(z, 0.01, minimumModeration: 0.01),
            ModerationFit.SmallestModeration(doubled, 0.01, minimumModeration: 0.01), 9);
        double ratio = ModerationFit.MaximumEntropyModeration(doubled, minimumModeration: 0.01)
            / ModerationFit.MaximumEntropyModeration(z, minimumModeration: 0.01);
        Assert.InRange(ratio, 1.95, 2.05); // the search grid is log-spaced, ~2% apart
    }

    [Fact]
    public void EntropyIsMaximalForUniformOutputsAndZeroForOneBin()
    {
        var uniform = Enumerable.Range(0, 2000).Select(i => -1 + (i + 0.5) / 1000.0).ToArray();
        Assert.Equal(Math.Log2(20), ModerationFit.OutputHistogramEntropy(uniform, 1.0), 12);
        Assert.Equal(0.0, ModerationFit.OutputHistogramEntropy(new[] { 0.99, 1.0, 0.97 }, 1.0));
        Assert.Equal(1.0, ModerationFit.OutputHistogramEntropy(new[] { -1.0, 1.0, double.NaN }, 1.0), 12);
    }

    [Fact]
    public void InvalidArgumentsThrow()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ModerationFit.SmallestModeration(new[] { 1.0 }, 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModerationFit.SmallestModeration(new[] { 1.0 }, -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModerationFit.SmallestModeration(new[] { 1.0 }, 0.01, halfRange: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModerationFit.MaximumEntropyModeration(new[] { 1.0 }, minimumModeration: double.NaN));
    }

    // The streaming fit keeps only the floor(f n) + 1 largest |z|: with heavy ties at the critical value (rounded data)
    // the count of saturated values runs past them, and the answer must still be the full sort's.
    [Theory]
    [InlineData(0.01, 1)]
    [InlineData(0.05, 2)]
    [InlineData(0.2, 3)]
    public void TheLargestMagnitudesAloneGiveTheSameModerationAsAllValues(double fraction, int seed)
    {
        var rng = new Random(seed);
        double[] z = Enumerable.Range(0, 5_000).Select(_ => Math.Round(Normal.Sample(rng, 0, 1.5) * 2) / 2).ToArray();
        double full = ModerationFit.SmallestModeration(z, fraction, 1.0, 1.0);
        double[] sorted = z.Select(Math.Abs).Order().ToArray();
        int keep = ModerationFit.AllowedSaturatedCount(z.Length, fraction) + 1;
        double fromLargest = ModerationFit.SmallestModerationOfLargest(sorted.AsSpan(sorted.Length - keep), z.Length, fraction, 1.0, 1.0);
        Assert.Equal(full, fromLargest);
        Assert.True(full > 1.0, "The test should exercise a fitted moderation, not the minimum.");
        Assert.Throws<ArgumentException>(() => ModerationFit.SmallestModerationOfLargest(sorted.AsSpan(sorted.Length - keep + 1), z.Length, fraction, 1.0, 1.0));
    }

    private static double Entropy(double[] z, double m)
        => ModerationFit.OutputHistogramEntropy(z.Select(v => ModeratedTanh.Value(v, 1.0, m)).ToArray(), 1.0);
}
