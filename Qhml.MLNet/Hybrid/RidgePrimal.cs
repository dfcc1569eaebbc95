using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace Qhml.MLNet.Hybrid;

/// <summary>
/// The ridge of <see cref="RidgeFit"/> for n &gt; f, in the primal form: one eigendecomposition Z^T Z = V D V^T of the
/// f x f Gram matrix. With p_i = V^T z_i and c = V^T Z^T y, the fit at penalty lambda is
/// <c>z_i . beta = sum_k p_ik c_k / (d_k + lambda)</c> and the hat diagonal <c>h_ii = sum_k p_ik^2 / (d_k + lambda)</c>
/// (plus the intercept's leverage), so one pass over the rows gives the exact leave-one-out residual
/// <c>e_i / (1 - h_ii)</c> for every L2 of the grid; the same quantities as the dual form, whose n x n Gram matrix
/// cannot exist for large n (80 GB at n = 100,000). Memory: O(f^2 + n x grid), never n x f. Rows are processed in
/// blocks of <see cref="RowBlock"/>, each row's numbers computed by one thread in a fixed order, so the result does
/// not depend on the thread count.
/// </summary>
internal static class RidgePrimal
{
    /// <summary>Rows per block: one block of standardized rows (and its transpose) stays in cache.</summary>
    private const int RowBlock = 128;

    /// <summary>Fits the ridge; see <see cref="RidgeFit.Fit"/> for the grid and the L2 choice.</summary>
    public static (double[] Beta, double L2, double[] Residuals) Fit(RidgeDesign design, double[] yc, RidgePenaltySelection selection, double? relativeL2,
        int maxDegreeOfParallelism)
    {
        int n = design.Rows, f = design.Features;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        var (gram, zty) = GramMatrix(design, yc, parallel);
        var evd = Matrix<double>.Build.Dense(f, f, gram).Evd(Symmetricity.Symmetric);
        double[] d = evd.EigenValues.Select(e => Math.Max(e.Real, 0)).ToArray();
        double[] v = evd.EigenVectors.ToColumnMajorArray(); // eigenvector k at [k f, (k + 1) f)
        // The nonzero eigenvalues of Z^T Z and Z Z^T agree, so this is the dual's mean eigenvalue (trace / n).
        double meanEigen = Math.Max(d.Sum() / n, 1e-12);
        var c = new double[f];
        for (int k = 0; k < f; k++)
            c[k] = TensorPrimitives.Dot(v.AsSpan(k * f, f), zty);

        List<double> lambdas = RidgeFit.RelativeGrid().Select(r => meanEigen * r).ToList();
        int searched = lambdas.Count;
        if (relativeL2 is { } fixedL2)
            lambdas.Add(meanEigen * fixedL2);
        double[] e = LeaveOneOutResiduals(design, yc, d, v, c, lambdas, parallel);

        int best = 0;
        double bestError = double.PositiveInfinity;
        for (int l = 0; l < searched; l++)
        {
            double error = 0;
            if (selection == RidgePenaltySelection.MarginalLikelihood)
                error = NegativeLogEvidence(lambdas[l], d, c, yc);
            else
                for (int i = 0; i < n; i++)
                    error += e[(long)i * lambdas.Count + l] * e[(long)i * lambdas.Count + l];
            if (error < bestError)
            {
                bestError = error;
                best = l;
            }
        }
        if (relativeL2 is not null)
            best = searched;
        double lambda = lambdas[best];

        var beta = new double[f];
        for (int k = 0; k < f; k++)
            TensorPrimitives.MultiplyAdd(v.AsSpan(k * f, f), c[k] / (d[k] + lambda), beta, beta);
        for (int j = 0; j < f; j++)
            if (design.Constant[j])
                beta[j] = 0; // its column is rounding noise (the mean's last bits): the exact weight is 0
        var residuals = new double[n];
        double[] sw = design.RowScale;
        for (int i = 0; i < n; i++)
            residuals[i] = sw[i] > 0 ? e[(long)i * lambdas.Count + best] / sw[i] : 0;
        return (beta, lambda / meanEigen, residuals);
    }

    // The dual's evidence criterion from the primal eigenvalues: the nonzero eigenvalues of Z Z^T are those of Z^T Z, and
    // with u_k = Z v_k / sqrt(d_k) its quadratic form sum_k (u_k . yc)^2 / (1 + d_k / lambda) over all n directions is
    // |yc|^2 - sum_k c_k^2 / (d_k + lambda) (directions with d = 0 keep their whole share of |yc|^2).
    private static double NegativeLogEvidence(double lambda, double[] d, double[] c, double[] yc)
    {
        double residual = TensorPrimitives.Dot(yc, yc), logDet = 0;
        for (int k = 0; k < d.Length; k++)
        {
            residual -= c[k] * c[k] / (d[k] + lambda);
            logDet += Math.Log(1 + d[k] / lambda);
        }
        return RidgeFit.EvidenceCriterion(residual, logDet, yc.Length);
    }

    // Z^T Z (f x f, symmetric) and Z^T yc, a block of rows at a time: each entry sums its block's rows in order
    // (one dot product over the transposed block), then the blocks in order.
    private static (double[] Gram, double[] Zty) GramMatrix(RidgeDesign design, double[] yc, ParallelOptions parallel)
    {
        int n = design.Rows, f = design.Features;
        var gram = new double[f * f];
        var zty = new double[f];
        var block = new double[RowBlock * f];
        var transposed = new double[f * RowBlock]; // feature j's values of the block's rows at [j RowBlock, ...)
        for (int start = 0; start < n; start += RowBlock)
        {
            int count = Math.Min(RowBlock, n - start);
            for (int i = 0; i < count; i++)
            {
                Span<double> z = block.AsSpan(i * f, f);
                design.Row(start + i, z);
                TensorPrimitives.MultiplyAdd(z, yc[start + i], zty, zty);
                for (int j = 0; j < f; j++)
                    transposed[j * RowBlock + i] = z[j];
            }
            Parallel.For(0, f, parallel, j =>
            {
                ReadOnlySpan<double> zj = transposed.AsSpan(j * RowBlock, count);
                for (int k = 0; k <= j; k++)
                    gram[j * f + k] += TensorPrimitives.Dot(zj, transposed.AsSpan(k * RowBlock, count));
            });
        }
        for (int j = 0; j < f; j++)
            for (int k = 0; k < j; k++)
                gram[k * f + j] = gram[j * f + k];
        return (gram, zty);
    }

    // Unscaled leave-one-out residuals e_i / (1 - h_ii) of every row for every lambda: e[i * lambdas + l].
    private static double[] LeaveOneOutResiduals(RidgeDesign design, double[] yc, double[] d, double[] v, double[] c,
        List<double> lambdas, ParallelOptions parallel)
    {
        int n = design.Rows, f = design.Features, grid = lambdas.Count;
        double[] sw = design.RowScale;
        var inverse = new double[grid * f]; // 1 / (d_k + lambda_l)
        for (int l = 0; l < grid; l++)
            for (int k = 0; k < f; k++)
                inverse[l * f + k] = 1.0 / (d[k] + lambdas[l]);
        var e = new double[(long)n * grid];
        Parallel.For(0, (n + RowBlock - 1) / RowBlock, parallel, () => new double[3 * f], (b, _, scratch) =>
        {
            Span<double> z = scratch.AsSpan(0, f), pc = scratch.AsSpan(f, f), pp = scratch.AsSpan(2 * f, f);
            int end = Math.Min(n, (b + 1) * RowBlock);
            for (int i = b * RowBlock; i < end; i++)
            {
                design.Row(i, z);
                for (int k = 0; k < f; k++)
                {
                    double p = TensorPrimitives.Dot(z, v.AsSpan(k * f, f));
                    pc[k] = p * c[k];
                    pp[k] = p * p;
                }
                double intercept = sw[i] * sw[i] / n;
                for (int l = 0; l < grid; l++)
                {
                    ReadOnlySpan<double> inv = inverse.AsSpan(l * f, f);
                    double fitted = TensorPrimitives.Dot(pc, inv);
                    double h = TensorPrimitives.Dot(pp, inv) + intercept;
                    e[(long)i * grid + l] = (yc[i] - fitted) / Math.Max(1 - h, 1e-9);
                }
            }
            return scratch;
        }, _ => { });
        return e;
    }
}
