using Microsoft.ML;
using Microsoft.ML.Data;

namespace Qhml.MLNet.Tests.Trainers;

public class QuantumHybridDeterminismTests
{
    private static float[] TrainAndScore(int? seed, int? threads, int contextSeed = 1)
    {
        var mlContext = new MLContext(seed: contextSeed);
        var data = TrainerTestData.VectorView(mlContext, 200, seed: 41);
        var options = TrainerTestData.SmallOptions(epochs: 4, seed: seed);
        options.MaxDegreeOfParallelism = threads;
        var model = mlContext.Regression.Trainers.QuantumHybrid(options).Fit(data);
        return model.Transform(data).GetColumn<float>("Score").ToArray();
    }

    [Fact]
    public void SameSeedGivesBitIdenticalPredictionsWithOneThreadAndAllThreads()
    {
        var one = TrainAndScore(seed: 7, threads: 1);
        var all = TrainAndScore(seed: 7, threads: null);
        Assert.Equal(TrainerTestData.Bits(one), TrainerTestData.Bits(all));
    }

    [Fact]
    public void DifferentSeedsGiveDifferentPredictions()
    {
        var a = TrainAndScore(seed: 7, threads: null);
        var b = TrainAndScore(seed: 8, threads: null);
        int differing = a.Zip(b).Count(p => p.First != p.Second);
        Assert.True(differing > a.Length / 2, $"Only {differing} of {a.Length} predictions differ between seeds 7 and 8.");
    }

    [Fact]
    public void WithoutAnOptionsSeedTheMLContextSeedDecides()
    {
        var first = TrainAndScore(seed: null, threads: null, contextSeed: 5);
        var again = TrainAndScore(seed: null, threads: 1, contextSeed: 5);
        var other = TrainAndScore(seed: null, threads: null, contextSeed: 6);
        Assert.Equal(TrainerTestData.Bits(first), TrainerTestData.Bits(again));
        Assert.NotEqual(TrainerTestData.Bits(first), TrainerTestData.Bits(other));
    }
}
