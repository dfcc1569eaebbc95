using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace Qhml.MLNet.Hybrid;

/// <summary>
/// Closed-form ridge regression on standardized features with its L2 chosen by exact leave-one-out error. With n
/// rows and f features: for n &lt;= f in the dual (kernel) form, where one eigendecomposition of the n x n Gram
/// matrix makes every L2 of the grid, and every leave-one-out residual, cost O(n^2) (gene expression: n in the
/// hundreds, f in the thousands); for n &gt; f in the primal form (<see cref="RidgePrimal"/>), f x f, whose memory
/// does not grow with n. Neither copies the features: rows are standardized a block at a time.
/// </summary>
internal static class RidgeFit
{
    /// <summary>L2 grid: the mean eigenvalue of the Gram matrix (about f for standardized features) times 10^t, t = -3 ... 3 in steps of 1/4.</summary>
    private const double GridLowExponent = -3, GridHighExponent = 3, GridStep = 0.25;

    /// <summary>The fit: effective weights and bias on the raw features, the chosen L2 and the leave-one-out predictions.</summary>
    /// <param name="Weights">One weight per raw feature (the standardization folded in).</param>
    /// <param name="Bias">Intercept on the raw features.</param>
    /// <param name="L2">The chosen penalty, relative to the mean Gram eigenvalue (so comparable across data sets).</param>
    /// <param name="LeaveOneOut">Each row's prediction by the ridge fitted (with the chosen L2) on the other rows.</param>
    public sealed record Result(double[] Weights, double Bias, double L2, double[] LeaveOneOut);

    /// <summary>Fits ridge to <paramref name="rows"/> (weighted); the L2 minimizes the weighted leave-one-out squared error.</summary>
    /// <param name="rows">Training rows.</param>
    /// <param name="featureCount">Features per row.</param>
    /// <param name="selection">How the L2 is chosen from the grid.</param>
    /// <param name="relativeL2">A fixed L2 (relative to the mean Gram eigenvalue) instead of the leave-one-out choice; for tests.</param>
    /// <param name="maxDegreeOfParallelism">Threads of the primal form (n &gt; f); its result does not depend on them.</param>
    [SuppressMessage("Usage", "CA2208:Instantiate argument exceptions correctly",
        Justification = "The message is about the user's training set, the argument of HybridTrainer.Fit that reaches this check.")]
    public static Result Fit(PreparedRows rows, int featureCount, RidgePenaltySelection selection = RidgePenaltySelection.LeaveOneOut,
        double? relativeL2 = null, int maxDegreeOfParallelism = -1)
    {
        int n = rows.Count, f = featureCount;
        double[] w = rows.Weights, y = rows.Labels;
        double total = 0;
        for (int i = 0; i < n; i++)
            total += w[i];
        if (!(total > 0))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"All {n} training rows have example weight 0; at least one must be positive."), "training");

        // Weighted means and SDs; a constant feature gets scale 1 (its centered column is zero anyway).
        var mean = new double[f];
        var scale = new double[f];
        var x = new double[f]; // one row widened to double (exact)
        double yMean = 0;
        for (int i = 0; i < n; i++)
        {
            double wi = w[i] / total;
            yMean += wi * y[i];
            rows.RowAsDouble(i, x);
            TensorPrimitives.MultiplyAdd(x, wi, mean, mean);
        }
        for (int i = 0; i < n; i++)
        {
            double wi = w[i] / total;
            rows.RowAsDouble(i, x);
            for (int j = 0; j < f; j++)
            {
                double c = x[j] - mean[j];
                scale[j] += wi * c * c;
            }
        }
        var constant = new bool[f];
        for (int j = 0; j < f; j++)
        {
            double sd = Math.Sqrt(scale[j]);
            constant[j] = !(sd > 1e-12 * (1 + Math.Abs(mean[j])) && double.IsFinite(sd));
            scale[j] = constant[j] ? 1.0 : sd;
        }

        // Row i of Z: standardized, scaled by sqrt(normalized weight), so that weighted ridge is plain ridge on Z.
        var sw = new double[n];
        var yc = new double[n];
        for (int i = 0; i < n; i++)
        {
            sw[i] = Math.Sqrt(w[i] * n / total);
            yc[i] = sw[i] * (y[i] - yMean);
        }
        var design = new RidgeDesign(rows, mean, scale, sw, constant);
        var (beta, l2, residuals) = n <= f
            ? Dual(design, yc, selection, relativeL2)
            : RidgePrimal.Fit(design, yc, selection, relativeL2, maxDegreeOfParallelism);

        var weights = new double[f];
        double bias = yMean;
        for (int j = 0; j < f; j++)
        {
            weights[j] = beta[j] / scale[j];
            bias -= weights[j] * mean[j];
        }
        var loo = new double[n];
        for (int i = 0; i < n; i++)
            loo[i] = y[i] - residuals[i]; // residual -> prediction
        return new Result(weights, bias, l2, loo);
    }

    /// <summary>The L2 grid, relative to the mean Gram eigenvalue, in the order it is searched.</summary>
    internal static List<double> RelativeGrid()
    {
        var grid = new List<double>();
        for (double t = GridLowExponent; t <= GridHighExponent + 1e-9; t += GridStep)
            grid.Add(Math.Pow(10, t));
        return grid;
    }

    // The n <= f case, in the dual: one eigendecomposition of the n x n Gram matrix Z Z^T.
    private static (double[] Beta, double L2, double[] Residuals) Dual(RidgeDesign design, double[] yc, RidgePenaltySelection selection, double? relativeL2)
    {
        int n = design.Rows, f = design.Features;
        double[] sw = design.RowScale;
        var z = new double[n * f];
        for (int i = 0; i < n; i++)
            design.Row(i, z.AsSpan(i * f, f));
        var gram = Matrix<double>.Build.Dense(n, n);
        for (int i = 0; i < n; i++)
            for (int k = 0; k <= i; k++)
            {
                double v = TensorPrimitives.Dot(z.AsSpan(i * f, f), z.AsSpan(k * f, f));
                gram[i, k] = v;
                gram[k, i] = v;
            }
        var evd = gram.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
        double[] d = evd.EigenValues.Select(e => Math.Max(e.Real, 0)).ToArray();
        Matrix<double> u = evd.EigenVectors;
        double meanEigen = Math.Max(d.Sum() / n, 1e-12);
        double[] uty = u.TransposeThisAndMultiply(Vector<double>.Build.Dense(yc)).ToArray();
        double[] uSquared = new double[n * n]; // uSquared[i * n + k] = U_ik^2
        for (int i = 0; i < n; i++)
            for (int k = 0; k < n; k++)
                uSquared[i * n + k] = u[i, k] * u[i, k];

        double bestLambda = double.NaN, bestError = double.PositiveInfinity;
        var shrink = new double[n];
        var fitted = new double[n];
        foreach (double relative in RelativeGrid())
        {
            double lambda = meanEigen * relative;
            double error = selection == RidgePenaltySelection.MarginalLikelihood
                ? NegativeLogEvidence(lambda, d, uty, n)
                : LeaveOneOutError(lambda, d, u, uty, uSquared, yc, sw, n, shrink, fitted, null);
            if (error < bestError)
            {
                bestError = error;
                bestLambda = lambda;
            }
        }

        if (relativeL2 is { } fixedL2)
            bestLambda = meanEigen * fixedL2;
        // Dual coefficients alpha = U diag(1/(d+lambda)) U^T yc; primal beta = Z^T alpha.
        var coefficient = new double[n];
        for (int k = 0; k < n; k++)
            coefficient[k] = uty[k] / (d[k] + bestLambda);
        double[] alpha = (u * Vector<double>.Build.Dense(coefficient)).ToArray();
        var beta = new double[f];
        for (int i = 0; i < n; i++)
            TensorPrimitives.MultiplyAdd(z.AsSpan(i * f, f), alpha[i], beta, beta);
        var residuals = new double[n];
        LeaveOneOutError(bestLambda, d, u, uty, uSquared, yc, sw, n, shrink, fitted, residuals);
        return (beta, bestLambda / meanEigen, residuals);
    }

    // -2 log marginal likelihood (up to a constant) of yc ~ N(0, sigma^2 (I + K / lambda)) with sigma^2 profiled out,
    // in the Gram matrix's eigenbasis; n - 1 degrees of freedom, since centering took one (its direction has d = 0
    // and uty = 0, so it adds nothing to either sum).
    private static double NegativeLogEvidence(double lambda, double[] d, double[] uty, int n)
    {
        double residual = 0, logDet = 0;
        for (int k = 0; k < d.Length; k++)
        {
            double ratio = 1 + d[k] / lambda;
            residual += uty[k] * uty[k] / ratio;
            logDet += Math.Log(ratio);
        }
        return EvidenceCriterion(residual, logDet, n);
    }

    /// <summary>The evidence criterion from its residual quadratic form and log-determinant (shared by both forms).</summary>
    internal static double EvidenceCriterion(double residual, double logDet, int n)
    {
        int dof = Math.Max(n - 1, 1);
        return dof * Math.Log(Math.Max(residual / dof, double.Epsilon)) + logDet;
    }

    // Weighted leave-one-out squared error of ridge (with the intercept's leverage w_i / W); fills the
    // unscaled leave-one-out residuals when asked.
    private static double LeaveOneOutError(double lambda, double[] d, Matrix<double> u, double[] uty, double[] uSquared,
        double[] yc, double[] sw, int n, double[] shrink, double[] fitted, double[]? residuals)
    {
        for (int k = 0; k < n; k++)
            shrink[k] = d[k] / (d[k] + lambda) * uty[k];
        u.Multiply(Vector<double>.Build.Dense(shrink)).ToArray().CopyTo(fitted, 0);
        for (int k = 0; k < n; k++)
            shrink[k] = d[k] / (d[k] + lambda);
        double error = 0;
        for (int i = 0; i < n; i++)
        {
            double h = TensorPrimitives.Dot(uSquared.AsSpan(i * n, n), shrink) + sw[i] * sw[i] / n;
            double e = (yc[i] - fitted[i]) / Math.Max(1 - h, 1e-9);
            error += e * e;
            if (residuals is not null)
                residuals[i] = sw[i] > 0 ? e / sw[i] : 0;
        }
        return error;
    }
}
