using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LaneAdjoint = Qhml.MLNet.Quantum.AdjointRule<System.Numerics.Vector<double>, Qhml.MLNet.Quantum.VectorArithmetic>;
using LanePair = Qhml.MLNet.Quantum.PairUpdate<System.Numerics.Vector<double>, Qhml.MLNet.Quantum.VectorArithmetic>;

namespace Qhml.MLNet.Quantum;

/// <summary>
/// Kernels of <see cref="LaneProgram"/> on lane-batched states (element i = amplitude i of every lane).
/// Logical index i lives at physical index f(i) given by a <see cref="IndexMapping"/>; the pair of
/// bit position b is (f(i), f(i) ^ f(e_b)).
/// </summary>
internal static class LaneKernels
{
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
        // Coefficients in locals, so they live in registers whatever the JIT inlines.
        Vector<double> ar = u.AR, ai = u.AI, br = u.BR, bi = u.BI, cr = u.CR, ci = u.CI, dr = u.DR, di = u.DI;
        int[]? pairs = map.Pairs.Length > 0 ? map.Pairs[bit] : null;
        if (pairs is not null)
        {
            ref int list = ref MemoryMarshal.GetArrayDataReference(pairs);
            for (int t = 0; t < pairs.Length; t++)
            {
                int p0 = Unsafe.Add(ref list, t), p1 = p0 ^ partner;
                LanePair.Fused(ar, ai, br, bi, cr, ci, dr, di, Unsafe.Add(ref re, p0), Unsafe.Add(ref im, p0), Unsafe.Add(ref re, p1), Unsafe.Add(ref im, p1),
                    out Unsafe.Add(ref re, p0), out Unsafe.Add(ref im, p0), out Unsafe.Add(ref re, p1), out Unsafe.Add(ref im, p1));
            }

            return;
        }

        for (int hi = 0; hi < dim; hi += m << 1)
        {
            for (int k = hi; k < hi + m; k++)
            {
                int p0 = Physical(ref low, ref high, k), p1 = p0 ^ partner;
                LanePair.Fused(ar, ai, br, bi, cr, ci, dr, di, Unsafe.Add(ref re, p0), Unsafe.Add(ref im, p0), Unsafe.Add(ref re, p1), Unsafe.Add(ref im, p1),
                    out Unsafe.Add(ref re, p0), out Unsafe.Add(ref im, p0), out Unsafe.Add(ref re, p1), out Unsafe.Add(ref im, p1));
            }
        }
    }

    /// <summary>
    /// The overlap R_ab = sum over pairs of conj(lambda_a) phi_b of bit position <paramref name="bit"/> (as a matrix of
    /// lanes) and, if asked, u applied to both states in the same pass.
    /// </summary>
    public static LaneMatrix OverlapAndUnapply(Vector<double>[] phiReArr, Vector<double>[] phiImArr, Vector<double>[] lamReArr, Vector<double>[] lamImArr,
        IndexMapping map, int bit, in LaneMatrix u, int dim, bool unapply)
    {
        ref Vector<double> fr = ref MemoryMarshal.GetArrayDataReference(phiReArr);
        ref Vector<double> fi = ref MemoryMarshal.GetArrayDataReference(phiImArr);
        ref Vector<double> lr = ref MemoryMarshal.GetArrayDataReference(lamReArr);
        ref Vector<double> li = ref MemoryMarshal.GetArrayDataReference(lamImArr);
        ref int low = ref MemoryMarshal.GetArrayDataReference(map.Low);
        ref int high = ref MemoryMarshal.GetArrayDataReference(map.High);
        int m = 1 << bit, partner = map.Cols[bit];
        Vector<double> r00r = default, r00i = default, r01r = default, r01i = default, r10r = default, r10i = default, r11r = default, r11i = default;
        Vector<double> ar = u.AR, ai = u.AI, br = u.BR, bi = u.BI, cr = u.CR, ci = u.CI, dr = u.DR, di = u.DI;
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
            r00r = LaneAdjoint.AccumulateFusedReal(r00r, l0r, l0i, f0r, f0i);
            r00i = LaneAdjoint.AccumulateFusedImaginary(r00i, l0r, l0i, f0r, f0i);
            r01r = LaneAdjoint.AccumulateFusedReal(r01r, l0r, l0i, f1r, f1i);
            r01i = LaneAdjoint.AccumulateFusedImaginary(r01i, l0r, l0i, f1r, f1i);
            r10r = LaneAdjoint.AccumulateFusedReal(r10r, l1r, l1i, f0r, f0i);
            r10i = LaneAdjoint.AccumulateFusedImaginary(r10i, l1r, l1i, f0r, f0i);
            r11r = LaneAdjoint.AccumulateFusedReal(r11r, l1r, l1i, f1r, f1i);
            r11i = LaneAdjoint.AccumulateFusedImaginary(r11i, l1r, l1i, f1r, f1i);
            if (unapply)
            {
                LanePair.Fused(ar, ai, br, bi, cr, ci, dr, di, f0r, f0i, f1r, f1i,
                    out Unsafe.Add(ref fr, p0), out Unsafe.Add(ref fi, p0), out Unsafe.Add(ref fr, p1), out Unsafe.Add(ref fi, p1));
                LanePair.Fused(ar, ai, br, bi, cr, ci, dr, di, l0r, l0i, l1r, l1i,
                    out Unsafe.Add(ref lr, p0), out Unsafe.Add(ref li, p0), out Unsafe.Add(ref lr, p1), out Unsafe.Add(ref li, p1));
            }
        }

        return new LaneMatrix(r00r, r00i, r01r, r01i, r10r, r10i, r11r, r11i);
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

    /// <summary>&lt;Z_q&gt; per lane: probabilities in logical order, then <see cref="ZExpectation{T, TMath}"/>.</summary>
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
            Unsafe.Add(ref p, i) = ComplexMath<Vector<double>, VectorArithmetic>.Norm(Unsafe.Add(ref re, k), Unsafe.Add(ref im, k));
        }

        ZExpectation<Vector<double>, VectorArithmetic>.FromProbabilities(scratch.AsSpan(0, dim), qubits, destination);
    }

    /// <summary>lambda = (sum_q g_q Z_q) phi, with the diagonal built by doubling in logical order.</summary>
    public static void InitLambda(Vector<double>[] phiRe, Vector<double>[] phiIm, Vector<double>[] lamRe, Vector<double>[] lamIm,
        IndexMapping map, int qubits, Vector<double>[] g, Vector<double>[] scratch)
    {
        int dim = 1 << qubits;
        ObservableDiagonal<Vector<double>, VectorArithmetic>.Fill(g, qubits, scratch);
        ref Vector<double> w = ref MemoryMarshal.GetArrayDataReference(scratch);
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
