using Xunit.Abstractions;
using Qhml.MLNet.Hybrid;

namespace Qhml.MLNet.Tests.Hybrid;

public class HybridLearningTests
{
    private readonly ITestOutputHelper _output;

    public HybridLearningTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData(HybridHeadKind.Quantum)]
    [InlineData(HybridHeadKind.Classical)]
    public void BeatsPredictingTheMeanOnAKnownNonlinearTarget(HybridHeadKind head)
    {
        const int f = 8;
        var train = SyntheticRegression.Dataset(400, f, seed: 1);
        var (xTest, yTest) = SyntheticRegression.Make(300, f, seed: 2);
        var options = new HybridOptions { HiddenLayers = [32], NumberOfQubits = 4, NumberOfLayers = 2, Head = head, NumberOfEpochs = 150, LearningRate = 0.01 };
        var model = new HybridTrainer(options).Fit(train);

        var predictions = new float[yTest.Length];
        model.PredictBatch(xTest, predictions);
        double mse = SyntheticRegression.Mse(predictions, yTest);
        double baseline = SyntheticRegression.Variance(yTest);
        _output.WriteLine($"{head}: test MSE {mse:F4}, predicting the mean {baseline:F4}, ratio {mse / baseline:F3}, final train loss {model.Diagnostics.EpochTrainLoss[^1]:F4}");
        Assert.True(mse < 0.5 * baseline, $"{head}: test MSE {mse:F4} is not below half the variance {baseline:F4}.");
    }
}
