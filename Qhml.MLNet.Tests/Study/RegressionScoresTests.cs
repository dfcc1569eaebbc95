using Microsoft.ML;
using Qhml.MLNet.Study;

namespace Qhml.MLNet.Tests.Study;

public class RegressionScoresTests
{
    [Fact]
    public void MatchesHandComputedValuesOnFourPoints()
    {
        // Observed 1,2,3,4; predicted 1,3,2,4: errors 0,1,-1,0 -> MSE 0.5, MAE 0.5; SST = 5 so R² = 1 - 2/5 = 0.6.
        // Deviations from 2.5: (-1.5,-0.5,0.5,1.5) and (-1.5,0.5,-0.5,1.5): cross sum 4, each SS 5 -> r = 0.8;
        // the values are their own ranks, so rho = 0.8 too.
        RegressionScores scores = RegressionScores.Compute(new MLContext(1), [1f, 2f, 3f, 4f], [1f, 3f, 2f, 4f]);

        Assert.Equal(Math.Sqrt(0.5), scores.Rmse, 6);
        Assert.Equal(0.5, scores.Mae, 6);
        Assert.Equal(0.6, scores.RSquared, 6);
        Assert.Equal(0.8, scores.Pearson, 6);
        Assert.Equal(0.8, scores.Spearman, 6);
    }

    [Fact]
    public void SpearmanDiffersFromPearsonForMonotoneNonlinearPredictions()
    {
        // Predicted = observed³ is perfectly monotone (rho = 1) but not linear (r < 1).
        float[] observed = [1, 2, 3, 4, 5];
        float[] predicted = observed.Select(v => v * v * v).ToArray();

        RegressionScores scores = RegressionScores.Compute(new MLContext(1), observed, predicted);

        Assert.Equal(1.0, scores.Spearman, 10);
        // Pearson r computed by hand from its definition.
        double mx = 3, my = predicted.Average();
        double sxy = observed.Zip(predicted, (x, y) => (x - mx) * (y - my)).Sum();
        double sxx = observed.Sum(x => (x - mx) * (x - mx)), syy = predicted.Sum(y => (y - my) * (y - my));
        Assert.Equal(sxy / Math.Sqrt(sxx * syy), scores.Pearson, 6);
        Assert.InRange(scores.Pearson, 0.9, 0.99);
    }

    [Fact]
    public void ConstantPredictionsHaveUndefinedCorrelation()
    {
        RegressionScores scores = RegressionScores.Compute(new MLContext(1), [1f, 2f, 3f], [2f, 2f, 2f]);

        Assert.True(double.IsNaN(scores.Pearson));
        Assert.Equal(0.0, scores.RSquared, 6); // predicting the mean explains nothing
        Assert.Equal(Math.Sqrt(2.0 / 3), scores.Rmse, 6);
    }

    [Fact]
    public void RejectsMismatchedLengths()
    {
        var ex = Assert.Throws<ArgumentException>(() => RegressionScores.Compute(new MLContext(1), [1f, 2f, 3f], [1f, 2f]));
        Assert.Contains("3 observations but 2 predictions", ex.Message);
    }
}
