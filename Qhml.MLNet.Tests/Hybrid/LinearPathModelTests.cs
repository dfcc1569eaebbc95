using Qhml.MLNet.Hybrid;

namespace Qhml.MLNet.Tests.Hybrid;

public class LinearPathModelTests
{
    private const int F = 12;

    // A linear target plus the nonlinear synthetic one: the ridge takes the first, the hybrid term may take some of the rest.
    private static (float[] X, float[] Y) Make(int rows, int seed)
    {
        var (x, y) = SyntheticRegression.Make(rows, F, seed);
        for (int i = 0; i < rows; i++)
            y[i] += (float)(2 * x[i * F + 4] - 1.5 * x[i * F + 5] + 3);
        return (x, y);
    }

    private static HybridModel Train(bool linearPath, int seed = 3)
    {
        var (x, y) = Make(120, seed);
        return new HybridTrainer(new HybridOptions
        {
            HiddenLayers = [8], NumberOfQubits = 3, NumberOfLayers = 2, NumberOfEpochs = 15, ValidationFraction = 0.25, Seed = seed, UseLinearPath = linearPath,
        }).Fit(new HybridDataset(F, x, y));
    }

    private static byte[] Save(HybridModel model)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
            model.Save(writer);
        return stream.ToArray();
    }

    private static HybridModel Load(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes));
        return HybridModel.Load(reader);
    }

    private static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();

    [Fact]
    public void LinearPathLearnsTheLinearPartAndItsHybridWeightIsAFraction()
    {
        var model = Train(linearPath: true);
        var linear = Assert.IsType<LinearPath>(model.Linear);
        Assert.InRange(linear.HybridWeight, 0.0, 1.0);
        Assert.InRange(linear.Weights.Span[4], 1.6, 2.4);
        Assert.InRange(linear.Weights.Span[5], -1.9, -1.1);
        Assert.Null(Train(linearPath: false).Linear);

        // On fresh rows the wide model beats predicting the mean by far, and is at least as good as its linear path alone (up to noise).
        var (x, y) = Make(300, seed: 40);
        var predictions = new float[300];
        model.PredictBatch(x, predictions);
        var linearOnly = Enumerable.Range(0, 300).Select(i => (float)linear.Predict(x.AsSpan(i * F, F))).ToArray();
        double mse = SyntheticRegression.Mse(predictions, y), mseLinear = SyntheticRegression.Mse(linearOnly, y);
        Assert.True(mse < 0.5 * SyntheticRegression.Variance(y), $"MSE {mse:F4} vs label variance {SyntheticRegression.Variance(y):F4}");
        Assert.True(mse <= mseLinear * 1.05, $"wide MSE {mse:F4} vs linear path alone {mseLinear:F4}");
    }

    [Fact]
    public void EveryScoringPathAgreesAndSaveLoadIsBitExact()
    {
        var model = Train(linearPath: true);
        var (x, _) = Make(77, seed: 41);
        var batch = new float[77];
        model.PredictBatch(x, batch);
        var workspace = model.CreateWorkspace();
        for (int i = 0; i < 77; i++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(batch[i]), BitConverter.SingleToInt32Bits(model.Predict(x.AsSpan(i * F, F), workspace)));
            Assert.Equal(BitConverter.SingleToInt32Bits(batch[i]), BitConverter.SingleToInt32Bits(model.Predict(x.AsSpan(i * F, F))));
        }

        var loaded = Load(Save(model));
        var again = new float[77];
        loaded.PredictBatch(x, again);
        Assert.Equal(Bits(batch), Bits(again));
        Assert.Equal(model.Linear!.Weights.ToArray(), loaded.Linear!.Weights.ToArray());
        Assert.Equal(model.Linear.Bias, loaded.Linear.Bias);
        Assert.Equal(model.Linear.L2, loaded.Linear.L2);
        Assert.Equal(model.Linear.HybridWeight, loaded.Linear.HybridWeight);
    }

    [Fact]
    public void NonFiniteFeatureStillPredictsNaN()
    {
        var model = Train(linearPath: true);
        var (x, _) = Make(1, seed: 42);
        x[2] = float.NaN;
        Assert.True(float.IsNaN(model.Predict(x)));
        x[2] = float.PositiveInfinity;
        Assert.True(float.IsNaN(model.Predict(x)));
    }

    [Fact]
    public void AModelInTheFormat3LayoutLoadsWithoutLinearPathAndPredictsAsBefore()
    {
        // Format 3 is format 4 without the trailing linear-path flag: rewrite a model without a linear path to it.
        var model = Train(linearPath: false);
        byte[] current = Save(model);
        Assert.Equal(HybridModel.FormatVersion, BitConverter.ToInt32(current, 8));
        Assert.Equal(0, current[^1]); // the flag: no linear path
        byte[] format3 = current[..^1];
        BitConverter.GetBytes(3).CopyTo(format3, 8);

        var loaded = Load(format3);
        Assert.Null(loaded.Linear);
        var (x, _) = Make(50, seed: 43);
        var expected = new float[50];
        var actual = new float[50];
        model.PredictBatch(x, expected);
        loaded.PredictBatch(x, actual);
        Assert.Equal(Bits(expected), Bits(actual));
    }

    [Theory]
    [InlineData("count")]
    [InlineData("weight")]
    [InlineData("bias")]
    [InlineData("hybridWeight")]
    public void ACorruptLinearPathIsRejectedWithAClearError(string field)
    {
        byte[] bytes = Save(Train(linearPath: true));
        int hybridWeightAt = bytes.Length - 8, biasAt = bytes.Length - 24, weightsAt = biasAt - 8 * F, countAt = weightsAt - 4;
        Assert.Equal(F, BitConverter.ToInt32(bytes, countAt));
        string expected;
        switch (field)
        {
            case "count":
                BitConverter.GetBytes(F + 1).CopyTo(bytes, countAt);
                expected = "13 weights";
                break;
            case "weight":
                BitConverter.GetBytes(double.NaN).CopyTo(bytes, weightsAt + 8 * 7);
                expected = "weight 7 is NaN";
                break;
            case "bias":
                BitConverter.GetBytes(double.PositiveInfinity).CopyTo(bytes, biasAt);
                expected = "Linear path: bias";
                break;
            default:
                BitConverter.GetBytes(1.5).CopyTo(bytes, hybridWeightAt);
                expected = "hybrid weight 1.5";
                break;
        }
        var ex = Assert.Throws<InvalidDataException>(() => Load(bytes));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void AZeroHybridWeightScoresTheLinearTermAloneAndKeepsNaNForNonFiniteRows()
    {
        var hybridOnly = Train(linearPath: false);
        var weights = Enumerable.Range(0, F).Select(j => 0.25 * (j - 5)).ToArray();
        var model = hybridOnly.WithLinearPath(new LinearPath(weights, bias: 1.5, l2: 0.1, hybridWeight: 0));
        var (x, _) = Make(40, seed: 41);
        x[3 * F + 2] = float.NaN;
        x[7 * F + 9] = float.PositiveInfinity;
        x[11 * F] = float.NegativeInfinity;
        x[13 * F + 5] = float.PositiveInfinity; // feature 5 has weight 0: infinity * 0 must still give NaN

        var batch = new float[40];
        model.PredictBatch(x, batch);
        var single = Enumerable.Range(0, 40).Select(i => model.Predict(x.AsSpan(i * F, F))).ToArray();
        Assert.Equal(Bits(batch), Bits(single));
        for (int i = 0; i < 40; i++)
        {
            if (i is 3 or 7 or 11 or 13)
                Assert.True(float.IsNaN(batch[i]), $"row {i}: {batch[i]}");
            else
                Assert.Equal((float)model.Linear!.Predict(x.AsSpan(i * F, F)), batch[i]);
        }

        // The same weights with the hybrid term counted move the predictions: the zero weight is what drops it.
        var counted = hybridOnly.WithLinearPath(new LinearPath(weights, bias: 1.5, l2: 0.1, hybridWeight: 1));
        var withHybrid = new float[40];
        counted.PredictBatch(x, withHybrid);
        Assert.NotEqual(batch[0], withHybrid[0]);
        Assert.True(float.IsNaN(withHybrid[3]) && float.IsNaN(withHybrid[7]) && float.IsNaN(withHybrid[11]) && float.IsNaN(withHybrid[13]));
    }
}
