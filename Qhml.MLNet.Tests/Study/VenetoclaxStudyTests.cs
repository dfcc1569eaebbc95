using Qhml.MLNet.Data;
using Qhml.MLNet.Samples.Study;
using Qhml.MLNet.Study;
using Xunit.Abstractions;

namespace Qhml.MLNet.Tests.Study;

public class VenetoclaxStudyTests
{
    private readonly ITestOutputHelper _output;

    public VenetoclaxStudyTests(ITestOutputHelper output) => _output = output;

    [GdscStudyFact]
    public void ModeratedTanhQhmlLearnsVenetoclaxFrom100CellLinesWithoutDiverging()
    {
        GdscDataset gdsc = GdscTidyLoader.Load(GdscDataLocator.FindDefaultDataFolder()!);
        StudyDataset venetoclax = StudyDataset.FromGdsc(gdsc, "Venetoclax");
        ModelSpec qhml = StudyModels.Find("QHML-ModeratedTanh");

        StudyResult result = new StudyRunner([venetoclax], [qhml],
            new StudyOptions { TrainSizes = [100], Seeds = 3, MaxDegreeOfParallelism = 2 }).Run();

        foreach (StudyRunResult run in result.Runs)
        {
            _output.WriteLine($"seed {run.Run.SeedIndex}: r {run.Scores.Pearson:F4}, RMSE {run.Scores.Rmse:F4}, diverged {run.Diverged}, " +
                $"saturation {run.SaturationFraction:F4}, validation loss untrained {run.Diagnostics?.InitialValidationLoss:F4}, epoch 1 {run.Diagnostics?.ValidationLosses[0]:F4}, last {run.Diagnostics?.ValidationLosses[^1]:F4}");
        }
        StudySummaryRow summary = result.Summarize().Single();
        Assert.Equal(0, summary.Failed);
        Assert.Equal(0, summary.Diverged);
        Assert.True(summary.Pearson >= 0.5, $"Mean test Pearson r {summary.Pearson:F4} over 3 seeds is below 0.5.");
    }
}
