using MathNet.Numerics.Statistics;
using Qhml.MLNet.Hybrid;
using Xunit.Abstractions;

namespace Qhml.MLNet.Tests.Hybrid;

public class HybridRealDataTests
{
    private readonly ITestOutputHelper _output;

    public HybridRealDataTests(ITestOutputHelper output) => _output = output;

    [RealDataFact]
    public void DefaultQuantumModelPredictsVenetoclaxOnHeldOutCellLines()
    {
        var data = RealDrugSplit.Load("Venetoclax", trainCount: 200, seed: 1);
        var model = new HybridTrainer(new HybridOptions()).Fit(new HybridDataset(data.FeatureCount, data.TrainFeatures, data.TrainLabels));
        var predictions = new float[data.TestLabels.Length];
        model.PredictBatch(data.TestFeatures, predictions);
        double r = Correlation.Pearson(predictions.Select(v => (double)v), data.TestLabels.Select(v => (double)v));
        _output.WriteLine($"Venetoclax: {data.TrainLabels.Length} train, {data.TestLabels.Length} test lines; test Pearson r {r:F4}; " +
            $"epochs {model.Diagnostics.EpochsRun}, final train loss {model.Diagnostics.EpochTrainLoss[^1]:F4}, interface saturation {model.Diagnostics.InterfaceSaturation:F4}");
        Assert.True(r >= 0.55, $"Test Pearson r {r:F4} is below 0.55.");
    }
}
