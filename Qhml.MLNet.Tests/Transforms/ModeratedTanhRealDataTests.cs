using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Qhml.MLNet.Normalization;
using Xunit.Abstractions;

namespace Qhml.MLNet.Tests.Transforms;

/// <summary>The fitted moderation on the real GDSC2/CCLE expression matrix versus the plain tanh of the z-score.</summary>
public class ModeratedTanhRealDataTests
{
    private readonly ITestOutputHelper _output;

    public ModeratedTanhRealDataTests(ITestOutputHelper output) => _output = output;

    [RealDataFact]
    public void FittedModerationSaturatesLessAndSpreadsMoreThanPlainTanhOfZScore()
    {
        var mlContext = new MLContext(seed: 1);
        var data = ExpressionData.LoadView(mlContext);

        var plain = Measure(mlContext, data, mlContext.Transforms.NormalizeModeratedTanh("Expression", moderation: 1.0));
        var fitted = Measure(mlContext, data, mlContext.Transforms.NormalizeModeratedTanh("Expression"));
        var robust = Measure(mlContext, data, mlContext.Transforms.NormalizeModeratedTanh("Expression", scaling: ModeratedTanhScaling.MedianInterquartileRange));

        var entropyFit = Measure(mlContext, data, mlContext.Transforms.NormalizeModeratedTanh(new ModeratedTanhNormalizingEstimator.Options
        {
            OutputColumnName = "Expression",
            Criterion = ModeratedTanhModerationCriterion.MaximumEntropy,
        }));
        Report("fitted m, max-entropy criterion", entropyFit);
        Report("plain tanh(z), m = 1", plain);
        Report("fitted m, saturation target (mean/SD)", fitted);
        Report("fitted m, saturation target (median/IQR)", robust);

        Assert.True(fitted.SaturatedFraction < plain.SaturatedFraction,
            $"fitted saturated fraction {fitted.SaturatedFraction} should be below plain tanh's {plain.SaturatedFraction}");
        Assert.True(robust.SaturatedFraction < plain.SaturatedFraction,
            $"robust fitted saturated fraction {robust.SaturatedFraction} should be below plain tanh's {plain.SaturatedFraction}");
        // The max-entropy criterion beats the plain tanh on both measures (m = 1 is one of its candidates).
        Assert.True(entropyFit.MeanSlotEntropy > plain.MeanSlotEntropy,
            $"max-entropy mean histogram entropy {entropyFit.MeanSlotEntropy} should exceed plain tanh's {plain.MeanSlotEntropy}");
        Assert.True(entropyFit.SaturatedFraction < plain.SaturatedFraction,
            $"max-entropy saturated fraction {entropyFit.SaturatedFraction} should be below plain tanh's {plain.SaturatedFraction}");
        // The criterion per gene: at most floor(1% of 580) = 5 saturated cell lines (or m at its minimum of 1).
        int allowed = ModerationFit.AllowedSaturatedCount(580, ModeratedTanhNormalizingDefaults.TargetSaturatedFraction);
        Assert.Equal(5, allowed);
        Assert.All(fitted.SaturatedPerSlot, count => Assert.InRange(count, 0, allowed));
    }

    private sealed record Measurement(double SaturatedFraction, double PooledEntropy, double MeanSlotEntropy,
        int[] SaturatedPerSlot, double[] Moderation);

    private static Measurement Measure(MLContext mlContext, IDataView data, ModeratedTanhNormalizingEstimator estimator)
    {
        var transformer = estimator.Fit(data);
        var rows = transformer.Transform(data).GetColumn<float[]>("Expression").ToArray();
        int slots = rows[0].Length;
        var all = rows.SelectMany(r => r.Select(v => (double)v)).ToArray();
        var saturatedPerSlot = new int[slots];
        double entropySum = 0;
        for (int s = 0; s < slots; s++)
        {
            var column = rows.Select(r => (double)r[s]).ToArray();
            saturatedPerSlot[s] = column.Count(v => ModeratedTanh.IsSaturated(v, 1.0));
            entropySum += ModerationFit.OutputHistogramEntropy(column, 1.0);
        }
        return new Measurement(ModeratedTanh.SaturatedFraction(all, 1.0), ModerationFit.OutputHistogramEntropy(all, 1.0),
            entropySum / slots, saturatedPerSlot, transformer.GetNormalizerModelParameters(0).Moderation.ToArray());
    }

    private void Report(string name, Measurement m)
    {
        var sorted = m.Moderation.Order().ToArray();
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: saturated fraction {m.SaturatedFraction:P2}; 20-bin output entropy pooled {m.PooledEntropy:F3} bits, mean per gene {m.MeanSlotEntropy:F3} bits (max {Math.Log2(20):F3}); "
            + $"m min {sorted[0]:F3} median {sorted[sorted.Length / 2]:F3} max {sorted[^1]:F3}; genes with >5 saturated lines: {m.SaturatedPerSlot.Count(c => c > 5)}"));
    }
}
