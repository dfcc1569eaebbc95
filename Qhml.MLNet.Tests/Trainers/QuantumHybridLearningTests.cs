using MathNet.Numerics.Statistics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit.Abstractions;

namespace Qhml.MLNet.Tests.Trainers;

public class QuantumHybridLearningTests
{
    private readonly ITestOutputHelper _output;

    public QuantumHybridLearningTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void BeatsPredictingTheMeanOnAKnownNonlinearTarget()
    {
        var mlContext = new MLContext(seed: 1);
        var (trainX, trainY) = TrainerTestData.Make(500, seed: 31);
        var (testX, testY) = TrainerTestData.Make(300, seed: 32);
        var options = TrainerTestData.SmallOptions(epochs: 80);
        options.HiddenLayers = [32];
        var model = mlContext.Regression.Trainers.QuantumHybrid(options)
            .Fit(TrainerTestData.VectorView(mlContext, trainX, trainY, TrainerTestData.FeatureCount));

        var predictions = model.Transform(TrainerTestData.VectorView(mlContext, testX, testY, TrainerTestData.FeatureCount))
            .GetColumn<float>("Score").ToArray();
        double trainMean = trainY.Average(v => (double)v);
        double mseModel = 0, mseMean = 0;
        for (int i = 0; i < testY.Length; i++)
        {
            mseModel += Math.Pow(predictions[i] - testY[i], 2);
            mseMean += Math.Pow(trainMean - testY[i], 2);
        }
        _output.WriteLine($"test MSE {mseModel / testY.Length:F4} vs mean predictor {mseMean / testY.Length:F4}");
        Assert.True(mseModel < 0.5 * mseMean, $"Model MSE {mseModel / testY.Length:F4} should be under half the mean predictor's {mseMean / testY.Length:F4}.");
    }

    [RealDataFact]
    public void PredictsVenetoclaxOnHeldOutCellLines()
    {
        var data = RealDrugSplit.Load("Venetoclax", trainCount: 200, seed: 1);
        var mlContext = new MLContext(seed: 1);
        var train = TrainerTestData.VectorView(mlContext, data.TrainFeatures, data.TrainLabels, data.FeatureCount);
        var test = TrainerTestData.VectorView(mlContext, data.TestFeatures, data.TestLabels, data.FeatureCount);

        // Default model and training (8 qubits x 3 layers, hidden {64}, 100 epochs); expression is already z-scored.
        var model = mlContext.Regression.Trainers.QuantumHybrid(new QuantumHybridRegressionTrainer.Options { Seed = 1 }).Fit(train);

        var predictions = model.Transform(test).GetColumn<float>("Score").ToArray();
        double r = Correlation.Pearson(predictions.Select(v => (double)v), data.TestLabels.Select(v => (double)v));
        _output.WriteLine($"Venetoclax: {data.TrainLabels.Length} train, {data.TestLabels.Length} test lines; test Pearson r {r:F4}; " +
            $"interface saturation {model.Model.InterfaceSaturation:F4}");
        Assert.True(r >= 0.55, $"Test Pearson r {r:F4} is below 0.55.");
    }
}
