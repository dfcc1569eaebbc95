using Microsoft.ML;
using Qhml.MLNet.Data;
using Qhml.MLNet.Hybrid;
using Qhml.MLNet.Normalization;
using StudyHistogram = Qhml.MLNet.Study.InterfaceHistogram;

namespace Qhml.MLNet.Tests;

[CollectionDefinition(nameof(DecimalCommaCultureCollection), DisableParallelization = true)]
public sealed class DecimalCommaCultureCollection;

/// <summary>Messages shown to a user write numbers the same whatever their culture (1.5, never 1,5).</summary>
[Collection(nameof(DecimalCommaCultureCollection))]
public class InvariantMessagesTests
{
    [Fact]
    public void TheCultureReallyWritesADecimalComma()
    {
        using var culture = new DecimalCommaCulture();
        Assert.Equal("1,5", 1.5.ToString());
        Assert.Equal("1.000,25", 1000.25.ToString("N2"));
    }

    [Fact]
    public void HybridOptionsValidationFraction()
    {
        var e = ThrownUnderDecimalComma<ArgumentOutOfRangeException>(() => new HybridTrainer(new HybridOptions { ValidationFraction = 1.5 }));
        AssertInvariant(e, "ValidationFraction is 1.5", "1,5");
    }

    [Fact]
    public void OutOfRangeActualValueIsInvariantText()
    {
        // ArgumentOutOfRangeException writes its "Actual value was ..." line with the reader's culture when
        // Message is read, so the library hands the value over as invariant text.
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new HybridTrainer(new HybridOptions { ValidationFraction = 1.5 }));
        Assert.Equal("1.5", e.ActualValue);
        using var culture = new DecimalCommaCulture();
        Assert.EndsWith("Actual value was 1.5.", e.Message);
    }

    [Fact]
    public void HybridOptionsLearningRate()
    {
        var e = ThrownUnderDecimalComma<ArgumentOutOfRangeException>(() => new HybridTrainer(new HybridOptions { LearningRate = -0.25 }));
        AssertInvariant(e, "LearningRate is -0.25", "0,25");
    }

    [Fact]
    public void QuantumHybridTrainerOptionNamedTheMLNetWay()
    {
        var options = new QuantumHybridRegressionTrainer.Options { ValidationFraction = 1.5 };
        var e = ThrownUnderDecimalComma<ArgumentOutOfRangeException>(() => new MLContext(1).Regression.Trainers.QuantumHybrid(options));
        AssertInvariant(e, "ValidationFraction is 1.5", "1,5");
    }

    [Fact]
    public void ModeratedTanhTransformModeration()
    {
        var e = ThrownUnderDecimalComma<ArgumentOutOfRangeException>(() => new MLContext(1).Transforms.NormalizeModeratedTanh("Col", moderation: -0.5));
        AssertInvariant(e, "-0.5", "0,5");
        Assert.Contains("'Col'", e);
    }

    [Fact]
    public void ModerationFitTargetFraction()
    {
        var e = ThrownUnderDecimalComma<ArgumentOutOfRangeException>(() => ModerationFit.SmallestModeration(new[] { 1.0, 2.0 }, 1.5));
        AssertInvariant(e, "1.5", "1,5");
    }

    [Fact]
    public void SyntheticGeneratorOption()
    {
        var e = ThrownUnderDecimalComma<ArgumentOutOfRangeException>(
            () => SyntheticGdscGenerator.Generate(new SyntheticGdscGenerator.Options { NoiseGeneFraction = 1.5 }));
        AssertInvariant(e, "1.5", "1,5");
    }

    [Fact]
    public void SyntheticDatasetSourceDescription()
    {
        var options = new SyntheticGdscGenerator.Options
        {
            CellLineCount = 12, GeneCount = 6, DrugCount = 2, ModuleCount = 3, DegreesOfFreedom = 4.5, ResponseNoise = 0.25,
        };
        GdscDataset dataset;
        using (new DecimalCommaCulture())
            dataset = SyntheticGdscGenerator.Generate(options);
        Assert.Contains("t(4.5) expression noise, response noise SD 0.25", dataset.Source);
        Assert.DoesNotContain("0,25", dataset.Source);
    }

    [Fact]
    public void InterfaceHistogramBadRange()
    {
        var e = ThrownUnderDecimalComma<ArgumentOutOfRangeException>(() => StudyHistogram.FromValues([0.75], 1.5, 0.5, 4));
        AssertInvariant(e, "[1.5, 0.5]", "1,5");
    }

    // The message as the user sees it: read under the culture too, because some exceptions
    // (ArgumentOutOfRangeException's "Actual value was ...") format it only when Message is read.
    private static string ThrownUnderDecimalComma<T>(Action action) where T : Exception
    {
        using var culture = new DecimalCommaCulture();
        return Assert.Throws<T>(action).Message;
    }

    private static void AssertInvariant(string message, string expected, string decimalComma)
    {
        Assert.Contains(expected, message);
        Assert.DoesNotContain(decimalComma, message);
    }
}
