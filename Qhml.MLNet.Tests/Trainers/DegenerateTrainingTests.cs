using Microsoft.ML;
using Microsoft.ML.Runtime;
using Qhml.MLNet.Hybrid;

namespace Qhml.MLNet.Tests.Trainers;

/// <summary>Training says when it learned nothing, and every non-finite value is the trainer's own divergence error.</summary>
public class DegenerateTrainingTests
{
    private static IDataView Scaled(MLContext mlContext, float factor)
    {
        var (x, y) = TrainerTestData.Make(200, seed: 41);
        return TrainerTestData.VectorView(mlContext, x.Select(v => v * factor).ToArray(), y, TrainerTestData.FeatureCount);
    }

    // Features whose largest magnitude is exactly maxAbs: extreme, but finite.
    private static IDataView ScaledTo(MLContext mlContext, double maxAbs)
    {
        var (x, y) = TrainerTestData.Make(200, seed: 41);
        double factor = maxAbs / x.Max(v => Math.Abs((double)v));
        return TrainerTestData.VectorView(mlContext, x.Select(v => (float)(v * factor)).ToArray(), y, TrainerTestData.FeatureCount);
    }

    [Fact]
    public void UnscaledFeaturesGiveAWarningOnTheLogAndAFlag()
    {
        var mlContext = new MLContext(seed: 1);
        var warnings = new List<string>();
        mlContext.Log += (_, e) =>
        {
            if (e.Kind == ChannelMessageKind.Warning)
                warnings.Add(e.Message);
        };
        var model = mlContext.Regression.Trainers.QuantumHybrid(TrainerTestData.SmallOptions(epochs: 3)).Fit(Scaled(mlContext, 1e5f));

        var d = model.Model.Diagnostics;
        Assert.True(d.Degeneracy.HasFlag(HybridDegeneracy.SaturatedInterface), $"Saturation {d.InterfaceSaturation}, flags {d.Degeneracy}.");
        string warning = Assert.Single(warnings, w => w.Contains("learned nothing", StringComparison.Ordinal));
        Assert.Contains("interface saturation", warning);
        Assert.Contains("unscaled features", warning);
    }

    [Fact]
    public void AHealthyModelRaisesNoFlagAndNoWarning()
    {
        var mlContext = new MLContext(seed: 1);
        var warnings = new List<string>();
        mlContext.Log += (_, e) =>
        {
            if (e.Kind == ChannelMessageKind.Warning)
                warnings.Add(e.Message);
        };
        var model = mlContext.Regression.Trainers.QuantumHybrid(TrainerTestData.SmallOptions(epochs: 8)).Fit(Scaled(mlContext, 1f));
        var d = model.Model.Diagnostics;
        Assert.Equal(HybridDegeneracy.None, d.Degeneracy);
        Assert.True(d.PredictionSpread > HybridDegeneracyRules.MinPredictionSpread, $"Spread {d.PredictionSpread}.");
        Assert.Empty(warnings);
    }

    [Fact]
    public void TheOptionTurnsADegenerateModelIntoAnError()
    {
        var mlContext = new MLContext(seed: 1);
        var options = TrainerTestData.SmallOptions(epochs: 3);
        options.ThrowOnDegenerateModel = true;
        var e = Assert.Throws<InvalidOperationException>(() => mlContext.Regression.Trainers.QuantumHybrid(options).Fit(Scaled(mlContext, 1e5f)));
        Assert.Contains("learned nothing", e.Message);
        Assert.Contains("ThrowOnDegenerateModel", e.Message);
    }

    [Fact]
    public void ExtremeFiniteFeaturesGiveTheTrainersOwnDivergenceError()
    {
        var mlContext = new MLContext(seed: 1);
        var e = Assert.Throws<InvalidOperationException>(() =>
            mlContext.Regression.Trainers.QuantumHybrid(new QuantumHybridRegressionTrainer.Options { NumberOfEpochs = 2 }).Fit(ScaledTo(mlContext, 3e38)));
        Assert.Contains("Training diverged at epoch 1", e.Message);
        Assert.Contains("check the scale of the features", e.Message);
        Assert.DoesNotContain("input slot", e.Message);
    }
}
