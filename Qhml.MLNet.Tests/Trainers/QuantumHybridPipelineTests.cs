using Microsoft.ML;
using Microsoft.ML.Data;
using Xunit.Abstractions;

namespace Qhml.MLNet.Tests.Trainers;

public class QuantumHybridPipelineTests
{
    private static readonly string[] FeatureNames = ["X0", "X1", "X2", "X3", "X4", "Noise"];
    private readonly ITestOutputHelper _output;

    public QuantumHybridPipelineTests(ITestOutputHelper output) => _output = output;

    private static IEstimator<ITransformer> Pipeline(MLContext mlContext, QuantumHybridRegressionTrainer.Options options)
        => mlContext.Transforms.ReplaceMissingValues(FeatureNames.Select(n => new InputOutputColumnPair(n)).ToArray())
            .Append(mlContext.Transforms.Concatenate("Features", FeatureNames))
            .Append(mlContext.Transforms.NormalizeMeanVariance("Features"))
            .Append(mlContext.Regression.Trainers.QuantumHybrid(options));

    [Fact]
    public void PipelineWithImputationAndNormalizationFitsAndEvaluates()
    {
        var mlContext = new MLContext(seed: 1);
        var train = TrainerTestData.ScalarView(mlContext, 400, seed: 3, missingFraction: 0.05);
        var test = TrainerTestData.ScalarView(mlContext, 200, seed: 4, missingFraction: 0.05);
        var model = Pipeline(mlContext, TrainerTestData.SmallOptions(epochs: 40)).Fit(train);

        var metrics = mlContext.Regression.Evaluate(model.Transform(test));
        _output.WriteLine($"test RMSE {metrics.RootMeanSquaredError:F4}, R^2 {metrics.RSquared:F4}");
        Assert.True(double.IsFinite(metrics.RootMeanSquaredError));
        Assert.True(metrics.RSquared > 0.3, $"R^2 {metrics.RSquared:F4} on held-out rows; the pipeline should learn the target.");

        var hybrid = Assert.IsType<RegressionPredictionTransformer<QuantumHybridModelParameters>>(((IEnumerable<ITransformer>)model).Last());
        Assert.Equal(TrainerTestData.FeatureCount, hybrid.Model.FeatureCount);
        Assert.Equal(40, hybrid.Model.EpochTrainLoss.Count);
    }

    [Fact]
    public void CrossValidateRunsFiveFolds()
    {
        var mlContext = new MLContext(seed: 1);
        var data = TrainerTestData.ScalarView(mlContext, 250, seed: 5, missingFraction: 0.02);
        var results = mlContext.Regression.CrossValidate(data, Pipeline(mlContext, TrainerTestData.SmallOptions(epochs: 10)), numberOfFolds: 5);

        Assert.Equal(5, results.Count);
        foreach (var fold in results)
        {
            Assert.True(double.IsFinite(fold.Metrics.RootMeanSquaredError) && fold.Metrics.RootMeanSquaredError > 0);
            var scores = fold.ScoredHoldOutSet.GetColumn<float>("Score").ToArray();
            Assert.InRange(scores.Length, 30, 70);
            Assert.All(scores, s => Assert.True(float.IsFinite(s)));
        }
    }

    [Fact]
    public void PredictionEngineMatchesBatchScoringBitForBit()
    {
        var mlContext = new MLContext(seed: 1);
        var train = TrainerTestData.ScalarView(mlContext, 200, seed: 6, missingFraction: 0.05);
        var model = Pipeline(mlContext, TrainerTestData.SmallOptions()).Fit(train);
        var batch = model.Transform(train).GetColumn<float>("Score").ToArray();

        var engine = mlContext.Model.CreatePredictionEngine<ScalarRow, ScoreRow>(model);
        var rows = mlContext.Data.CreateEnumerable<ScalarRow>(train, reuseRowObject: false).ToArray();
        var single = rows.Select(r => engine.Predict(r).Score).ToArray();

        Assert.Equal(TrainerTestData.Bits(batch), TrainerTestData.Bits(single));
        Assert.True(batch.Distinct().Count() > 100, "Scores should vary across rows.");
    }

    [Fact]
    public void PermutationFeatureImportanceRanksSignalAboveNoise()
    {
        var mlContext = new MLContext(seed: 1);
        var options = TrainerTestData.SmallOptions(epochs: 60);
        options.HiddenLayers = [16];
        var data = TrainerTestData.VectorView(mlContext, 400, seed: 7);
        var model = mlContext.Regression.Trainers.QuantumHybrid(options).Fit(data);

        var importance = mlContext.Regression.PermutationFeatureImportance(model, data, permutationCount: 2);

        Assert.Equal(TrainerTestData.FeatureCount, importance.Length);
        double[] rmseIncrease = importance.Select(m => m.RootMeanSquaredError.Mean).ToArray();
        _output.WriteLine("RMSE increase per feature: " + string.Join(", ", rmseIncrease.Select(v => v.ToString("F4"))));
        // Feature 5 is pure noise; features 0 (sin 2x), 1 and 2 (product) and 3 (square) carry the target.
        Assert.All(new[] { 0, 1, 2, 3 }, j => Assert.True(rmseIncrease[j] > rmseIncrease[5],
            $"Feature {j} (signal) should matter more than feature 5 (noise): {rmseIncrease[j]:F4} vs {rmseIncrease[5]:F4}."));
    }
}
