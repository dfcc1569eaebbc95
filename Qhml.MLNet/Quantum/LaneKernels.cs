using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Qhml.MLNet.Quantum;

/// <summary>
/// Kernels of <see cref="LaneProgram"/> on lane-batched states (element i = amplitude i of every lane).
/// Logical index i lives at physical index f(i) given by a <see cref="IndexMapping"/>; the pair of
/// bit position b is (f(i), f(i) ^ f(e_b)).
/// </summary>
internal static class LaneKernels
{
    /// <summary>a * b + c in one rounding (FMA): half the instructions of the complex 2x2 products.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> F(Vector<double> a, Vector<double> b, Vector<double> c) => Vector.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Physical(ref int low, ref int high, int i)
        => Unsafe.Add(ref low, i & 255) ^ Unsafe.Add(ref high, i >> 8);

    /// <summary>Applies the per-lane 2x2 matrix u to bit position <paramref name="bit"/>.</summary>
    public static void Apply(Vector<double>[] reArr, Vector<double>[] imArr, IndexMapping map, int bit, in LaneMatrix u, int dim)
    {
        ref Vector<double> re = ref MemoryMarshal.GetArrayDataReference(reArr);
        ref Vector<double> im = ref MemoryMarshal.GetArrayDataReference(imArr);
        ref int low = ref MemoryMarshal.GetArrayDataReference(map.Low);
        ref int high = ref MemoryMarshal.GetArrayDataReference(map.High);
        int m = 1 << bit, partner = map.Cols[bit];
        Vector<double> ar = u.AR, ai = u.AI, br = u.BR, bi = u.BI, cr = u.CR, ci = u.CI, dr = u.DR, di = u.DI;
        Vector<double> nai = -ai, nbi = -bi, nci = -ci, ndi = -di;
        int[]? pairs = map.Pairs.Length > 0 ? map.Pairs[bit] : null;
        if (pairs is not null)
        {
            ref int list = ref MemoryMarshal.GetArrayDataReference(pairs);
            for (int t = 0; t < pairs.Length; t++)
            {
                int p0 = Unsafe.Add(ref list, t), p1 = p0 ^ partner;
                ref Vector<double> r0 = ref Unsafe.Add(ref re, p0);
                ref Vector<double> i0 = ref Unsafe.Add(ref im, p0);
                ref Vector<double> r1 = ref Unsafe.Add(ref re, p1);
                ref Vector<double> i1 = ref Unsafe.Add(ref im, p1);
                Vector<double> xr = r0, xi = i0, yr = r1, yi = i1;
                r0 = F(ar, xr, F(nai, xi, F(br, yr, nbi * yi)));
                i0 = F(ar, xi, F(ai, xr, F(br, yi, bi * yr)));
                r1 = F(cr, xr, F(nci, xi, F(dr, yr, ndi * yi)));
                i1 = F(cr, xi, F(ci, xr, F(dr, yi, di * yr)));
            }

            return;
        }

        for (int hi = 0; hi < dim; hi += m << 1)
        {
            for (int k = hi; k < hi + m; k++)
            {
                int p0 = Physical(ref low, ref high, k), p1 = p0 ^ partner;
                ref Vector<double> r0 = ref Unsafe.Add(ref re, p0);
                ref Vector<double> i0 = ref Unsafe.Add(ref im, p0);
                ref Vector<double> r1 = ref Unsafe.Add(ref re, p1);
                ref Vector<double> i1 = ref Unsafe.Add(ref im, p1);
                Vector<double> xr = r0, xi = i0, yr = r1, yi = i1;
                r0 = F(ar, xr, F(nai, xi, F(br, yr, nbi * yi)));
                i0 = F(ar, xi, F(ai, xr, F(br, yi, bi * yr)));
                r1 = F(cr, xr, F(nci, xi, F(dr, yr, ndi * yi)));
                i1 = F(cr, xi, F(ci, xr, F(dr, yi, di * yr)));
            }
        }
    }

    /// <summary>
    /// Accumulates the overlap R_ab = sum over pairs of conj(lambda_a) phi_b of bit position
    /// <paramref name="bit"/> into r (re, im of R00, R01, R10, R11) and, if asked, applies u to both states.
    /// </summary>
    public static void OverlapAndUnapply(Vector<double>[] phiReArr, Vector<double>[] phiImArr, Vector<double>[] lamReArr, Vector<double>[] lamImArr,
        IndexMapping map, int bit, in LaneMatrix u, int dim, Span<Vector<double>> r, bool unapply)
    {
        ref Vector<double> fr = ref MemoryMarshal.GetArrayDataReference(phiReArr);
        ref Vector<double> fi = ref MemoryMarshal.GetArrayDataReference(phiImArr);
        ref Vector<double> lr = ref MemoryMarshal.GetArrayDataReference(lamReArr);
        ref Vector<double> li = ref MemoryMarshal.GetArrayDataReference(lamImArr);
        ref int low = ref MemoryMarshal.GetArrayDataReference(map.Low);
        ref int high = ref MemoryMarshal.GetArrayDataReference(map.High);
        int m = 1 << bit, partner = map.Cols[bit];
        Vector<double> r00r = default, r00i = default, r01r = default, r01i = default;
        Vector<double> r10r = default, r10i = default, r11r = default, r11i = default;
        Vector<double> ar = u.AR, ai = u.AI, br = u.BR, bi = u.BI, cr = u.CR, ci = u.CI, dr = u.DR, di = u.DI;
        Vector<double> nai = -ai, nbi = -bi, nci = -ci, ndi = -di;
        int[]? pairs = map.Pairs.Length > 0 ? map.Pairs[bit] : null;
        ref int list = ref pairs is null ? ref low : ref MemoryMarshal.GetArrayDataReference(pairs);
        int half = dim >> 1;
        for (int t = 0; t < half; t++)
        {
            int p0 = pairs is not null
                ? Unsafe.Add(ref list, t)
                : Physical(ref low, ref high, ((t >> bit) << (bit + 1)) | (t & (m - 1)));
            int p1 = p0 ^ partner;
            Vector<double> f0r = Unsafe.Add(ref fr, p0), f0i = Unsafe.Add(ref fi, p0);
            Vector<double> f1r = Unsafe.Add(ref fr, p1), f1i = Unsafe.Add(ref fi, p1);
            Vector<double> l0r = Unsafe.Add(ref lr, p0), l0i = Unsafe.Add(ref li, p0);
            Vector<double> l1r = Unsafe.Add(ref lr, p1), l1i = Unsafe.Add(ref li, p1);
            Vector<double> nl0i = -l0i, nl1i = -l1i;

            // conj(l) f = (lr fr + li fi) + i (lr fi - li fr)
            r00r = F(l0r, f0r, F(l0i, f0i, r00r));
            r00i = F(l0r, f0i, F(nl0i, f0r, r00i));
            r01r = F(l0r, f1r, F(l0i, f1i, r01r));
            r01i = F(l0r, f1i, F(nl0i, f1r, r01i));
            r10r = F(l1r, f0r, F(l1i, f0i, r10r));
            r10i = F(l1r, f0i, F(nl1i, f0r, r10i));
            r11r = F(l1r, f1r, F(l1i, f1i, r11r));
            r11i = F(l1r, f1i, F(nl1i, f1r, r11i));

            if (unapply)
            {
                Unsafe.Add(ref fr, p0) = F(ar, f0r, F(nai, f0i, F(br, f1r, nbi * f1i)));
                Unsafe.Add(ref fi, p0) = F(ar, f0i, F(ai, f0r, F(br, f1i, bi * f1r)));
                Unsafe.Add(ref fr, p1) = F(cr, f0r, F(nci, f0i, F(dr, f1r, ndi * f1i)));
                Unsafe.Add(ref fi, p1) = F(cr, f0i, F(ci, f0r, F(dr, f1i, di * f1r)));
                Unsafe.Add(ref lr, p0) = F(ar, l0r, F(nai, l0i, F(br, l1r, nbi * l1i)));
                Unsafe.Add(ref li, p0) = F(ar, l0i, F(ai, l0r, F(br, l1i, bi * l1r)));
                Unsafe.Add(ref lr, p1) = F(cr, l0r, F(nci, l0i, F(dr, l1r, ndi * l1i)));
                Unsafe.Add(ref li, p1) = F(cr, l0i, F(ci, l0r, F(dr, l1i, di * l1r)));
            }
        }

        r[0] = r00r; r[1] = r00i; r[2] = r01r; r[3] = r01i;
        r[4] = r10r; r[5] = r10i; r[6] = r11r; r[7] = r11i;
    }

    /// <summary>CZ on bit positions a, b: negates logical indices with both bits set.</summary>
    public static void Cz(Vector<double>[] reArr, Vector<double>[] imArr, IndexMapping map, int a, int b, int dim)
    {
        ref Vector<double> re = ref MemoryMarshal.GetArrayDataReference(reArr);
        ref Vector<double> im = ref MemoryMarshal.GetArrayDataReference(imArr);
        ref int low = ref MemoryMarshal.GetArrayDataReference(map.Low);
        ref int high = ref MemoryMarshal.GetArrayDataReference(map.High);
        int both = (1 << a) | (1 << b);
        for (int i = both; i < dim; i = (i + 1) | both)
        {
            int p = Physical(ref low, ref high, i);
            Unsafe.Add(ref re, p) = -Unsafe.Add(ref re, p);
            Unsafe.Add(ref im, p) = -Unsafe.Add(ref im, p);
        }
    }

    /// <summary>&lt;Z_q&gt; per lane: probabilities in logical order, then fold the top bit away qubit by qubit.</summary>
    public static void ExpectationsZ(Vector<double>[] reArr, Vector<double>[] imArr, IndexMapping map, int qubits,
        Vector<double>[] scratch, Vector<double>[] destination)
    {
        int dim = 1 << qubits;
        ref Vector<double> re = ref MemoryMarshal.GetArrayDataReference(reArr);
        ref Vector<double> im = ref MemoryMarshal.GetArrayDataReference(imArr);
        ref Vector<double> p = ref MemoryMarshal.GetArrayDataReference(scratch);
        ref int low = ref MemoryMarshal.GetArrayDataReference(map.Low);
        ref int high = ref MemoryMarshal.GetArrayDataReference(map.High);
        for (int i = 0; i < dim; i++)
        {
            int k = Physical(ref low, ref high, i);
            Vector<double> r = Unsafe.Add(ref re, k), m = Unsafe.Add(ref im, k);
            Unsafe.Add(ref p, i) = r * r + m * m;
        }

        int len = dim;
        for (int q = 0; q < qubits; q++)
        {
            int half = len >> 1;
            Vector<double> upper = Vector<double>.Zero;
            for (int j = 0; j < half; j++)
            {
                Vector<double> v = Unsafe.Add(ref p, half + j);
                upper += v;
                Unsafe.Add(ref p, j) += v;
            }

            destination[q] = upper;
            len = half;
        }

        Vector<double> total = p;
        for (int q = 0; q < qubits; q++)
            destination[q] = total - destination[q] - destination[q];
    }

    /// <summary>lambda = (sum_q g_q Z_q) phi, with the diagonal built by doubling in logical order.</summary>
    public static void InitLambda(Vector<double>[] phiRe, Vector<double>[] phiIm, Vector<double>[] lamRe, Vector<double>[] lamIm,
        IndexMapping map, int qubits, Vector<double>[] g, Vector<double>[] scratch)
    {
        int dim = 1 << qubits;
        ref Vector<double> w = ref MemoryMarshal.GetArrayDataReference(scratch);
        Vector<double> sum = Vector<double>.Zero;
        for (int q = 0; q < qubits; q++)
            sum += g[q];
        w = sum;
        int len = 1;
        for (int bit = 0; bit < qubits; bit++)
        {
            Vector<double> drop = g[qubits - 1 - bit] + g[qubits - 1 - bit];
            for (int k = 0; k < len; k++)
                Unsafe.Add(ref w, len + k) = Unsafe.Add(ref w, k) - drop;
            len <<= 1;
        }

        ref Vector<double> fr = ref MemoryMarshal.GetArrayDataReference(phiRe);
        ref Vector<double> fi = ref MemoryMarshal.GetArrayDataReference(phiIm);
        ref Vector<double> lr = ref MemoryMarshal.GetArrayDataReference(lamRe);
        ref Vector<double> li = ref MemoryMarshal.GetArrayDataReference(lamIm);
        ref int low = ref MemoryMarshal.GetArrayDataReference(map.Low);
        ref int high = ref MemoryMarshal.GetArrayDataReference(map.High);
        for (int i = 0; i < dim; i++)
        {
            int k = Physical(ref low, ref high, i);
            Vector<double> wi = Unsafe.Add(ref w, i);
            Unsafe.Add(ref lr, k) = wi * Unsafe.Add(ref fr, k);
            Unsafe.Add(ref li, k) = wi * Unsafe.Add(ref fi, k);
        }
    }
}
