using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Qhml.MLNet.Tests.FreshProcess;

namespace Qhml.MLNet.Tests.Transforms;

public class ModeratedTanhPersistenceTests
{
    [Fact]
    public void FreshProcessRoundTripIsBitIdenticalWithoutRegistration()
    {
        var mlContext = new MLContext(seed: 1);
        var data = ModeratedTanhTestData.MixedView(mlContext, 300, seed: 11);
        var model = mlContext.Transforms.NormalizeModeratedTanh("FeaturesNorm", "Features")
            .Append(mlContext.Transforms.NormalizeModeratedTanh("ScalarNorm", "Scalar", halfRange: Math.PI / 2))
            .Fit(data);
        var expected = model.Transform(data);

        using var scored = FreshProcessScoring.Run(mlContext, model, data);

        Assert.False(scored.QhmlLoadedBeforeModelLoad);
        Assert.True(scored.QhmlLoadedAfterModelLoad);
        var expectedVectors = expected.GetColumn<float[]>("FeaturesNorm").ToArray();
        var actualVectors = scored.Output.GetColumn<float[]>("FeaturesNorm").ToArray();
        Assert.Equal(expectedVectors.Length, actualVectors.Length);
        for (int i = 0; i < expectedVectors.Length; i++)
            Assert.Equal(expectedVectors[i].Select(BitConverter.SingleToInt32Bits), actualVectors[i].Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(
            expected.GetColumn<double>("ScalarNorm").Select(BitConverter.DoubleToInt64Bits),
            scored.Output.GetColumn<double>("ScalarNorm").Select(BitConverter.DoubleToInt64Bits));

        // The output keeps the input's type and slot names after the round trip.
        var column = scored.Output.Schema["FeaturesNorm"];
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, ModeratedTanhTestData.VectorSize), column.Type);
        VBuffer<ReadOnlyMemory<char>> names = default;
        column.GetSlotNames(ref names);
        Assert.Equal(new[] { "normal", "student3", "lognormal", "uniform" }, names.DenseValues().Select(n => n.ToString()));
    }

    private sealed class Prediction
    {
        public float Score { get; set; }
    }

    private static IEstimator<ITransformer> SdcaPipeline(MLContext mlContext)
        => mlContext.Transforms.Concatenate("Raw", "Features")
            .Append(mlContext.Transforms.NormalizeModeratedTanh("Normalized", "Raw"))
            .Append(mlContext.Transforms.Concatenate("Features", "Normalized"))
            // One thread: multi-threaded SDCA is nondeterministic and, on these labels, unstable.
            .Append(mlContext.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options
            {
                LabelColumnName = "Label",
                FeatureColumnName = "Features",
                NumberOfThreads = 1,
                MaximumNumberOfIterations = 200,
                ConvergenceTolerance = 1e-4f,
            }));

    [Fact]
    public void SdcaPipelineScoresIdenticallyInAFreshProcessAndInPredictionEngine()
    {
        var mlContext = new MLContext(seed: 1);
        var train = ModeratedTanhTestData.MixedView(mlContext, 400, seed: 21);
        var test = ModeratedTanhTestData.MixedView(mlContext, 50, seed: 22);
        var model = SdcaPipeline(mlContext).Fit(train);
        var expected = model.Transform(test).GetColumn<float>("Score").ToArray();
        // What is tested here is persistence; SDCA's accuracy on these heavy-tailed labels is poor and
        // erratic with any normalizer (it diverges with ML.NET's min-max one), so only check that it learned something.
        Assert.All(expected, s => Assert.True(float.IsFinite(s)));
        Assert.True(expected.Distinct().Count() > 40, "scores should vary with the features");

        using var scored = FreshProcessScoring.Run(mlContext, model, test);
        Assert.False(scored.QhmlLoadedBeforeModelLoad);
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), scored.Output.GetColumn<float>("Score").Select(BitConverter.SingleToInt32Bits));

        // Load in this process too, and score row by row with a PredictionEngine.
        var loaded = mlContext.Model.Load(scored.ModelPath, out var inputSchema);
        Assert.Equal(ModeratedTanhTestData.VectorSize, ((VectorDataViewType)inputSchema["Features"].Type).Size);
        var engine = mlContext.Model.CreatePredictionEngine<ModeratedTanhTestData.Row, Prediction>(loaded, inputSchema);
        var rows = ModeratedTanhTestData.MixedRows(50, seed: 22);
        for (int i = 0; i < rows.Length; i++)
            Assert.Equal(expected[i], engine.Predict(rows[i]).Score);
    }

    [Fact]
    public void LoadedTransformerKeepsItsParameters()
    {
        var mlContext = new MLContext(seed: 1);
        var data = ModeratedTanhTestData.MixedView(mlContext, 200, seed: 31);
        var transformer = mlContext.Transforms.NormalizeModeratedTanh(new ModeratedTanhNormalizingEstimator.Options
        {
            OutputColumnName = "Norm",
            InputColumnName = "Features",
            Scaling = ModeratedTanhScaling.MedianInterquartileRange,
            Criterion = ModeratedTanhModerationCriterion.MaximumEntropy,
            HalfRange = Math.PI / 2,
            ThrowOnNaN = true,
        }).Fit(data);
        using var stream = new MemoryStream();
        mlContext.Model.Save(transformer, data.Schema, stream);
        stream.Position = 0;
        var loaded = Assert.IsType<ModeratedTanhNormalizingTransformer>(mlContext.Model.Load(stream, out _));
        var before = transformer.GetNormalizerModelParameters(0);
        var after = loaded.GetNormalizerModelParameters(0);
        Assert.Equal(before.Center.ToArray(), after.Center.ToArray());
        Assert.Equal(before.Scale.ToArray(), after.Scale.ToArray());
        Assert.Equal(before.Moderation.ToArray(), after.Moderation.ToArray());
        Assert.Equal(before.HalfRange, after.HalfRange);
        Assert.Equal(ModeratedTanhScaling.MedianInterquartileRange, after.Scaling);
        Assert.True(after.ThrowOnNaN);
        Assert.True(after.IsModerationFitted);
        Assert.Equal(("Norm", "Features"), (after.OutputColumnName, after.InputColumnName));
        Assert.Equal(before.InputType, after.InputType);
    }

    [Fact]
    public void ComposesWithFastTreeAndLightGbmAfterIt()
    {
        var mlContext = new MLContext(seed: 1);
        var train = ModeratedTanhTestData.MixedView(mlContext, 400, seed: 41);
        var test = ModeratedTanhTestData.MixedView(mlContext, 60, seed: 42);
        var normalize = mlContext.Transforms.NormalizeModeratedTanh("Features");
        foreach (var trainer in new IEstimator<ITransformer>[]
                 {
                     mlContext.Regression.Trainers.FastTree(numberOfLeaves: 8, numberOfTrees: 30, minimumExampleCountPerLeaf: 5),
                     mlContext.Regression.Trainers.LightGbm(numberOfLeaves: 8, numberOfIterations: 30, minimumExampleCountPerLeaf: 5),
                 })
        {
            var model = normalize.Append(trainer).Fit(train);
            var expected = model.Transform(test).GetColumn<float>("Score").ToArray();
            Assert.True(mlContext.Regression.Evaluate(model.Transform(test)).RSquared > 0.3);
            using var stream = new MemoryStream();
            mlContext.Model.Save(model, train.Schema, stream);
            stream.Position = 0;
            var reloaded = new MLContext(seed: 2).Model.Load(stream, out _);
            Assert.Equal(expected, reloaded.Transform(test).GetColumn<float>("Score").ToArray());
        }
    }
}
