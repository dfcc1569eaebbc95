using MathNet.Numerics.LinearAlgebra;
using Qhml.MLNet.Hybrid;

namespace Qhml.MLNet.Tests.Hybrid;

public class RidgeFitTests
{
    // More features than rows, as with expression data; one constant feature (its weight must stay 0).
    private static (PreparedRows Rows, int F) Data(int n = 24, int f = 40, int seed = 3, double[]? weights = null, double noise = 0.3)
    {
        var random = new Random(seed);
        var x = new float[n * f];
        var y = new float[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < f; j++)
                x[i * f + j] = j == 5 ? 2.5f : (float)(random.NextDouble() * 4 - 1 + 0.1 * j);
            y[i] = (float)(1.5 * x[i * f] - 0.7 * x[i * f + 1] + 3 + noise * random.NextDouble());
        }
        float[]? w = weights?.Select(v => (float)v).ToArray();
        var data = w is null ? new HybridDataset(f, x, y) : new HybridDataset(f, x, y, w);
        return (PreparedRows.From(data, f, "training", false), f);
    }

    // The same ridge solved directly in the primal, with the design [1, Z] (Z standardized by the weighted
    // training means and SDs) and the penalty lambda on the Z coefficients only.
    private static (double[] Coefficients, double[] Mean, double[] Scale) Primal(PreparedRows rows, int f, double lambda, int skip = -1)
    {
        int n = rows.Count;
        double total = rows.Weights.Sum();
        var mean = new double[f];
        var scale = new double[f];
        for (int j = 0; j < f; j++)
        {
            for (int i = 0; i < n; i++)
                mean[j] += rows.Weights[i] / total * rows.Row(i)[j];
            for (int i = 0; i < n; i++)
                scale[j] += rows.Weights[i] / total * Math.Pow(rows.Row(i)[j] - mean[j], 2);
            scale[j] = Math.Sqrt(scale[j]) > 1e-9 ? Math.Sqrt(scale[j]) : 1;
        }
        var a = Matrix<double>.Build.Dense(f + 1, f + 1);
        var b = Vector<double>.Build.Dense(f + 1);
        for (int i = 0; i < n; i++)
        {
            if (i == skip)
                continue;
            double wi = rows.Weights[i] * n / total;
            var z = new double[f + 1];
            z[0] = 1;
            for (int j = 0; j < f; j++)
                z[j + 1] = (rows.Row(i)[j] - mean[j]) / scale[j];
            for (int p = 0; p <= f; p++)
            {
                b[p] += wi * z[p] * rows.Labels[i];
                for (int q = 0; q <= f; q++)
                    a[p, q] += wi * z[p] * z[q];
            }
        }
        for (int p = 1; p <= f; p++)
            a[p, p] += lambda;
        return (a.Solve(b).ToArray(), mean, scale);
    }

    private static double PrimalPredict((double[] C, double[] Mean, double[] Scale) p, PreparedRows rows, int i, int f)
    {
        double s = p.C[0];
        for (int j = 0; j < f; j++)
            s += p.C[j + 1] * (rows.Row(i)[j] - p.Mean[j]) / p.Scale[j];
        return s;
    }

    private static double MeanEigenvalue(PreparedRows rows, int f)
    {
        // trace(Z Z^T) / n = sum of the standardized squares / n = number of non-constant features (weights summing to n).
        int varying = Enumerable.Range(0, f).Count(j => Enumerable.Range(0, rows.Count).Any(i => rows.Row(i)[j] != rows.Row(0)[j]));
        return varying;
    }

    // n <= f runs the dual form, n > f the primal form (RidgePrimal); both must match the direct solve.
    [Theory]
    [InlineData(0.01, 24, 40)]
    [InlineData(0.3, 24, 40)]
    [InlineData(5.0, 24, 40)]
    [InlineData(0.01, 90, 12)]
    [InlineData(0.3, 90, 12)]
    [InlineData(5.0, 300, 12)]
    public void WeightsAndLeaveOneOutPredictionsMatchADirectPrimalSolve(double relativeL2, int n, int features)
    {
        var (rows, f) = Data(n, features);
        var fit = RidgeFit.Fit(rows, f, relativeL2: relativeL2);
        double lambda = relativeL2 * MeanEigenvalue(rows, f);

        var primal = Primal(rows, f, lambda);
        for (int i = 0; i < rows.Count; i++)
        {
            double dual = fit.Bias + Enumerable.Range(0, f).Sum(j => fit.Weights[j] * rows.Row(i)[j]);
            Assert.Equal(PrimalPredict(primal, rows, i, f), dual, 1e-8);
        }
        Assert.Equal(0.0, fit.Weights[5]); // the constant feature

        // Leave-one-out: refit without row i (same standardization), predict row i.
        for (int i = 0; i < rows.Count; i++)
            Assert.Equal(PrimalPredict(Primal(rows, f, lambda, skip: i), rows, i, f), fit.LeaveOneOut[i], 1e-7);
    }

    [Theory]
    [InlineData(24, 40)]
    [InlineData(90, 12)]
    public void ExampleWeightsActAsRepeatedRows(int n, int features)
    {
        double[] weights = Enumerable.Range(0, n).Select(i => i % 3 == 0 ? 2.0 : 1.0).ToArray();
        var (rows, f) = Data(n, features, weights: weights);
        var fit = RidgeFit.Fit(rows, f, relativeL2: 0.2);
        var primal = Primal(rows, f, 0.2 * MeanEigenvalue(rows, f));
        for (int i = 0; i < rows.Count; i++)
            Assert.Equal(PrimalPredict(primal, rows, i, f), fit.Bias + Enumerable.Range(0, f).Sum(j => fit.Weights[j] * rows.Row(i)[j]), 1e-8);
    }

    [Theory]
    [InlineData(30, 60)]
    [InlineData(200, 15)]
    public void ChosenL2MinimizesTheLeaveOneOutErrorOverTheGrid(int n, int features)
    {
        var (rows, f) = Data(n, features, seed: 8);
        var chosen = RidgeFit.Fit(rows, f);
        double Loo(RidgeFit.Result r) => Enumerable.Range(0, rows.Count).Sum(i => Math.Pow(rows.Labels[i] - r.LeaveOneOut[i], 2));
        double best = Loo(chosen);
        for (double t = -3; t <= 3; t += 0.25)
            Assert.True(best <= Loo(RidgeFit.Fit(rows, f, relativeL2: Math.Pow(10, t))) + 1e-9, $"L2 10^{t} has a lower leave-one-out error than the chosen {chosen.L2}.");
        Assert.InRange(chosen.L2, 1e-3 * 0.999, 1e3 * 1.001);
    }

    [Fact]
    public void ThePrimalFormGivesTheSameBitsWhateverTheThreadCount()
    {
        var (rows, f) = Data(n: 300, f: 20, seed: 9); // three blocks of rows
        var one = RidgeFit.Fit(rows, f, maxDegreeOfParallelism: 1);
        var all = RidgeFit.Fit(rows, f, maxDegreeOfParallelism: -1);
        Assert.Equal(one.Weights, all.Weights);
        Assert.Equal(one.LeaveOneOut, all.LeaveOneOut);
        Assert.Equal(one.Bias, all.Bias);
        Assert.Equal(one.L2, all.L2);
    }

    [Theory]
    [InlineData(30, 60, 8)]
    [InlineData(40, 12, 5)] // more rows than features: the Gram matrix has zero eigenvalues with signal-free directions
    public void MarginalLikelihoodChoiceMaximizesTheEvidenceComputedDirectly(int n, int f, int seed)
    {
        var (rows, _) = Data(n, f, seed, noise: 8); // noisy enough that the evidence peaks inside the grid
        var chosen = RidgeFit.Fit(rows, f, RidgePenaltySelection.MarginalLikelihood);

        // -2 log evidence of y - mean(y) ~ N(0, sigma^2 (I + Z Z^T / lambda)), sigma^2 profiled out, n - 1 degrees of freedom.
        var (_, mean, scale) = Primal(rows, f, 1);
        var z = Matrix<double>.Build.Dense(n, f, (i, j) => (rows.Row(i)[j] - mean[j]) / scale[j]);
        double yMean = rows.Labels.Average();
        var y = Vector<double>.Build.Dense(n, i => rows.Labels[i] - yMean);
        double Criterion(double lambda)
        {
            var c = Matrix<double>.Build.DenseIdentity(n) + z * z.Transpose() / lambda;
            double q = y * c.Solve(y);
            return (n - 1) * Math.Log(q / (n - 1)) + Math.Log(c.Determinant());
        }
        double bestT = double.NaN, best = double.PositiveInfinity;
        for (double t = -3; t <= 3 + 1e-9; t += 0.25)
        {
            double value = Criterion(Math.Pow(10, t) * MeanEigenvalue(rows, f));
            Assert.True(double.IsFinite(value));
            if (value < best)
                (best, bestT) = (value, t);
        }
        Assert.Equal(Math.Pow(10, bestT), chosen.L2, 1e-9 * chosen.L2);
        // Not a grid edge here, so the criterion really has an interior optimum to find.
        Assert.InRange(bestT, -2.75, 2.75);
    }
}
