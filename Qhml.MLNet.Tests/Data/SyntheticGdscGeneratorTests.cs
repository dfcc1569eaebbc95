using MathNet.Numerics.Statistics;
using Microsoft.ML;
using Qhml.MLNet.Data;
using Xunit.Abstractions;

namespace Qhml.MLNet.Tests.Data;

public sealed class SyntheticGdscGeneratorTests(ITestOutputHelper output)
{
    private static readonly SyntheticGdscGenerator.Options Small = new()
    {
        Seed = 3, CellLineCount = 120, GeneCount = 80, DrugCount = 5, ModuleCount = 6,
    };

    [Fact]
    public void DefaultsHaveTheShapeOfTheRealData()
    {
        var data = SyntheticGdscGenerator.Generate();

        Assert.True(data.IsSynthetic);
        Assert.Equal(580, data.CellLineCount);
        Assert.Equal(706, data.GeneCount);
        Assert.Equal(170, data.DrugCount);
        // Each pair observed with probability 0.84: 98,600 pairs -> mean 82,824, SD about 115.
        Assert.InRange(data.ResponseCount, 82_824 - 600, 82_824 + 600);
        Assert.Equal(0, data.MissingExpressionResponseCount);
        Assert.StartsWith("synthetic (seed 20220101", data.Source);
        Assert.Equal("SYN-000001", data.CellLineIds[0]);
        Assert.Equal("GENE0001", data.GeneNames[0]);
        Assert.Equal("Drug001", data.DrugNames[0]);
    }

    [Fact]
    public void SameSeedGivesBitIdenticalDataAndAnotherSeedDoesNot()
    {
        var a = SyntheticGdscGenerator.Generate(Small);
        var b = SyntheticGdscGenerator.Generate(Small);
        var c = SyntheticGdscGenerator.Generate(new SyntheticGdscGenerator.Options
        {
            Seed = 4, CellLineCount = 120, GeneCount = 80, DrugCount = 5, ModuleCount = 6,
        });

        Assert.Equal(a.CopyExpressionMatrix(), b.CopyExpressionMatrix());
        foreach (var drug in a.DrugNames)
        {
            Assert.Equal(a.GetDrugData(drug).Labels, b.GetDrugData(drug).Labels);
            Assert.Equal(a.GetDrugData(drug).CellLineIds, b.GetDrugData(drug).CellLineIds);
        }
        Assert.NotEqual(a.CopyExpressionMatrix(), c.CopyExpressionMatrix());
    }

    [Fact]
    public void GenesAreZScored()
    {
        var data = SyntheticGdscGenerator.Generate(Small);
        var matrix = data.CopyExpressionMatrix();
        for (var g = 0; g < data.GeneCount; g++)
        {
            var column = Enumerable.Range(0, data.CellLineCount).Select(i => (double)matrix[i, g]).ToArray();
            Assert.Equal(0, column.Mean(), 5);
            Assert.Equal(1, column.StandardDeviation(), 5);
        }
    }

    [Fact]
    public void GenesFormCorrelatedModulesWithHeavyTails()
    {
        var data = SyntheticGdscGenerator.Generate(new SyntheticGdscGenerator.Options { Seed = 5, GeneCount = 120, DrugCount = 1 });
        var matrix = data.CopyExpressionMatrix();
        var columns = Enumerable.Range(0, data.GeneCount)
            .Select(g => Enumerable.Range(0, data.CellLineCount).Select(i => (double)matrix[i, g]).ToArray()).ToArray();

        var pairs = 0;
        var strong = 0;
        for (var g = 0; g < columns.Length; g++)
            for (var h = g + 1; h < columns.Length; h++)
            {
                pairs++;
                if (Math.Abs(Correlation.Pearson(columns[g], columns[h])) > 0.25)
                    strong++;
            }
        // Independent genes at n = 580 have |r| > 0.25 with probability ~1e-9; module mates (~5% of pairs) mostly do.
        output.WriteLine($"gene pairs with |r| > 0.25: {strong} of {pairs} ({100.0 * strong / pairs:F1}%)");
        Assert.InRange(strong / (double)pairs, 0.02, 0.15);

        // Student-t noise: pooled excess kurtosis well above the Gaussian 0.
        var kurtosis = columns.SelectMany(c => c).Kurtosis();
        output.WriteLine($"pooled excess kurtosis: {kurtosis:F2}");
        Assert.True(kurtosis > 0.5, $"excess kurtosis {kurtosis} should show heavy tails");
    }

    // Linear Sdca sees the tanh term (partly) but not the module interaction, so R2 stays well below 1 by design.
    [Fact]
    public void SdcaBaselineFindsRealSignal()
    {
        var data = SyntheticGdscGenerator.Generate(new SyntheticGdscGenerator.Options { DrugCount = 6 });
        var ml = new MLContext(seed: 1);
        var rSquared = new List<double>();
        foreach (var drug in data.DrugNames)
        {
            var split = data.SplitByCellLine(ml, drug, trainSize: 350, seed: 42);
            var model = ml.Regression.Trainers.Sdca(GdscColumnNames.Label, GdscColumnNames.Features, l2Regularization: 1f, maximumNumberOfIterations: 100)
                .Fit(split.Train);
            var metrics = ml.Regression.Evaluate(model.Transform(split.Test));

            var trainMean = split.TrainData.Labels.Average();
            var meanRmse = Math.Sqrt(split.TestData.Labels.Average(y => (y - trainMean) * (y - trainMean)));
            output.WriteLine($"{drug}: test n={split.TestData.Count} Sdca R2={metrics.RSquared:F3} RMSE={metrics.RootMeanSquaredError:F3}; mean predictor RMSE={meanRmse:F3}");
            Assert.True(metrics.RootMeanSquaredError < meanRmse, $"{drug}: Sdca RMSE {metrics.RootMeanSquaredError} vs mean {meanRmse}");
            Assert.True(metrics.RSquared > 0.1, $"{drug}: Sdca test R2 {metrics.RSquared}");
            rSquared.Add(metrics.RSquared);
        }
        output.WriteLine($"mean test R2 over {rSquared.Count} drugs: {rSquared.Average():F3}");
        Assert.True(rSquared.Average() > 0.25, $"mean R2 {rSquared.Average()}");
    }

    [Theory]
    [InlineData(nameof(SyntheticGdscGenerator.Options.CellLineCount))]
    [InlineData(nameof(SyntheticGdscGenerator.Options.DegreesOfFreedom))]
    [InlineData(nameof(SyntheticGdscGenerator.Options.ResponseFraction))]
    public void OutOfRangeOptionsNameTheParameter(string parameter)
    {
        var options = new SyntheticGdscGenerator.Options();
        switch (parameter)
        {
            case nameof(options.CellLineCount): options.CellLineCount = 1; break;
            case nameof(options.DegreesOfFreedom): options.DegreesOfFreedom = 2; break;
            default: options.ResponseFraction = 0; break;
        }

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticGdscGenerator.Generate(options));
        Assert.Equal(parameter, e.ParamName);
    }
}
