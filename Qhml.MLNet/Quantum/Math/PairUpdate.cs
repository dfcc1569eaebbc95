using System.Runtime.CompilerServices;

namespace Qhml.MLNet.Quantum;

/// <summary>
/// The 2x2 pair update (x, y) &lt;- (A x + B y, C x + D y) of a single-qubit block on one amplitude pair, written once
/// for every element width. Kernels only differ in how they load pairs (strides, index mappings, shuffles).
/// </summary>
/// <typeparam name="T">The element width.</typeparam>
/// <typeparam name="TMath">Its arithmetic.</typeparam>
/// <remarks>
/// <see cref="Fused"/> is the fast engines' contract (lanes and one-sample): every amplitude gets the same FMA nesting,
/// innermost first, so they agree bit for bit. <see cref="Plain"/> is the reference engine's: unfused, left to right,
/// a deliberately independent rounding that the tests hold the fast engines against.
/// </remarks>
internal static class PairUpdate<T, TMath>
    where T : struct
    where TMath : struct, IArithmetic<T>
{
    /// <summary>
    /// The fast engines' update: (r0, i0) = A x + B y, (r1, i1) = C x + D y with the FMA nesting of <see cref="Real"/> and
    /// <see cref="Imaginary"/>. The coefficients come as values (locals of the caller's loop, kept in registers); the
    /// results go to memory.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Fused(T ar, T ai, T br, T bi, T cr, T ci, T dr, T di, T xr, T xi, T yr, T yi, out T r0, out T i0, out T r1, out T i1)
    {
        r0 = Real(ar, ai, br, bi, xr, xi, yr, yi);
        i0 = Imaginary(ar, ai, br, bi, xr, xi, yr, yi);
        r1 = Real(cr, ci, dr, di, xr, xi, yr, yi);
        i1 = Imaginary(cr, ci, dr, di, xr, xi, yr, yi);
    }

    /// <summary>Real part of p x + q y: p.r x.r - p.i x.i + (q.r y.r - q.i y.i), FMAs innermost first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Real(T pr, T pi, T qr, T qi, T xr, T xi, T yr, T yi)
        => TMath.MultiplyAdd(pr, xr, TMath.MultiplyAddNegated(pi, xi, TMath.MultiplySubtract(qr, yr, TMath.Multiply(qi, yi))));

    /// <summary>Imaginary part of p x + q y, the same nesting.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Imaginary(T pr, T pi, T qr, T qi, T xr, T xi, T yr, T yi)
        => TMath.MultiplyAdd(pr, xi, TMath.MultiplyAdd(pi, xr, TMath.MultiplyAdd(qr, yi, TMath.Multiply(qi, yr))));

    /// <summary>The reference engine's update: each entry ((p.r x.r - p.i x.i) + q.r y.r) - q.i y.i, unfused.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Plain(in Matrix2x2<T> u, ref T x0, ref T x1, ref T y0, ref T y1)
    {
        T xr = x0, xi = x1, yr = y0, yi = y1;
        x0 = TMath.Subtract(TMath.Add(TMath.Subtract(TMath.Multiply(u.AR, xr), TMath.Multiply(u.AI, xi)), TMath.Multiply(u.BR, yr)), TMath.Multiply(u.BI, yi));
        x1 = TMath.Add(TMath.Add(TMath.Add(TMath.Multiply(u.AR, xi), TMath.Multiply(u.AI, xr)), TMath.Multiply(u.BR, yi)), TMath.Multiply(u.BI, yr));
        y0 = TMath.Subtract(TMath.Add(TMath.Subtract(TMath.Multiply(u.CR, xr), TMath.Multiply(u.CI, xi)), TMath.Multiply(u.DR, yr)), TMath.Multiply(u.DI, yi));
        y1 = TMath.Add(TMath.Add(TMath.Add(TMath.Multiply(u.CR, xi), TMath.Multiply(u.CI, xr)), TMath.Multiply(u.DR, yi)), TMath.Multiply(u.DI, yr));
    }
}
