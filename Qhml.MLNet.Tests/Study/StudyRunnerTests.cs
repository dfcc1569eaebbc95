using Microsoft.ML;
using Microsoft.ML.Trainers;
using Qhml.MLNet.Samples.Study;
using Qhml.MLNet.Study;

namespace Qhml.MLNet.Tests.Study;

public class StudyRunnerTests
{
    private static readonly ModelSpec Sdca = new("Sdca", (ml, run) =>
        ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { NumberOfThreads = 1, MaximumNumberOfIterations = 20 }));

    [Fact]
    public void RunsEveryModelOnIdenticalSplitsAndScoresTheLinearSignal()
    {
        StudyDataset data = StudyTestData.Linear("lin", rows: 80, features: 6, seed: 3);
        var runner = new StudyRunner([data], [Sdca, BuiltInModelSpecs.FastTree],
            new StudyOptions { TrainSizes = [20, 40], Seeds = 2, MaxDegreeOfParallelism = 2 });

        StudyResult result = runner.Run();

        Assert.Equal(2 * 2 * 2, result.Runs.Count);
        Assert.All(result.Runs, r => Assert.Null(r.Error));
        Assert.All(result.Runs, r => Assert.Equal(80 - r.Run.TrainSize, r.TestSize));
        // Both models of a (size, seed) see the same split.
        foreach (var group in result.Runs.GroupBy(r => (r.Run.TrainSize, r.Run.SeedIndex)))
            Assert.Single(group.Select(r => r.Run.SplitSeed).Distinct());
        // The two seeds of a size use different splits.
        Assert.Equal(4, result.Runs.Select(r => r.Run.SplitSeed).Distinct().Count());
        // The signal is linear with little noise: the linear model finds it.
        Assert.All(result.Runs.Where(r => r.Run.Model == "Sdca" && r.Run.TrainSize == 40), r => Assert.True(r.Scores.Pearson > 0.9, $"r = {r.Scores.Pearson}"));
    }

    [Fact]
    public void ResultsDoNotDependOnParallelism()
    {
        StudyDataset data = StudyTestData.Linear("lin", rows: 60, features: 5, seed: 4);
        ModelSpec hybrid = HybridModelSpecs.Create("QHML-Tiny", o => { o.HiddenLayers = [4]; o.NumberOfQubits = 3; o.NumberOfLayers = 2; o.NumberOfEpochs = 10; });
        ModelSpec[] models = [Sdca, BuiltInModelSpecs.FastTree, BuiltInModelSpecs.LightGbm, hybrid];
        StudyOptions Options(int parallelism) => new() { TrainSizes = [30], Seeds = 3, MaxDegreeOfParallelism = parallelism };

        StudyResult serial = new StudyRunner([data], models, Options(1)).Run();
        StudyResult parallel = new StudyRunner([data], models, Options(4)).Run();

        Assert.Equal(serial.Runs.Select(r => r.Run), parallel.Runs.Select(r => r.Run));
        Assert.Equal(serial.Runs.SelectMany(r => r.Predicted), parallel.Runs.SelectMany(r => r.Predicted));
        Assert.Equal(serial.Runs.Where(r => r.Run.Model == "QHML-Tiny").SelectMany(r => r.Diagnostics!.TrainingLosses),
            parallel.Runs.Where(r => r.Run.Model == "QHML-Tiny").SelectMany(r => r.Diagnostics!.TrainingLosses));
        Assert.All(serial.Runs, r => Assert.Null(r.Error));
    }

    [Fact]
    public void UnknownModelNamesListTheKnownOnes()
    {
        var ex = Assert.Throws<ArgumentException>(() => StudyModels.Resolve(["Sdca", "QHML-Moderated"]));
        Assert.StartsWith("Unknown model 'QHML-Moderated'. Known models: Classical-DNN, QHML-None,", ex.Message);
        Assert.Contains("QHML-ModeratedTanh", ex.Message);
        Assert.Same(BuiltInModelSpecs.Sdca, StudyModels.Find("sdca"));
    }

    [Fact]
    public void AThrowingModelBecomesAFailedRunWithItsMessage()
    {
        StudyDataset data = StudyTestData.Linear("lin", rows: 30, features: 3, seed: 5);
        var broken = new ModelSpec("Broken", (ml, run) => throw new InvalidOperationException("no such trainer"));

        StudyResult result = new StudyRunner([data], [broken, Sdca], new StudyOptions { TrainSizes = [10], Seeds = 1 }).Run();

        StudyRunResult failed = result.Runs.Single(r => r.Run.Model == "Broken");
        Assert.True(failed.Failed);
        Assert.Equal("InvalidOperationException: no such trainer", failed.Error);
        Assert.True(double.IsNaN(failed.Scores.Pearson));
        Assert.False(result.Runs.Single(r => r.Run.Model == "Sdca").Failed);
        StudySummaryRow summary = result.Summarize().Single(s => s.Model == "Broken");
        Assert.Equal((1, 0, 0), (summary.Failed, summary.Scored, summary.Diverged));
    }

    [Fact]
    public void DiagnosticsWithRisingValidationLossMarkTheRunDiverged()
    {
        StudyDataset data = StudyTestData.Linear("lin", rows: 30, features: 3, seed: 6);
        var rising = new ModelSpec("Rising", (ml, run) => ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { NumberOfThreads = 1 }),
            _ => new RunDiagnostics([3, 2, 1], [1.0, 0.8, 1.2], 0.25, null));

        StudyRunResult run = new StudyRunner([data], [rising], new StudyOptions { TrainSizes = [10], Seeds = 1 }).Run().Runs.Single();

        Assert.True(run.Diverged);
        Assert.Equal(0.25, run.SaturationFraction);
    }

    [Fact]
    public void RejectsATrainingSizeTheDataCannotHold()
    {
        StudyDataset data = StudyTestData.Linear("Sorafenib", rows: 40, features: 3, seed: 6);

        var ex = Assert.Throws<ArgumentException>(() => new StudyRunner([data], [Sdca], new StudyOptions { TrainSizes = [50] }));
        Assert.Contains("Training size 50 does not fit data set 'Sorafenib' with 40 rows", ex.Message);
    }

    [Fact]
    public void SummaryAggregatesOverSeeds()
    {
        StudyDataset data = StudyTestData.Linear("lin", rows: 50, features: 4, seed: 7);
        StudyResult result = new StudyRunner([data], [Sdca], new StudyOptions { TrainSizes = [20], Seeds = 3 }).Run();

        StudySummaryRow row = result.Summarize().Single();
        double[] r = result.Runs.Select(x => x.Scores.Pearson).ToArray();
        double mean = r.Average();
        double sd = Math.Sqrt(r.Sum(v => (v - mean) * (v - mean)) / (r.Length - 1));
        Assert.Equal((3, 3, 0, 0), (row.Runs, row.Scored, row.Diverged, row.Failed));
        Assert.Equal(mean, row.Pearson, 12);
        Assert.Equal(sd, row.PearsonSd, 12);
        Assert.Equal(result.Runs.Average(x => x.Scores.Rmse), row.Rmse, 12);
        Assert.True(double.IsNaN(row.SaturationFraction));
    }
}
