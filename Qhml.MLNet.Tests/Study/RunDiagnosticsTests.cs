using Qhml.MLNet.Study;

namespace Qhml.MLNet.Tests.Study;

public class RunDiagnosticsTests
{
    [Theory]
    [InlineData(new[] { 2.0, 1.0, 0.5 }, new[] { 2.0, 1.5, 1.4 }, false)]
    [InlineData(new[] { 2.0, 1.0, 0.5 }, new[] { 2.0, 1.5, 2.1 }, true)]  // validation ends above its start
    [InlineData(new[] { 2.0, double.NaN }, new double[0], true)]           // NaN training loss
    [InlineData(new[] { 2.0, 1.0 }, new[] { 1.0, double.PositiveInfinity }, true)]
    [InlineData(new[] { 2.0, 1.0 }, new double[0], false)]                  // no validation data: only NaN counts
    public void DivergedFollowsTheStudyDefinition(double[] training, double[] validation, bool expected)
    {
        Assert.Equal(expected, new RunDiagnostics(training, validation, 0.0, null).Diverged);
    }

    [Theory]
    [InlineData(new[] { 0.5, 0.6 }, 1.0, false, true)]   // rose after epoch 1 but ends well below the untrained model's loss
    [InlineData(new[] { 0.9, 1.2 }, 1.0, true, true)]    // ends above the untrained model's loss: diverged
    [InlineData(new[] { 0.9, 0.8 }, 1.0, false, false)]
    [InlineData(new[] { 1.2 }, 1.0, true, false)]        // one epoch is enough when the start is known
    public void DivergedIsJudgedAgainstTheUntrainedModelWhenItsLossIsKnown(double[] validation, double initial, bool diverged, bool rose)
    {
        var d = new RunDiagnostics([1.0, 0.5], validation, 0.0, null) { InitialValidationLoss = initial };
        Assert.Equal((diverged, rose), (d.Diverged, d.ValidationRoseAfterFirstEpoch));
    }

    [Fact]
    public void HistogramBinsValuesAndClampsTheEnds()
    {
        InterfaceHistogram h = InterfaceHistogram.FromValues([-2.0, -0.9, -0.1, 0.1, 0.2, 0.99, 5.0, double.NaN], -1, 1, 4);

        Assert.Equal([-1.0, -0.5, 0.0, 0.5, 1.0], h.BinEdges);
        Assert.Equal([2.0, 1.0, 2.0, 2.0], h.Counts);
    }
}

public class RunDiagnosticsFromHybridTests
{
    [Fact]
    public void CarriesTheHybridTrainersLossesSaturationAndHistogram()
    {
        StudyDataset data = StudyTestData.Linear("lin", rows: 40, features: 5, seed: 9);
        float[] x = Enumerable.Range(0, data.RowCount).SelectMany(i => data.GetFeatures(i).ToArray()).ToArray();
        float[] y = Enumerable.Range(0, data.RowCount).Select(data.GetLabel).ToArray();
        var trainer = new Qhml.MLNet.Hybrid.HybridTrainer(new Qhml.MLNet.Hybrid.HybridOptions
        {
            HiddenLayers = [4], NumberOfQubits = 2, NumberOfLayers = 1, NumberOfEpochs = 6, ValidationFraction = 0.25, EarlyStoppingPatience = 100, MaxDegreeOfParallelism = 1,
        });
        Qhml.MLNet.Hybrid.HybridTrainingDiagnostics hybrid = trainer.Fit(new Qhml.MLNet.Hybrid.HybridDataset(5, x, y)).Diagnostics;

        RunDiagnostics diagnostics = RunDiagnostics.FromHybrid(hybrid);

        Assert.Equal(6, diagnostics.TrainingLosses.Count);
        Assert.Equal(hybrid.EpochTrainLoss, diagnostics.TrainingLosses);
        Assert.Equal(hybrid.EpochValidationLoss, diagnostics.ValidationLosses);
        Assert.Equal(hybrid.InterfaceSaturation, diagnostics.SaturationFraction);
        Assert.Equal(hybrid.InitialValidationLoss, diagnostics.InitialValidationLoss);
        Assert.Equal(hybrid.Diverged, diagnostics.Diverged);
        InterfaceHistogram h = diagnostics.InterfaceHistogram!;
        Assert.Equal(hybrid.InterfaceHistogram.Counts.Count + 1, h.BinEdges.Count);
        Assert.Equal(hybrid.InterfaceHistogram.RangeLow, h.BinEdges[0]);
        Assert.Equal(hybrid.InterfaceHistogram.RangeHigh, h.BinEdges[^1], 12);
        Assert.Equal(hybrid.InterfaceHistogram.Total - hybrid.InterfaceHistogram.BelowRange - hybrid.InterfaceHistogram.AboveRange, h.Counts.Sum());
        Assert.True(h.Counts.Sum() > 0);
    }
}
