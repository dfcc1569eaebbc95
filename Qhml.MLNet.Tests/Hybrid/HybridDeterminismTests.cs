using Qhml.MLNet.Hybrid;

namespace Qhml.MLNet.Tests.Hybrid;

public class HybridDeterminismTests
{
    private static float[] TrainAndPredict(HybridHeadKind head, InterfaceNormalization normalization, int seed, int? threads)
    {
        const int f = 12;
        var train = SyntheticRegression.Dataset(150, f, seed: 3);
        var (xTest, _) = SyntheticRegression.Make(40, f, seed: 4);
        var options = new HybridOptions
        {
            HiddenLayers = [16], NumberOfQubits = 4, NumberOfLayers = 2, Head = head, InterfaceNormalization = normalization,
            NumberOfEpochs = 6, BatchSize = 32, Seed = seed, MaxDegreeOfParallelism = threads, ValidationFraction = 0.2,
            UseLinearPath = false, // with it, a hybrid term whose validated weight is 0 makes every seed give the ridge
        };
        var model = new HybridTrainer(options).Fit(train);
        var predictions = new float[40];
        model.PredictBatch(xTest, predictions);
        return predictions;
    }

    [Theory]
    [InlineData(HybridHeadKind.Quantum, InterfaceNormalization.ModeratedTanh)]
    [InlineData(HybridHeadKind.Quantum, InterfaceNormalization.AdaptiveModeratedTanh)]
    [InlineData(HybridHeadKind.Classical, InterfaceNormalization.MinMax)]
    public void SameSeedIsBitIdenticalWhateverTheThreadCount(HybridHeadKind head, InterfaceNormalization normalization)
    {
        float[] single = TrainAndPredict(head, normalization, seed: 7, threads: 1);
        float[] all = TrainAndPredict(head, normalization, seed: 7, threads: null);
        float[] two = TrainAndPredict(head, normalization, seed: 7, threads: 2);
        Assert.Equal(single.Select(BitConverter.SingleToInt32Bits), all.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(single.Select(BitConverter.SingleToInt32Bits), two.Select(BitConverter.SingleToInt32Bits));
    }

    [Theory]
    [InlineData(HybridHeadKind.Quantum)]
    [InlineData(HybridHeadKind.Classical)]
    public void DifferentSeedsGiveDifferentModels(HybridHeadKind head)
    {
        float[] a = TrainAndPredict(head, InterfaceNormalization.ModeratedTanh, seed: 7, threads: null);
        float[] b = TrainAndPredict(head, InterfaceNormalization.ModeratedTanh, seed: 8, threads: null);
        Assert.True(a.Zip(b).Count(p => p.First != p.Second) > 30, "Seeds 7 and 8 gave (almost) the same predictions.");
    }
}
