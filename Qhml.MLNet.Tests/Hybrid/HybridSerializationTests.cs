using Qhml.MLNet.Hybrid;

namespace Qhml.MLNet.Tests.Hybrid;

public class HybridSerializationTests
{
    [Theory]
    [InlineData(HybridHeadKind.Quantum, InterfaceNormalization.AdaptiveModeratedTanh)]
    [InlineData(HybridHeadKind.Quantum, InterfaceNormalization.MinMax)]
    [InlineData(HybridHeadKind.Classical, InterfaceNormalization.Sigmoid)]
    public void SaveLoadRoundTripPredictsBitIdentically(HybridHeadKind head, InterfaceNormalization normalization)
    {
        const int f = 6;
        var train = SyntheticRegression.Dataset(60, f, seed: 1);
        var options = new HybridOptions { HiddenLayers = [10, 5], Activation = HybridActivation.Gelu, NumberOfQubits = 3, NumberOfLayers = 2, Head = head, InterfaceNormalization = normalization, NumberOfEpochs = 5, ValidationFraction = 0.2 };
        var model = new HybridTrainer(options).Fit(train);

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            model.Save(writer);
        stream.Position = 0;
        using var reader = new BinaryReader(stream);
        var loaded = HybridModel.Load(reader);

        var (x, _) = SyntheticRegression.Make(25, f, seed: 9);
        var before = new float[25];
        var after = new float[25];
        model.PredictBatch(x, before);
        loaded.PredictBatch(x, after);
        Assert.Equal(before.Select(BitConverter.SingleToInt32Bits), after.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(model.HeadParameters.ToArray(), loaded.HeadParameters.ToArray());
        Assert.Equal(model.LabelMean, loaded.LabelMean);
        Assert.Equal(model.Diagnostics.EpochValidationLoss, loaded.Diagnostics.EpochValidationLoss);
        Assert.Equal(model.Diagnostics.InterfaceHistogram.Counts, loaded.Diagnostics.InterfaceHistogram.Counts);
        Assert.Equal(model.Architecture.InterfaceNormalization, loaded.Architecture.InterfaceNormalization);
        Assert.Equal(stream.Length, stream.Position);
    }

    [Fact]
    public void LoadRejectsAnUnknownVersion()
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(0x0142594C4D4851L);
            w.Write(99);
        }
        stream.Position = 0;
        var ex = Assert.Throws<InvalidDataException>(() => HybridModel.Load(new BinaryReader(stream)));
        Assert.Contains("version 99", ex.Message);
    }
}

public class HybridConcurrentPredictionTests
{
    [Fact]
    public void ConcurrentSingleRowPredictionsMatchSerialOnes()
    {
        var (x, y) = SyntheticRegression.Make(64, 6, seed: 5);
        var model = new HybridTrainer(new HybridOptions { HiddenLayers = [8], NumberOfQubits = 4, NumberOfLayers = 2, NumberOfEpochs = 2 }).Fit(new HybridDataset(6, x, y));
        var serial = new float[64];
        for (int i = 0; i < 64; i++)
            serial[i] = model.Predict(x.AsSpan(i * 6, 6));
        var concurrent = new float[64 * 20];
        Parallel.For(0, concurrent.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, k =>
            concurrent[k] = model.Predict(x.AsSpan(k % 64 * 6, 6)));
        for (int k = 0; k < concurrent.Length; k++)
            Assert.Equal(serial[k % 64], concurrent[k]);
    }
}
