using Qhml.MLNet.Hybrid;
using Qhml.MLNet.Normalization;

namespace Qhml.MLNet.Tests.Hybrid;

public class HybridTrainingBehaviourTests
{
    // The hybrid term alone, trained on every row unless a validation set or fraction is given (what these tests are about).
    private static HybridOptions Small(InterfaceNormalization normalization = InterfaceNormalization.ModeratedTanh) => new()
    {
        HiddenLayers = [16], NumberOfQubits = 4, NumberOfLayers = 2, NumberOfEpochs = 30, InterfaceNormalization = normalization,
        UseLinearPath = false, ValidationFraction = 0,
    };

    [Fact]
    public void EarlyStoppingRestoresTheBestValidationEpoch()
    {
        // Few rows, many noisy features: validation loss turns up, so patience stops training.
        var train = SyntheticRegression.Dataset(60, 40, seed: 1, noise: 1.0);
        var valid = SyntheticRegression.Dataset(60, 40, seed: 2, noise: 1.0);
        var options = Small();
        options.NumberOfEpochs = 300;
        options.LearningRate = 0.02;
        options.EarlyStoppingPatience = 5;
        var reports = new List<HybridEpochReport>();
        var model = new HybridTrainer(options).Fit(train, valid, reports.Add);

        var d = model.Diagnostics;
        Assert.True(d.EpochsRun < 300, $"Ran all {d.EpochsRun} epochs.");
        Assert.Equal(d.BestEpoch + 5, d.EpochsRun);
        double best = d.EpochValidationLoss.Min();
        Assert.Equal(best, d.EpochValidationLoss[d.BestEpoch - 1]);
        Assert.Equal(d.EpochsRun, reports.Count);
        Assert.Equal(Enumerable.Range(1, d.EpochsRun), reports.Select(r => r.Epoch));
        Assert.Equal(d.EpochTrainLoss, reports.Select(r => r.TrainLoss));

        // The restored weights reproduce the best validation loss (standardized squared error).
        var (vx, vy) = (valid.Features.ToArray(), valid.Labels.ToArray());
        var predictions = new float[vy.Length];
        model.PredictBatch(vx, predictions);
        double mse = 0;
        for (int i = 0; i < vy.Length; i++)
        {
            double r = ((double)predictions[i] - vy[i]) / model.LabelStandardDeviation;
            mse += r * r;
        }
        Assert.Equal(best, mse / vy.Length, 4);
    }

    [Fact]
    public void HeldOutFractionIsUsedWhenNoValidationSetIsGiven()
    {
        var train = SyntheticRegression.Dataset(100, 6, seed: 1);
        var options = Small();
        options.ValidationFraction = 0.25;
        options.NumberOfEpochs = 3;
        var model = new HybridTrainer(options).Fit(train);
        Assert.Equal(25, model.Diagnostics.ValidationRowCount);
        Assert.Equal(75, model.Diagnostics.TrainingRowCount);
        Assert.All(model.Diagnostics.EpochValidationLoss, l => Assert.True(double.IsFinite(l)));
    }

    [Fact]
    public void CancellationStopsTraining()
    {
        var train = SyntheticRegression.Dataset(100, 6, seed: 1);
        using var cts = new CancellationTokenSource();
        var options = Small();
        options.NumberOfEpochs = 1000;
        int seen = 0;
        Assert.ThrowsAny<OperationCanceledException>(() => new HybridTrainer(options).Fit(train, null, r =>
        {
            if (++seen == 2)
                cts.Cancel();
        }, cts.Token));
        Assert.Equal(2, seen);
    }

    [Fact]
    public void ZeroWeightRowsDoNotInfluenceTheModel()
    {
        var (x, y) = SyntheticRegression.Make(120, 6, seed: 1);
        var weights = new float[120];
        for (int i = 0; i < 120; i++)
        {
            weights[i] = i % 2;
            if (i % 2 == 0)
                y[i] = 1000f; // would dominate a squared loss if counted
        }
        var options = Small();
        options.NumberOfEpochs = 20;
        var model = new HybridTrainer(options).Fit(new HybridDataset(6, x, y, weights));
        var predictions = new float[120];
        model.PredictBatch(x, predictions);
        // Neither the fit nor the (weighted) label scaling sees the zero-weight rows: predictions stay near
        // the real labels (|y| < 10), far from 1000.
        Assert.All(predictions, p => Assert.True(Math.Abs(p) < 15, $"Prediction {p} follows the zero-weight labels."));
    }

    [Theory]
    [InlineData(InterfaceNormalization.ModeratedTanh)]
    [InlineData(InterfaceNormalization.Sigmoid)]
    [InlineData(InterfaceNormalization.AdaptiveModeratedTanh)]
    [InlineData(InterfaceNormalization.None)]
    public void InterfaceHistogramDescribesTheFinalModelOnTheTrainingRows(InterfaceNormalization normalization)
    {
        var (x, y) = SyntheticRegression.Make(80, 6, seed: 1);
        var options = Small(normalization);
        options.NumberOfEpochs = 5;
        var model = new HybridTrainer(options).Fit(new HybridDataset(6, x, y));
        var angles = new double[80 * 4];
        model.ComputeInterfaceAngles(x, angles);
        var h = model.Diagnostics.InterfaceHistogram;
        Assert.Equal(InterfaceHistogram.DefaultBinCount, h.Counts.Count);
        Assert.Equal(80 * 4, h.Total);
        double center = 0.5 * (h.RangeLow + h.RangeHigh);
        double expected = ModeratedTanh.SaturatedFraction(angles.Select(a => a - center).ToArray(), options.AngleHalfRange);
        Assert.Equal(expected, model.Diagnostics.InterfaceSaturation, 12);
        if (normalization == InterfaceNormalization.Sigmoid)
            Assert.Equal((0.0, Math.PI), (h.RangeLow, h.RangeHigh));
        else
            Assert.Equal((-Math.PI / 2, Math.PI / 2), (h.RangeLow, h.RangeHigh));
        int bin = (int)((angles[0] - h.RangeLow) / (h.RangeHigh - h.RangeLow) * h.Counts.Count);
        if (bin >= 0 && bin < h.Counts.Count)
            Assert.True(h.Counts[bin] > 0);
    }

    [Fact]
    public void FrozenMinMaxIsTheRangeOfTheFinalNetworkOnTheTrainingRows()
    {
        var (x, y) = SyntheticRegression.Make(80, 6, seed: 1);
        var model = new HybridTrainer(Small(InterfaceNormalization.MinMax)).Fit(new HybridDataset(6, x, y));
        var angles = new double[80 * 4];
        model.ComputeInterfaceAngles(x, angles);
        for (int j = 0; j < 4; j++)
        {
            var column = Enumerable.Range(0, 80).Select(i => angles[i * 4 + j]).ToArray();
            Assert.Equal(-Math.PI / 2, column.Min(), 6);
            Assert.Equal(Math.PI / 2, column.Max(), 6);
        }
        Assert.Equal(4, model.InterfaceMinimum.Length);
        Assert.True(model.InterfaceMean.IsEmpty);
    }

    [Fact]
    public void ModelExposesItsParts()
    {
        var (x, y) = SyntheticRegression.Make(40, 6, seed: 1);
        var options = Small(InterfaceNormalization.AdaptiveModeratedTanh);
        options.NumberOfEpochs = 2;
        var model = new HybridTrainer(options).Fit(new HybridDataset(6, x, y));
        Assert.Equal(2, model.NetworkLayerCount);
        Assert.Equal(16 * 6, model.GetLayerWeights(0).Length);
        Assert.Equal(4, model.GetLayerBiases(1).Length);
        Assert.Equal(2 * 4 * 2, model.CircuitParameters.Length);
        Assert.Equal(4, model.ReadoutWeights.Length);
        Assert.True(double.IsFinite(model.ReadoutBias));
        Assert.Equal(4, model.InterfaceVariance.Length);
        Assert.All(model.InterfaceVariance.ToArray(), v => Assert.True(v > 0));
        Assert.Equal(y.Average(v => (double)v), model.LabelMean, 5);
        Assert.Equal(16 * 6 + 16 + 4 * 16 + 4 + 16 + 4 + 1, model.ParameterCount);
        // Single-row and batch predictions agree bit for bit.
        var batch = new float[40];
        model.PredictBatch(x, batch);
        var ws = model.CreateWorkspace();
        for (int i = 0; i < 40; i++)
        {
            Assert.Equal(batch[i], model.Predict(x.AsSpan(i * 6, 6)));
            Assert.Equal(batch[i], model.Predict(x.AsSpan(i * 6, 6), ws));
        }
    }

    [Fact]
    public void ClassicalHeadMatchesTheQuantumParameterCount()
    {
        var (x, y) = SyntheticRegression.Make(40, 6, seed: 1);
        var quantum = new HybridTrainer(new HybridOptions { HiddenLayers = [8], NumberOfEpochs = 1 }).Fit(new HybridDataset(6, x, y));
        var classical = new HybridTrainer(new HybridOptions { HiddenLayers = [8], NumberOfEpochs = 1, Head = HybridHeadKind.Classical }).Fit(new HybridDataset(6, x, y));
        int quantumHead = quantum.HeadParameters.Length, classicalHead = classical.HeadParameters.Length;
        Assert.Equal(2 * 8 * 3 + 8 + 1, quantumHead);
        Assert.True(Math.Abs(classicalHead - quantumHead) <= 5, $"Classical head {classicalHead} vs quantum head {quantumHead} parameters.");
        Assert.Equal(6, classical.Architecture.ClassicalHeadHiddenUnits); // 6 x (8 + 2) + 1 = 61 is the closest to 57
        Assert.True(classical.CircuitParameters.IsEmpty);
    }
}
