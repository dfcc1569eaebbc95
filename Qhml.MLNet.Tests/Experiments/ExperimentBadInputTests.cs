using Microsoft.ML;
using Qhml.MLNet.Experiments;
using static Qhml.MLNet.Tests.Experiments.ExperimentTestData;

namespace Qhml.MLNet.Tests.Experiments;

public class ExperimentBadInputTests
{
    private readonly MLContext _ml = new(1);

    [Fact]
    public async Task AnEmptySearchFailsBeforeAnyTrial()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Experiment(_ml, TinyData(_ml)).SetFamilies().SetMaxTrials(3).RunAsync());
        Assert.Contains("search is empty", e.Message);
    }

    [Fact]
    public void AnUnknownFamilyIsNamedWithTheKnownOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => ExperimentFamilies.Find("XGBoost"));
        Assert.Contains("'XGBoost'", e.Message);
        Assert.Contains("LightGbm", e.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(double.NaN)]
    public void ANonPositiveBudgetIsRejected(double seconds)
        => Assert.Throws<ArgumentOutOfRangeException>(() => Experiment(_ml, TinyData(_ml)).SetTrainingTimeInSeconds(seconds));

    [Fact]
    public void NoBudgetAtAllIsRejected()
        => Assert.Contains("No budget", Assert.Throws<InvalidOperationException>(() => Experiment(_ml, TinyData(_ml)).Validate()).Message);

    [Fact]
    public void AMissingLabelIsNamedWithTheColumns()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Experiment(_ml, TinyData(_ml)).SetLabel("IC50").SetMaxTrials(2).Validate());
        Assert.Contains("no label column 'IC50'", e.Message);
        Assert.Contains("Features", e.Message);
    }

    [Fact]
    public void AFeaturizerThatDoesNotProduceTheFeatureColumnIsRejected()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Experiment(_ml, TinyData(_ml))
            .SetPipeline(c => c.Transforms.NormalizeMeanVariance("Features"), "Genes").SetMaxTrials(2).Validate());
        Assert.Contains("'Genes'", e.Message);
    }

    [Fact]
    public void AShardOutsideItsCountIsRejected()
    {
        Assert.Throws<FormatException>(() => ExperimentShard.Parse("2/2"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Experiment(_ml, TinyData(_ml)).SetShard(new ExperimentShard(2, 2)));
    }

    [Fact]
    public async Task AnExistingResultsFileNeedsResumeAndTheSameExperiment()
    {
        string folder = TempFolder();
        string file = Path.Combine(folder, "r.csv");
        await Experiment(_ml, TinyData(_ml)).SetFamilies(ExperimentFamilies.Sdca).SetMaxTrials(1).SetResultsFile(file).RunAsync();
        Assert.Contains("exists", Assert.Throws<InvalidOperationException>(() => Experiment(_ml, TinyData(_ml)).SetFamilies(ExperimentFamilies.Sdca).SetMaxTrials(1).SetResultsFile(file).Validate()).Message);
        var other = await Assert.ThrowsAsync<InvalidOperationException>(() => Experiment(_ml, TinyData(_ml)).SetFamilies(ExperimentFamilies.Sdca).SetSeed(99).SetMaxTrials(2).SetResultsFile(file, resume: true).RunAsync());
        Assert.Contains("another experiment", other.Message);
        Directory.Delete(folder, true);
    }

    [Fact]
    public async Task AnUnwritableResultsFileFailsBeforeAnyTrial()
    {
        string folder = TempFolder();
        string blocker = Path.Combine(folder, "file");
        File.WriteAllText(blocker, "");
        int trials = 0;
        var experiment = Experiment(_ml, TinyData(_ml)).SetMaxTrials(2).SetResultsFile(Path.Combine(blocker, "sub", "r.csv"));
        experiment.TrialCompleted += (_, _) => trials++;
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => experiment.RunAsync());
        Assert.Contains("Cannot write the results file", e.Message);
        Assert.Equal(0, trials);
        Directory.Delete(folder, true);
    }
}
