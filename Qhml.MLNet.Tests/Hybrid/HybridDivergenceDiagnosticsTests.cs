using Qhml.MLNet.Hybrid;

namespace Qhml.MLNet.Tests.Hybrid;

public class HybridDivergenceDiagnosticsTests
{
    // The hybrid term alone, trained on every row unless a validation set is passed (what these diagnostics are about).
    private static HybridOptions Small(double learningRate, int epochs) => new()
    {
        HiddenLayers = [16], NumberOfQubits = 4, NumberOfLayers = 2, NumberOfEpochs = epochs, LearningRate = learningRate,
        EarlyStoppingPatience = 1000, UseLinearPath = false, ValidationFraction = 0,
    };

    [Fact]
    public void InitialLossesAreThoseOfTheUntrainedModelAndAStableRunIsNotDiverged()
    {
        var train = SyntheticRegression.Dataset(200, 6, seed: 1);
        var valid = SyntheticRegression.Dataset(100, 6, seed: 2);
        var model = new HybridTrainer(Small(0.01, 40)).Fit(train, valid);
        var d = model.Diagnostics;

        // An untrained model predicts roughly a constant: its standardized loss is near 1 and well above the trained one.
        Assert.InRange(d.InitialTrainLoss, 0.5, 3.0);
        Assert.InRange(d.InitialValidationLoss, 0.5, 3.0);
        Assert.True(d.EpochValidationLoss[^1] < 0.6 * d.InitialValidationLoss,
            $"validation loss {d.EpochValidationLoss[^1]:R} vs initial {d.InitialValidationLoss:R}");
        Assert.False(d.Diverged);
    }

    [Fact]
    public void AValidationLossEndingAboveItsStartIsFlaggedAsDiverged()
    {
        // Pure noise labels, many features, few rows and a large step: the network memorizes the training rows and the
        // validation loss climbs above the untrained model's.
        var train = SyntheticRegression.Dataset(40, 30, seed: 3, noise: 50.0);
        var valid = SyntheticRegression.Dataset(200, 30, seed: 4, noise: 50.0);
        var model = new HybridTrainer(Small(0.05, 150)).Fit(train, valid);
        var d = model.Diagnostics;

        Assert.True(d.EpochValidationLoss[^1] > d.InitialValidationLoss,
            $"validation loss {d.EpochValidationLoss[^1]:R} vs initial {d.InitialValidationLoss:R}");
        Assert.True(d.Diverged);
    }

    [Fact]
    public void WithoutValidationOnlyNonFiniteLossesCount()
    {
        var train = SyntheticRegression.Dataset(60, 6, seed: 5);
        var model = new HybridTrainer(Small(0.01, 5)).Fit(train);
        Assert.True(double.IsNaN(model.Diagnostics.InitialValidationLoss));
        Assert.True(double.IsFinite(model.Diagnostics.InitialTrainLoss));
        Assert.False(model.Diagnostics.Diverged);
    }

    [Fact]
    public void FormatVersion1ModelsStillLoadWithUnknownInitialLosses()
    {
        var train = SyntheticRegression.Dataset(60, 6, seed: 6);
        var options = Small(0.01, 4);
        options.SinglePrecisionFirstLayer = false; // what every model before format 3 computed
        var model = new HybridTrainer(options).Fit(train);
        byte[] v2 = AsVersion2(Save(model), model);

        // A version-1 stream is the version-2 stream without the two initial losses, which sit right before the
        // diagnostics' tail: 2 loss arrays, 5 counts, histogram range, counts, below/above and saturated fraction.
        var d = model.Diagnostics;
        int tail = 2 * (4 + 8 * d.EpochsRun) + 5 * 4 + 2 * 8 + (4 + 4 * d.InterfaceHistogram.Counts.Count) + 2 * 8 + 8;
        int initialAt = v2.Length - tail - 16;
        Assert.Equal(d.InitialTrainLoss, BitConverter.ToDouble(v2, initialAt));
        byte[] v1 = [.. v2[..initialAt], .. v2[(initialAt + 16)..]];
        BitConverter.GetBytes(1).CopyTo(v1, 8);

        using var reader = new BinaryReader(new MemoryStream(v1));
        var loaded = HybridModel.Load(reader);
        Assert.True(double.IsNaN(loaded.Diagnostics.InitialTrainLoss));
        Assert.Equal(d.EpochTrainLoss, loaded.Diagnostics.EpochTrainLoss);
        float[] row = train.Features.Span[..6].ToArray();
        Assert.Equal(model.Predict(row), loaded.Predict(row));
    }

    [Fact]
    public void FormatVersion2ModelsLoadWithADoublePrecisionFirstLayerAndPredictAsBefore()
    {
        var train = SyntheticRegression.Dataset(60, 6, seed: 8);
        var options = Small(0.01, 3);
        options.SinglePrecisionFirstLayer = false;
        var model = new HybridTrainer(options).Fit(train);
        using var reader = new BinaryReader(new MemoryStream(AsVersion2(Save(model), model)));
        var loaded = HybridModel.Load(reader);
        Assert.False(loaded.Architecture.SinglePrecisionFirstLayer);
        AssertSamePredictions(model, loaded, train);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TheFirstLayerPrecisionIsSavedAndReloadedPredictionsAreIdentical(bool single)
    {
        var train = SyntheticRegression.Dataset(60, 6, seed: 9);
        var options = Small(0.01, 3);
        options.SinglePrecisionFirstLayer = single;
        var model = new HybridTrainer(options).Fit(train);
        Assert.Equal(single, model.Architecture.SinglePrecisionFirstLayer);
        byte[] bytes = Save(model);
        Assert.Equal(HybridModel.FormatVersion, BitConverter.ToInt32(bytes, 8));
        using var reader = new BinaryReader(new MemoryStream(bytes));
        var loaded = HybridModel.Load(reader);
        Assert.Equal(single, loaded.Architecture.SinglePrecisionFirstLayer);
        AssertSamePredictions(model, loaded, train);
    }

    [Fact]
    public void AFutureFormatVersionIsRejectedWithTheVersionInTheMessage()
    {
        var model = new HybridTrainer(Small(0.01, 2)).Fit(SyntheticRegression.Dataset(40, 6, seed: 7));
        byte[] bytes = Save(model);
        BitConverter.GetBytes(HybridModel.FormatVersion + 1).CopyTo(bytes, 8);
        using var reader = new BinaryReader(new MemoryStream(bytes));
        var e = Assert.Throws<InvalidDataException>(() => HybridModel.Load(reader));
        Assert.Contains($"version {HybridModel.FormatVersion + 1}", e.Message);
    }

    // A format-2 stream is the format-3 one without the first-layer precision flag, the byte after the architecture's
    // fixed fields: magic 8, version 4, features 4, hidden layers 4 + 4 each, five enums/ints 20, re-uploading 1,
    // normalization 4, three doubles 24, head 4, classical units 4.
    private static byte[] AsVersion2(byte[] current, HybridModel model)
    {
        byte[] v3 = AsVersion3(current);
        Assert.Equal(3, BitConverter.ToInt32(v3, 8));
        int flagAt = 77 + 4 * model.Architecture.HiddenLayers.Count;
        Assert.Equal(model.Architecture.SinglePrecisionFirstLayer ? 1 : 0, v3[flagAt]);
        byte[] v2 = [.. v3[..flagAt], .. v3[(flagAt + 1)..]];
        BitConverter.GetBytes(2).CopyTo(v2, 8);
        return v2;
    }

    // A format-3 stream is the format-4 one of a model without a linear path minus its trailing flag (false).
    private static byte[] AsVersion3(byte[] v4)
    {
        Assert.Equal(4, BitConverter.ToInt32(v4, 8));
        Assert.Equal(0, v4[^1]);
        byte[] v3 = v4[..^1];
        BitConverter.GetBytes(3).CopyTo(v3, 8);
        return v3;
    }

    private static void AssertSamePredictions(HybridModel expected, HybridModel actual, HybridDataset rows)
    {
        var want = new float[rows.RowCount];
        var got = new float[rows.RowCount];
        expected.PredictBatch(rows.Features.Span, want);
        actual.PredictBatch(rows.Features.Span, got);
        Assert.Equal(want, got);
    }

    private static byte[] Save(HybridModel model)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            model.Save(writer);
        return stream.ToArray();
    }
}
