using Microsoft.ML;
using Qhml.MLNet.Study;

namespace Qhml.MLNet.Tests.Study;

public class StudySeedBatchTests
{
    private static readonly ModelSpec[] Models = [new("A", (ml, run) => ml.Regression.Trainers.Sdca()), new("B", (ml, run) => ml.Regression.Trainers.Sdca())];

    [Fact]
    public void ABatchOfSplitsPlansExactlyThoseSplitsOfTheWholeStudy()
    {
        StudyDataset data = StudyTestData.Linear("lin", rows: 50, features: 4, seed: 2);
        var whole = new StudyRunner([data], Models, new StudyOptions { TrainSizes = [10, 20], Seeds = 5 }).Runs;
        var batches = Enumerable.Range(0, 5)
            .SelectMany(s => new StudyRunner([data], Models, new StudyOptions { TrainSizes = [10, 20], Seeds = 1, FirstSeedIndex = s }).Runs)
            .ToList();

        Assert.Equal(whole.OrderBy(r => (r.TrainSize, r.SeedIndex, r.Model)), batches.OrderBy(r => (r.TrainSize, r.SeedIndex, r.Model)));
        Assert.Equal(10, whole.Select(r => r.SplitSeed).Distinct().Count());
    }

    [Fact]
    public void ANegativeFirstSeedIndexIsRejected()
    {
        StudyDataset data = StudyTestData.Linear("lin", rows: 50, features: 4, seed: 2);
        var ex = Assert.Throws<ArgumentException>(() => new StudyRunner([data], Models, new StudyOptions { TrainSizes = [10], FirstSeedIndex = -1 }));
        Assert.Contains("FirstSeedIndex must be at least 0; got -1", ex.Message);
    }
}
