using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Qhml.MLNet.Quantum;

/// <summary>
/// Kernels of <see cref="LaneProgram"/> on lane-batched states (element i = amplitude i of every lane).
/// Logical index i lives at physical index f(i) given by a <see cref="LaneProgram.Mapping"/>; the pair of
/// bit position b is (f(i), f(i) ^ f(e_b)).
/// </summary>
internal static class LaneKernels
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Physical(ref int low, ref int high, int i)
        => Unsafe.Add(ref low, i & 255) ^ Unsafe.Add(ref high, i >> 8);

    /// <summary>Applies the per-lane 2x2 matrix u to bit position <paramref name="bit"/>.</summary>
    public static void Apply(Vector<double>[] reArr, Vector<double>[] imArr, LaneProgram.Mapping map, int bit, in LaneMatrix u, int dim)
    {
        ref Vector<double> re = ref MemoryMarshal.GetArrayDataReference(reArr);
        ref Vector<double> im = ref MemoryMarshal.GetArrayDataReference(imArr);
        ref int low = ref MemoryMarshal.GetArrayDataReference(map.Low);
        ref int high = ref MemoryMarshal.GetArrayDataReference(map.High);
        int m = 1 << bit, partner = map.Cols[bit];
        Vector<double> ar = u.AR, ai = u.AI, br = u.BR, bi = u.BI, cr = u.CR, ci = u.CI, dr = u.DR, di = u.DI;
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
                r0 = ar * xr - ai * xi + br * yr - bi * yi;
                i0 = ar * xi + ai * xr + br * yi + bi * yr;
                r1 = cr * xr - ci * xi + dr * yr - di * yi;
                i1 = cr * xi + ci * xr + dr * yi + di * yr;
            }
        }
    }

    /// <summary>
    /// Accumulates the overlap R_ab = sum over pairs of conj(lambda_a) phi_b of bit position
    /// <paramref name="bit"/> into r (re, im of R00, R01, R10, R11) and, if asked, applies u to both states.
    /// </summary>
    public static void OverlapAndUnapply(Vector<double>[] phiReArr, Vector<double>[] phiImArr, Vector<double>[] lamReArr, Vector<double>[] lamImArr,
        LaneProgram.Mapping map, int bit, in LaneMatrix u, int dim, Span<Vector<double>> r, bool unapply)
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
        for (int hi = 0; hi < dim; hi += m << 1)
        {
            for (int k = hi; k < hi + m; k++)
            {
                int p0 = Physical(ref low, ref high, k), p1 = p0 ^ partner;
                Vector<double> f0r = Unsafe.Add(ref fr, p0), f0i = Unsafe.Add(ref fi, p0);
                Vector<double> f1r = Unsafe.Add(ref fr, p1), f1i = Unsafe.Add(ref fi, p1);
                Vector<double> l0r = Unsafe.Add(ref lr, p0), l0i = Unsafe.Add(ref li, p0);
                Vector<double> l1r = Unsafe.Add(ref lr, p1), l1i = Unsafe.Add(ref li, p1);

                // conj(l) f = (lr fr + li fi) + i (lr fi - li fr)
                r00r += l0r * f0r + l0i * f0i;
                r00i += l0r * f0i - l0i * f0r;
                r01r += l0r * f1r + l0i * f1i;
                r01i += l0r * f1i - l0i * f1r;
                r10r += l1r * f0r + l1i * f0i;
                r10i += l1r * f0i - l1i * f0r;
                r11r += l1r * f1r + l1i * f1i;
                r11i += l1r * f1i - l1i * f1r;

                if (unapply)
                {
                    Unsafe.Add(ref fr, p0) = ar * f0r - ai * f0i + br * f1r - bi * f1i;
                    Unsafe.Add(ref fi, p0) = ar * f0i + ai * f0r + br * f1i + bi * f1r;
                    Unsafe.Add(ref fr, p1) = cr * f0r - ci * f0i + dr * f1r - di * f1i;
                    Unsafe.Add(ref fi, p1) = cr * f0i + ci * f0r + dr * f1i + di * f1r;
                    Unsafe.Add(ref lr, p0) = ar * l0r - ai * l0i + br * l1r - bi * l1i;
                    Unsafe.Add(ref li, p0) = ar * l0i + ai * l0r + br * l1i + bi * l1r;
                    Unsafe.Add(ref lr, p1) = cr * l0r - ci * l0i + dr * l1r - di * l1i;
                    Unsafe.Add(ref li, p1) = cr * l0i + ci * l0r + dr * l1i + di * l1r;
                }
            }
        }

        r[0] = r00r; r[1] = r00i; r[2] = r01r; r[3] = r01i;
        r[4] = r10r; r[5] = r10i; r[6] = r11r; r[7] = r11i;
    }

    /// <summary>CZ on bit positions a, b: negates logical indices with both bits set.</summary>
    public static void Cz(Vector<double>[] reArr, Vector<double>[] imArr, LaneProgram.Mapping map, int a, int b, int dim)
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
    public static void ExpectationsZ(Vector<double>[] reArr, Vector<double>[] imArr, LaneProgram.Mapping map, int qubits,
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
        LaneProgram.Mapping map, int qubits, Vector<double>[] g, Vector<double>[] scratch)
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
