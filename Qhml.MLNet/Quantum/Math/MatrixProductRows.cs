using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Qhml.MLNet.Quantum;

/// <summary>
/// The block product of <see cref="MatrixMath{T, TMath}.Product"/> at 256 bits: the gates of one fused block
/// multiplied in the lane engine's order, bit for bit as <see cref="MatrixMath{T, TMath}.Multiply"/> rounds them, with a
/// matrix row (four doubles) per AVX vector. The AVX2 kernel set's <see cref="ISingleSampleKernels.BlockProduct"/>.
/// </summary>
/// <remarks>
/// An entry of x * y is ((t1 - t2) + t3) - t4 (real) or ((t1 + t2) + t3) + t4 (imaginary) of four exact-order
/// products; here the four entries of a row get those same products and the same additions lane by lane (a
/// subtraction is the addition of the negated product, which is exact), so nothing rounds differently.
/// </remarks>
internal static class MatrixProductRows
{
    /// <summary>The product gate[gates[^1]] * ... * gate[gates[0]] (identity when empty).</summary>
    public static Matrix2 Product(Matrix2[] gate, int[] gates)
    {
        if (gates.Length == 0)
            return Matrix2Math.Identity;
        ref double first = ref Entries(ref gate[gates[0]]);
        Vector256<double> top = Vector256.LoadUnsafe(ref first), bottom = Vector256.LoadUnsafe(ref first, 4);
        Vector256<double> oddSign = Vector256.Create(-0.0, 0.0, -0.0, 0.0); // real lanes subtract
        for (int j = 1; j < gates.Length; j++)
        {
            ref readonly Matrix2 x = ref gate[gates[j]];
            Vector256<double> topSwap = Avx.Permute(top, 0b0101), bottomSwap = Avx.Permute(bottom, 0b0101);
            Vector256<double> newTop = Row(x.AR, x.AI, x.BR, x.BI, top, topSwap, bottom, bottomSwap, oddSign);
            bottom = Row(x.CR, x.CI, x.DR, x.DI, top, topSwap, bottom, bottomSwap, oddSign);
            top = newTop;
        }

        Matrix2 result = default;
        ref double r = ref Entries(ref result);
        top.StoreUnsafe(ref r);
        bottom.StoreUnsafe(ref r, 4);
        return result;
    }

    /// <summary>One row of x * y from the row (pr, pi, qr, qi) of x and y's rows (and their re/im swaps).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Row(double pr, double pi, double qr, double qi, Vector256<double> top, Vector256<double> topSwap,
        Vector256<double> bottom, Vector256<double> bottomSwap, Vector256<double> oddSign)
    {
        Vector256<double> t1 = Avx.Multiply(Vector256.Create(pr), top);
        Vector256<double> t2 = Avx.Xor(Avx.Multiply(Vector256.Create(pi), topSwap), oddSign);
        Vector256<double> t3 = Avx.Multiply(Vector256.Create(qr), bottom);
        Vector256<double> t4 = Avx.Xor(Avx.Multiply(Vector256.Create(qi), bottomSwap), oddSign);
        return Avx.Add(Avx.Add(Avx.Add(t1, t2), t3), t4);
    }

    /// <summary>The eight entries of a matrix as consecutive doubles (AR, AI, BR, BI, CR, CI, DR, DI).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref double Entries(ref Matrix2 m) => ref Unsafe.As<Matrix2, double>(ref m);
}
