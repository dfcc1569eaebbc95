using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Qhml.MLNet.Quantum;

/// <summary>
/// The 2x2 block update of <see cref="SingleSampleKernels.Apply"/> with AVX-512: eight amplitudes per
/// instruction instead of four, for machines that have it.
/// </summary>
/// <remarks>
/// Each amplitude still gets exactly the operations of <see cref="LaneKernels"/> (same products, same FMA
/// nesting), so results keep the lane engine's bits; only the vector width changes. Bit positions 0 to 2 pair
/// amplitudes inside one 8-wide vector: two vectors (16 amplitudes) are split into the halves with the bit clear
/// and set by one two-source permute each, and merged back the same way (pure data moves, no rounding).
/// </remarks>
internal static class SingleSampleWideKernels
{
    private const int Width = 8;

    /// <summary>
    /// True when the AVX-512 kernels can run and pay on this machine: the runtime reports 512-bit vectors as
    /// accelerated (it does not on CPUs where they lower the clock, e.g. Skylake-SP, which keep the AVX2 kernel).
    /// </summary>
    public static bool IsAccelerated => Avx512F.IsSupported && Vector512.IsHardwareAccelerated;

    // Per bit position 0..2: the permutes that split 16 amplitudes (indices 0-7 from the first vector, 8-15 from
    // the second) into bit-clear and bit-set halves, and the ones that put two result halves back in order.
    private static readonly Vector512<long>[] SplitClear = [.. Enumerable.Range(0, 3).Select(b => Split(b, set: false))];
    private static readonly Vector512<long>[] SplitSet = [.. Enumerable.Range(0, 3).Select(b => Split(b, set: true))];
    private static readonly Vector512<long>[] MergeLow = [.. Enumerable.Range(0, 3).Select(b => Merge(b, 0))];
    private static readonly Vector512<long>[] MergeHigh = [.. Enumerable.Range(0, 3).Select(b => Merge(b, Width))];

    /// <summary>Applies the 2x2 matrix u to bit position <paramref name="bit"/> of a state of <paramref name="dim"/> &gt;= 16 amplitudes.</summary>
    public static void Apply(double[] reArr, double[] imArr, int dim, int bit, in Matrix2 u)
    {
        if (dim < 2 * Width || reArr.Length < dim || imArr.Length < dim)
            throw new ArgumentException("The AVX-512 block kernel needs at least 16 amplitudes in each part.", nameof(dim));
        ref double re = ref reArr[0];
        ref double im = ref imArr[0];
        Vector512<double> ar = Vector512.Create(u.AR), ai = Vector512.Create(u.AI), br = Vector512.Create(u.BR), bi = Vector512.Create(u.BI);
        Vector512<double> cr = Vector512.Create(u.CR), ci = Vector512.Create(u.CI), dr = Vector512.Create(u.DR), di = Vector512.Create(u.DI);
        int m = 1 << bit;
        if (bit >= 3)
        {
            for (int hi = 0; hi < dim; hi += m << 1)
            {
                for (int k = hi; k < hi + m; k += Width)
                {
                    Vector512<double> xr = Load(ref re, k), xi = Load(ref im, k), yr = Load(ref re, k + m), yi = Load(ref im, k + m);
                    Store(ref re, k, Top(ar, ai, br, bi, xr, xi, yr, yi));
                    Store(ref im, k, TopImaginary(ar, ai, br, bi, xr, xi, yr, yi));
                    Store(ref re, k + m, Top(cr, ci, dr, di, xr, xi, yr, yi));
                    Store(ref im, k + m, TopImaginary(cr, ci, dr, di, xr, xi, yr, yi));
                }
            }

            return;
        }

        Vector512<long> clear = SplitClear[bit], set = SplitSet[bit], low = MergeLow[bit], high = MergeHigh[bit];
        for (int k = 0; k < dim; k += 2 * Width)
        {
            Vector512<double> vr = Load(ref re, k), wr = Load(ref re, k + Width), vi = Load(ref im, k), wi = Load(ref im, k + Width);
            Vector512<double> xr = Avx512F.PermuteVar8x64x2(vr, clear, wr), yr = Avx512F.PermuteVar8x64x2(vr, set, wr);
            Vector512<double> xi = Avx512F.PermuteVar8x64x2(vi, clear, wi), yi = Avx512F.PermuteVar8x64x2(vi, set, wi);
            Vector512<double> r0 = Top(ar, ai, br, bi, xr, xi, yr, yi), i0 = TopImaginary(ar, ai, br, bi, xr, xi, yr, yi);
            Vector512<double> r1 = Top(cr, ci, dr, di, xr, xi, yr, yi), i1 = TopImaginary(cr, ci, dr, di, xr, xi, yr, yi);
            Store(ref re, k, Avx512F.PermuteVar8x64x2(r0, low, r1));
            Store(ref re, k + Width, Avx512F.PermuteVar8x64x2(r0, high, r1));
            Store(ref im, k, Avx512F.PermuteVar8x64x2(i0, low, i1));
            Store(ref im, k + Width, Avx512F.PermuteVar8x64x2(i0, high, i1));
        }
    }

    /// <summary>Real part of p x + q y as the lane engine rounds it: p.r x.r - p.i x.i + (q.r y.r - q.i y.i), FMAs innermost first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Top(Vector512<double> pr, Vector512<double> pi, Vector512<double> qr, Vector512<double> qi,
        Vector512<double> xr, Vector512<double> xi, Vector512<double> yr, Vector512<double> yi)
        => Avx512F.FusedMultiplyAdd(pr, xr, Avx512F.FusedMultiplyAddNegated(pi, xi, Avx512F.FusedMultiplySubtract(qr, yr, Avx512F.Multiply(qi, yi))));

    /// <summary>Imaginary part of p x + q y, the same nesting.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> TopImaginary(Vector512<double> pr, Vector512<double> pi, Vector512<double> qr, Vector512<double> qi,
        Vector512<double> xr, Vector512<double> xi, Vector512<double> yr, Vector512<double> yi)
        => Avx512F.FusedMultiplyAdd(pr, xi, Avx512F.FusedMultiplyAdd(pi, xr, Avx512F.FusedMultiplyAdd(qr, yi, Avx512F.Multiply(qi, yr))));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Load(ref double a, int i) => Vector512.LoadUnsafe(ref a, (nuint)i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref double a, int i, Vector512<double> v) => v.StoreUnsafe(ref a, (nuint)i);

    /// <summary>Indices (0..15) of the 8 amplitudes of a 16-amplitude run whose <paramref name="bit"/> is clear or set, in order.</summary>
    private static Vector512<long> Split(int bit, bool set)
    {
        var indices = new long[Width];
        int n = 0;
        for (int j = 0; j < 2 * Width; j++)
        {
            if (((j >> bit) & 1) == (set ? 1 : 0))
                indices[n++] = j;
        }

        return Vector512.Create(indices);
    }

    /// <summary>
    /// For amplitudes <paramref name="first"/> .. first + 7 of the run: where each sits in the two result halves
    /// (the bit-clear half is source 0-7, the bit-set half 8-15; an amplitude's slot in its half is its index
    /// with the bit removed).
    /// </summary>
    private static Vector512<long> Merge(int bit, int first)
    {
        var indices = new long[Width];
        for (int j = 0; j < Width; j++)
        {
            int a = first + j;
            int slot = ((a >> (bit + 1)) << bit) | (a & ((1 << bit) - 1));
            indices[j] = ((a >> bit) & 1) * Width + slot;
        }

        return Vector512.Create(indices);
    }
}
