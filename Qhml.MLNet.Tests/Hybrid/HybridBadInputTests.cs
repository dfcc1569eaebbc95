using Qhml.MLNet.Hybrid;

namespace Qhml.MLNet.Tests.Hybrid;

public class HybridBadInputTests
{
    private static HybridOptions Small(HybridHeadKind head = HybridHeadKind.Classical) => new()
    {
        HiddenLayers = [8], NumberOfQubits = 3, NumberOfLayers = 1, Head = head, NumberOfEpochs = 3,
    };

    [Fact]
    public void NaNFeatureThrowsNamingRowAndSlot()
    {
        var (x, y) = SyntheticRegression.Make(20, 5, seed: 1);
        x[3 * 5 + 2] = float.NaN;
        var ex = Assert.Throws<ArgumentException>(() => new HybridTrainer(Small()).Fit(new HybridDataset(5, x, y)));
        Assert.Contains("feature slot 2 of row 3", ex.Message);
        Assert.Contains("NaN", ex.Message);
    }

    [Fact]
    public void AllZeroWeightsThrowNamingTheTrainingSet()
    {
        var (x, y) = SyntheticRegression.Make(20, 5, seed: 1);
        var weights = new float[20];
        var options = Small();
        options.ValidationFraction = 0;
        var ex = Assert.Throws<ArgumentException>(
            () => new HybridTrainer(options).Fit(new HybridDataset(5, x, y, weights)));
        Assert.Equal("training", ex.ParamName);
        Assert.Contains("All 20 training rows have example weight 0", ex.Message);
    }

    [Fact]
    public void InfiniteFeatureRowIsSkippedWhenAskedAndCounted()
    {
        var (x, y) = SyntheticRegression.Make(20, 5, seed: 1);
        x[4 * 5 + 1] = float.PositiveInfinity;
        x[9 * 5 + 0] = float.NaN;
        var options = Small();
        options.SkipRowsWithNonFiniteFeatures = true;
        var model = new HybridTrainer(options).Fit(new HybridDataset(5, x, y));
        Assert.Equal(2, model.Diagnostics.SkippedInvalidFeatureRows);
        Assert.Equal(18, model.Diagnostics.TrainingRowCount + model.Diagnostics.ValidationRowCount);
    }

    [Fact]
    public void NaNLabelsAreSkippedAndCounted()
    {
        var (x, y) = SyntheticRegression.Make(20, 5, seed: 1);
        y[0] = float.NaN;
        y[7] = float.NaN;
        y[8] = float.NaN;
        var model = new HybridTrainer(Small()).Fit(new HybridDataset(5, x, y));
        Assert.Equal(3, model.Diagnostics.SkippedNaNLabelRows);
        Assert.Equal(17, model.Diagnostics.TrainingRowCount + model.Diagnostics.ValidationRowCount);
        Assert.True(double.IsFinite(model.Predict(x.AsSpan(5, 5))));
    }

    [Fact]
    public void FewerRowsThanABatchTrains()
    {
        var (x, y) = SyntheticRegression.Make(5, 5, seed: 1);
        var options = Small(HybridHeadKind.Quantum);
        options.InterfaceNormalization = InterfaceNormalization.AdaptiveModeratedTanh;
        var model = new HybridTrainer(options).Fit(new HybridDataset(5, x, y));
        Assert.Equal(5, model.Diagnostics.TrainingRowCount + model.Diagnostics.ValidationRowCount);
        Assert.All(model.Diagnostics.EpochTrainLoss, l => Assert.True(double.IsFinite(l)));
    }

    [Fact]
    public void ZeroRowsThrow()
    {
        var ex = Assert.Throws<ArgumentException>(() => new HybridTrainer(Small()).Fit(new HybridDataset(5, Array.Empty<float>(), Array.Empty<float>())));
        Assert.Contains("no usable rows", ex.Message);
    }

    [Fact]
    public void OnlyNaNLabelsThrow()
    {
        var (x, _) = SyntheticRegression.Make(4, 5, seed: 1);
        var y = new[] { float.NaN, float.NaN, float.NaN, float.NaN };
        var ex = Assert.Throws<ArgumentException>(() => new HybridTrainer(Small()).Fit(new HybridDataset(5, x, y)));
        Assert.Contains("4 with a NaN label", ex.Message);
    }

    [Fact]
    public void NegativeWeightThrowsNamingTheRow()
    {
        var (x, y) = SyntheticRegression.Make(6, 5, seed: 1);
        var w = new float[] { 1, 1, 1, 1, -2, 1 };
        var ex = Assert.Throws<ArgumentException>(() => new HybridTrainer(Small()).Fit(new HybridDataset(5, x, y, w)));
        Assert.Contains("weight of row 4", ex.Message);
    }

    [Fact]
    public void FeatureCountMustMatchQubitsWithoutHiddenLayers()
    {
        var (x, y) = SyntheticRegression.Make(10, 5, seed: 1);
        var options = Small();
        options.HiddenLayers = [];
        var ex = Assert.Throws<ArgumentException>(() => new HybridTrainer(options).Fit(new HybridDataset(5, x, y)));
        Assert.Contains("(5) must equal the qubit count (3)", ex.Message);
    }

    [Fact]
    public void DivergenceStopsWithAClearErrorInsteadOfANaNModel()
    {
        var (x, y) = SyntheticRegression.Make(64, 5, seed: 1);
        var options = Small();
        options.InterfaceNormalization = InterfaceNormalization.None;
        options.LearningRate = 1e300;
        options.NumberOfEpochs = 50;
        var ex = Assert.Throws<InvalidOperationException>(() => new HybridTrainer(options).Fit(new HybridDataset(5, x, y)));
        Assert.Contains("diverged", ex.Message);
    }

    [Fact]
    public void InvalidOptionIsNamed()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new HybridTrainer(new HybridOptions { BatchSize = 0 }));
        Assert.Equal("BatchSize", ex.ParamName);
    }

    [Fact]
    public void WrongPredictLengthThrows()
    {
        var (x, y) = SyntheticRegression.Make(10, 5, seed: 1);
        var model = new HybridTrainer(Small()).Fit(new HybridDataset(5, x, y));
        Assert.Throws<ArgumentException>(() => model.Predict(new float[4]));
    }
}

public class HybridPredictionInputTests
{
    [Fact]
    public void NonFiniteFeaturesPredictNaNWithoutDisturbingOtherRows()
    {
        var (x, y) = SyntheticRegression.Make(30, 5, seed: 1);
        var model = new HybridTrainer(new HybridOptions { HiddenLayers = [8], NumberOfQubits = 3, NumberOfLayers = 1, NumberOfEpochs = 3 }).Fit(new HybridDataset(5, x, y));
        var bad = (float[])x.Clone();
        bad[2 * 5 + 4] = float.NaN;
        bad[7 * 5 + 0] = float.NegativeInfinity;
        var predictions = new float[30];
        model.PredictBatch(bad, predictions);
        for (int i = 0; i < 30; i++)
        {
            if (i is 2 or 7)
                Assert.True(float.IsNaN(predictions[i]), $"Row {i} should be NaN, got {predictions[i]}.");
            else
                Assert.Equal(model.Predict(x.AsSpan(i * 5, 5)), predictions[i]);
        }
        Assert.True(float.IsNaN(model.Predict(bad.AsSpan(2 * 5, 5))));
        Assert.True(float.IsNaN(model.Predict(bad.AsSpan(7 * 5, 5))));
    }
}
