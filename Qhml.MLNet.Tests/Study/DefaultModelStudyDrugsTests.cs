using Qhml.MLNet.Data;
using Qhml.MLNet.Samples.Accuracy;
using Qhml.MLNet.Study;
using Xunit.Abstractions;

namespace Qhml.MLNet.Tests.Study;

/// <summary>
/// Pins the trainer's default (issue 11) on real data: 3 of the 8 study drugs at 200 training lines, the first 3
/// splits of the accuracy table (the same splits, seeds and model), mean test Pearson r above a floor taken from
/// that table minus a stated noise margin.
/// </summary>
public class DefaultModelStudyDrugsTests
{
    private readonly ITestOutputHelper _output;

    public DefaultModelStudyDrugsTests(ITestOutputHelper output) => _output = output;

    [GdscStudyFact]
    public void TheDefaultHoldsItsTableAccuracyOnThreeStudyDrugsAt200Lines()
    {
        GdscDataset gdsc = GdscTidyLoader.Load(GdscDataLocator.FindDefaultDataFolder()!);
        string[] drugs = ["Venetoclax", "Sorafenib", "Navitoclax"];
        StudyResult result = new StudyRunner(drugs.Select(d => StudyDataset.FromGdsc(gdsc, d)), [AccuracyModelSpecs.Default],
            new StudyOptions { TrainSizes = [200], Seeds = 3, MaxDegreeOfParallelism = 2 }).Run();

        foreach (StudyRunResult run in result.Runs)
            _output.WriteLine($"{run.Run.Dataset} seed {run.Run.SeedIndex}: r {run.Scores.Pearson:F4}, RMSE {run.Scores.Rmse:F4}");
        Assert.All(result.Runs, r => Assert.Null(r.Error));
        Assert.All(result.Runs, r => Assert.True(double.IsFinite(r.Scores.Pearson)));
        double mean = result.Runs.Average(r => r.Scores.Pearson);
        Assert.True(mean >= Floor, $"Mean test Pearson r {mean:F4} over 3 drugs x 3 splits is below the floor {Floor:F3}.");
    }

    // These 9 runs are splits 0-2 of the `accuracy` command's table for these drugs at n = 200 (same seeds): mean
    // r 0.611 on 2026-12-05 (Venetoclax 0.729/0.709/0.721, Sorafenib 0.579/0.518/0.587, Navitoclax 0.518/0.587/0.547).
    // Margin 0.05: the split-to-split SD of r is about 0.03, so the 9-run mean moves ~0.01 with the splits; 0.05 leaves
    // room for a numerical change (kernel summation order) without letting a loss of the linear path pass (the
    // previous default scored 0.60 / 0.51 on Venetoclax / Sorafenib at n = 200 in docs/results.md).
    private const double Floor = 0.611 - 0.05;
}
