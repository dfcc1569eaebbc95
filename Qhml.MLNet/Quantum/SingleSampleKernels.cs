using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Qhml.MLNet.Quantum;

/// <summary>
/// Kernels of <see cref="SingleSampleProgram"/>: one sample's state (real and imaginary parts apart, natural
/// index order), vectorized over amplitudes with AVX2 + FMA, or scalar.
/// </summary>
/// <remarks>
/// Every amplitude gets exactly the floating-point operations that <see cref="LaneKernels"/> gives it in its
/// lane (same products, same FMA nesting, same order), so results are bit-identical to the lane engine. Only
/// data movement differs: runs of CNOTs are executed as gathers, and bit positions 0 and 1 pair amplitudes
/// inside a 4-wide vector, which is handled by shuffles.
/// </remarks>
internal static class SingleSampleKernels
{
    /// <summary>True when the AVX2 + FMA kernels can run on this machine.</summary>
    public static bool IsAccelerated => Avx2.IsSupported && Fma.IsSupported;

    private const int Width = 4;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double F(double a, double b, double c) => Math.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> F(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Fma.MultiplyAdd(a, b, c);

    /// <summary>c - a * b with one rounding: the same bits as F(-a, b, c).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Fnma(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Fma.MultiplyAddNegated(a, b, c);

    /// <summary>a * b - c with one rounding: the same bits as F(a, b, -c), as rounding is symmetric in sign.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Fms(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Fma.MultiplySubtract(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Load(ref double a, int i) => Vector256.LoadUnsafe(ref a, (nuint)i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref double a, int i, Vector256<double> v) => v.StoreUnsafe(ref a, (nuint)i);

    /// <summary>
    /// [s[b], s[b ^ c0], s[b ^ c1], s[b ^ c01]]: four lanes read through a mapping (f linear, so f(k + j) = f(k) ^ f(j)).
    /// Scalar loads: faster than vgatherdpd on the AMD cores measured (0.18 vs 0.32 us per 256-amplitude gather).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> LoadThrough(ref double s, int b, int c0, int c1, int c01)
        => Vector256.Create(Unsafe.Add(ref s, b), Unsafe.Add(ref s, b ^ c0), Unsafe.Add(ref s, b ^ c1), Unsafe.Add(ref s, b ^ c01));

    /// <summary>
    /// Product state of the per-qubit first blocks applied to |0&gt;, built by doubling from bit 0 upwards
    /// exactly as <see cref="LaneProgram.Forward"/> does; <paramref name="initial"/> is indexed by qubit.
    /// </summary>
    public static void ProductState(double[] reArr, double[] imArr, int qubits, ReadOnlySpan<Matrix2> initial, bool vectors)
    {
        ref double re = ref reArr[0];
        ref double im = ref imArr[0];
        re = 1.0;
        im = 0.0;
        int len = 1;
        for (int bit = 0; bit < qubits; bit++)
        {
            Matrix2 m = initial[qubits - 1 - bit];
            int k = 0;
            if (vectors && len >= Width && bit + 1 < qubits)
            {
                // Two doublings per pass: the first one's halves stay in registers for the second.
                Matrix2 m2 = initial[qubits - 2 - bit];
                Vector256<double> ar = Vector256.Create(m.AR), ai = Vector256.Create(m.AI);
                Vector256<double> cr = Vector256.Create(m.CR), ci = Vector256.Create(m.CI);
                Vector256<double> er = Vector256.Create(m2.AR), ei = Vector256.Create(m2.AI);
                Vector256<double> gr = Vector256.Create(m2.CR), gi = Vector256.Create(m2.CI);
                for (; k < len; k += Width)
                {
                    Vector256<double> xr = Load(ref re, k), xi = Load(ref im, k);
                    Vector256<double> hr = Avx.Subtract(Avx.Multiply(xr, cr), Avx.Multiply(xi, ci));
                    Vector256<double> hi = Avx.Add(Avx.Multiply(xr, ci), Avx.Multiply(xi, cr));
                    Vector256<double> lr = Avx.Subtract(Avx.Multiply(xr, ar), Avx.Multiply(xi, ai));
                    Vector256<double> li = Avx.Add(Avx.Multiply(xr, ai), Avx.Multiply(xi, ar));
                    Store(ref re, (3 * len) + k, Avx.Subtract(Avx.Multiply(hr, gr), Avx.Multiply(hi, gi)));
                    Store(ref im, (3 * len) + k, Avx.Add(Avx.Multiply(hr, gi), Avx.Multiply(hi, gr)));
                    Store(ref re, len + k, Avx.Subtract(Avx.Multiply(hr, er), Avx.Multiply(hi, ei)));
                    Store(ref im, len + k, Avx.Add(Avx.Multiply(hr, ei), Avx.Multiply(hi, er)));
                    Store(ref re, (2 * len) + k, Avx.Subtract(Avx.Multiply(lr, gr), Avx.Multiply(li, gi)));
                    Store(ref im, (2 * len) + k, Avx.Add(Avx.Multiply(lr, gi), Avx.Multiply(li, gr)));
                    Store(ref re, k, Avx.Subtract(Avx.Multiply(lr, er), Avx.Multiply(li, ei)));
                    Store(ref im, k, Avx.Add(Avx.Multiply(lr, ei), Avx.Multiply(li, er)));
                }

                bit++;
                len <<= 2;
                continue;
            }

            if (vectors && len >= Width)
            {
                Vector256<double> ar = Vector256.Create(m.AR), ai = Vector256.Create(m.AI);
                Vector256<double> cr = Vector256.Create(m.CR), ci = Vector256.Create(m.CI);
                for (; k < len; k += Width)
                {
                    Vector256<double> xr = Load(ref re, k), xi = Load(ref im, k);
                    Store(ref re, len + k, Avx.Subtract(Avx.Multiply(xr, cr), Avx.Multiply(xi, ci)));
                    Store(ref im, len + k, Avx.Add(Avx.Multiply(xr, ci), Avx.Multiply(xi, cr)));
                    Store(ref re, k, Avx.Subtract(Avx.Multiply(xr, ar), Avx.Multiply(xi, ai)));
                    Store(ref im, k, Avx.Add(Avx.Multiply(xr, ai), Avx.Multiply(xi, ar)));
                }
            }

            for (; k < len; k++)
            {
                double xr = Unsafe.Add(ref re, k), xi = Unsafe.Add(ref im, k);
                Unsafe.Add(ref re, len + k) = xr * m.CR - xi * m.CI;
                Unsafe.Add(ref im, len + k) = xr * m.CI + xi * m.CR;
                Unsafe.Add(ref re, k) = xr * m.AR - xi * m.AI;
                Unsafe.Add(ref im, k) = xr * m.AI + xi * m.AR;
            }

            len <<= 1;
        }
    }

    /// <summary>Applies the 2x2 matrix u to bit position <paramref name="bit"/>.</summary>
    public static void Apply(double[] reArr, double[] imArr, int dim, int bit, in Matrix2 u, bool vectors)
    {
        ref double re = ref reArr[0];
        ref double im = ref imArr[0];
        int m = 1 << bit;
        if (!vectors)
        {
            for (int hi = 0; hi < dim; hi += m << 1)
            {
                for (int k = hi; k < hi + m; k++)
                    Pair(u, ref Unsafe.Add(ref re, k), ref Unsafe.Add(ref im, k), ref Unsafe.Add(ref re, k + m), ref Unsafe.Add(ref im, k + m));
            }

            return;
        }

        // Written out with the coefficients in locals, so they live in registers whatever the JIT inlines.
        Vector256<double> ar = Vector256.Create(u.AR), ai = Vector256.Create(u.AI), br = Vector256.Create(u.BR), bi = Vector256.Create(u.BI);
        Vector256<double> cr = Vector256.Create(u.CR), ci = Vector256.Create(u.CI), dr = Vector256.Create(u.DR), di = Vector256.Create(u.DI);
        // Negated coefficients come from FNMA / FMS (exact: negation does not round) to spare four registers.
        if (bit >= 2)
        {
            for (int hi = 0; hi < dim; hi += m << 1)
            {
                for (int k = hi; k < hi + m; k += Width)
                {
                    Vector256<double> xr = Load(ref re, k), xi = Load(ref im, k), yr = Load(ref re, k + m), yi = Load(ref im, k + m);
                    Store(ref re, k, F(ar, xr, Fnma(ai, xi, Fms(br, yr, Avx.Multiply(bi, yi)))));
                    Store(ref im, k, F(ar, xi, F(ai, xr, F(br, yi, Avx.Multiply(bi, yr)))));
                    Store(ref re, k + m, F(cr, xr, Fnma(ci, xi, Fms(dr, yr, Avx.Multiply(di, yi)))));
                    Store(ref im, k + m, F(cr, xi, F(ci, xr, F(dr, yi, Avx.Multiply(di, yr)))));
                }
            }
        }
        else if (bit == 1)
        {
            // v = [a0 a1 a2 a3], w = [a4 a5 a6 a7]: bit-1 pairs are (a0, a2), (a1, a3), (a4, a6), (a5, a7).
            for (int k = 0; k < dim; k += 2 * Width)
            {
                Vector256<double> vr = Load(ref re, k), wr = Load(ref re, k + Width), vi = Load(ref im, k), wi = Load(ref im, k + Width);
                Vector256<double> xr = Avx.Permute2x128(vr, wr, 0x20), yr = Avx.Permute2x128(vr, wr, 0x31);
                Vector256<double> xi = Avx.Permute2x128(vi, wi, 0x20), yi = Avx.Permute2x128(vi, wi, 0x31);
                Vector256<double> r0 = F(ar, xr, Fnma(ai, xi, Fms(br, yr, Avx.Multiply(bi, yi))));
                Vector256<double> i0 = F(ar, xi, F(ai, xr, F(br, yi, Avx.Multiply(bi, yr))));
                Vector256<double> r1 = F(cr, xr, Fnma(ci, xi, Fms(dr, yr, Avx.Multiply(di, yi))));
                Vector256<double> i1 = F(cr, xi, F(ci, xr, F(dr, yi, Avx.Multiply(di, yr))));
                Store(ref re, k, Avx.Permute2x128(r0, r1, 0x20));
                Store(ref re, k + Width, Avx.Permute2x128(r0, r1, 0x31));
                Store(ref im, k, Avx.Permute2x128(i0, i1, 0x20));
                Store(ref im, k + Width, Avx.Permute2x128(i0, i1, 0x31));
            }
        }
        else
        {
            // Bit-0 pairs are neighbours: unpacking two vectors gives [a0 a4 a2 a6] and [a1 a5 a3 a7].
            for (int k = 0; k < dim; k += 2 * Width)
            {
                Vector256<double> vr = Load(ref re, k), wr = Load(ref re, k + Width), vi = Load(ref im, k), wi = Load(ref im, k + Width);
                Vector256<double> xr = Avx.UnpackLow(vr, wr), yr = Avx.UnpackHigh(vr, wr);
                Vector256<double> xi = Avx.UnpackLow(vi, wi), yi = Avx.UnpackHigh(vi, wi);
                Vector256<double> r0 = F(ar, xr, Fnma(ai, xi, Fms(br, yr, Avx.Multiply(bi, yi))));
                Vector256<double> i0 = F(ar, xi, F(ai, xr, F(br, yi, Avx.Multiply(bi, yr))));
                Vector256<double> r1 = F(cr, xr, Fnma(ci, xi, Fms(dr, yr, Avx.Multiply(di, yi))));
                Vector256<double> i1 = F(cr, xi, F(ci, xr, F(dr, yi, Avx.Multiply(di, yr))));
                Store(ref re, k, Avx.UnpackLow(r0, r1));
                Store(ref re, k + Width, Avx.UnpackHigh(r0, r1));
                Store(ref im, k, Avx.UnpackLow(i0, i1));
                Store(ref im, k + Width, Avx.UnpackHigh(i0, i1));
            }
        }
    }

    /// <summary>The pair update of <see cref="LaneKernels.Apply"/>, operation for operation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Pair(in Matrix2 u, ref double r0, ref double i0, ref double r1, ref double i1)
    {
        double nai = -u.AI, nbi = -u.BI, nci = -u.CI, ndi = -u.DI;
        double xr = r0, xi = i0, yr = r1, yi = i1;
        r0 = F(u.AR, xr, F(nai, xi, F(u.BR, yr, nbi * yi)));
        i0 = F(u.AR, xi, F(u.AI, xr, F(u.BR, yi, u.BI * yr)));
        r1 = F(u.CR, xr, F(nci, xi, F(u.DR, yr, ndi * yi)));
        i1 = F(u.CR, xi, F(u.CI, xr, F(u.DR, yi, u.DI * yr)));
    }

    /// <summary>
    /// Moves amplitudes to natural order from the layout of a run of CNOTs: destination[i] = source[f(i)] with f
    /// the run's <see cref="IndexMapping"/> (the lane engine's relabeling; a pure data move).
    /// </summary>
    public static void Gather(double[] sourceRe, double[] sourceIm, double[] destinationRe, double[] destinationIm,
        IndexMapping map, int dim, bool vectors)
    {
        int[] low = map.Low, high = map.High;
        if (!vectors)
        {
            for (int i = 0; i < dim; i++)
            {
                int k = low[i & 255] ^ high[i >> 8];
                destinationRe[i] = sourceRe[k];
                destinationIm[i] = sourceIm[k];
            }

            return;
        }

        int c0 = map.Cols[0], c1 = map.Cols[1], c01 = c0 ^ c1;
        ref double sr = ref sourceRe[0];
        ref double si = ref sourceIm[0];
        ref double dr = ref destinationRe[0];
        ref double di = ref destinationIm[0];
        for (int k = 0; k < dim; k += Width)
        {
            int b = low[k & 255] ^ high[k >> 8];
            Store(ref dr, k, LoadThrough(ref sr, b, c0, c1, c01));
            Store(ref di, k, LoadThrough(ref si, b, c0, c1, c01));
        }
    }

    /// <summary>
    /// <see cref="Gather"/> then <see cref="Apply"/> in one pass (AVX2 only, bit position at least 2): the pair is
    /// read through the run's mapping straight into registers, so the gathered state is written once, not twice.
    /// </summary>
    public static void GatherApply(double[] sourceRe, double[] sourceIm, double[] destinationRe, double[] destinationIm,
        IndexMapping map, int dim, int bit, in Matrix2 u)
    {
        int[] low = map.Low, high = map.High;
        int m = 1 << bit;
        int c0 = map.Cols[0], c1 = map.Cols[1], c01 = c0 ^ c1, partner = map.Cols[bit]; // f(k + m) = f(k) ^ f(m)
        Vector256<double> ar = Vector256.Create(u.AR), ai = Vector256.Create(u.AI), br = Vector256.Create(u.BR), bi = Vector256.Create(u.BI);
        Vector256<double> cr = Vector256.Create(u.CR), ci = Vector256.Create(u.CI), dr = Vector256.Create(u.DR), di = Vector256.Create(u.DI);
        ref double sr = ref sourceRe[0];
        ref double si = ref sourceIm[0];
        ref double re = ref destinationRe[0];
        ref double im = ref destinationIm[0];
        for (int hi = 0; hi < dim; hi += m << 1)
        {
            for (int k = hi; k < hi + m; k += Width)
            {
                int x = low[k & 255] ^ high[k >> 8], y = x ^ partner;
                Vector256<double> xr = LoadThrough(ref sr, x, c0, c1, c01), xi = LoadThrough(ref si, x, c0, c1, c01);
                Vector256<double> yr = LoadThrough(ref sr, y, c0, c1, c01), yi = LoadThrough(ref si, y, c0, c1, c01);
                Store(ref re, k, F(ar, xr, Fnma(ai, xi, Fms(br, yr, Avx.Multiply(bi, yi)))));
                Store(ref im, k, F(ar, xi, F(ai, xr, F(br, yi, Avx.Multiply(bi, yr)))));
                Store(ref re, k + m, F(cr, xr, Fnma(ci, xi, Fms(dr, yr, Avx.Multiply(di, yi)))));
                Store(ref im, k + m, F(cr, xi, F(ci, xr, F(dr, yi, Avx.Multiply(di, yr)))));
            }
        }
    }

    /// <summary>CZ on bit positions a, b: negates amplitudes with both bits set (a sign flip, as the lane engine's negation).</summary>
    public static void Cz(double[] reArr, double[] imArr, int dim, int a, int b, bool vectors)
    {
        int both = (1 << a) | (1 << b);
        if (!vectors)
        {
            for (int i = both; i < dim; i = (i + 1) | both)
            {
                reArr[i] = -reArr[i];
                imArr[i] = -imArr[i];
            }

            return;
        }

        ref double re = ref reArr[0];
        ref double im = ref imArr[0];
        int high = both & ~(Width - 1), low = both & (Width - 1);
        Vector256<double> sign = Vector256.Create(
            (0 & low) == low ? -0.0 : 0.0, (1 & low) == low ? -0.0 : 0.0, (2 & low) == low ? -0.0 : 0.0, (3 & low) == low ? -0.0 : 0.0);
        for (int k = high; k < dim; k = (k + Width) | high)
        {
            Store(ref re, k, Avx.Xor(Load(ref re, k), sign));
            Store(ref im, k, Avx.Xor(Load(ref im, k), sign));
        }
    }

    /// <summary>
    /// &lt;Z_q&gt; as <see cref="LaneKernels.ExpectationsZ"/> computes it: probabilities in index order, then
    /// fold the top bit away qubit by qubit, summing each upper half in index order. With a
    /// <paramref name="map"/>, amplitude i is read at f(i) (CNOTs after the last gate), and <paramref name="stored"/>
    /// (length 2^qubits) is scratch for the squares in storage order.
    /// </summary>
    public static void ExpectationsZ(double[] reArr, double[] imArr, IndexMapping? map, int qubits, double[] scratch, double[] stored, Span<double> destination, bool vectors)
    {
        int dim = 1 << qubits;
        ref double re = ref reArr[0];
        ref double im = ref imArr[0];
        ref double p = ref scratch[0];
        int i = 0;
        if (map is not null)
        {
            Probabilities(reArr, imArr, map, dim, scratch, stored, vectors);
            i = dim;
        }
        else if (vectors)
        {
            for (; i + Width <= dim; i += Width)
            {
                Vector256<double> r = Load(ref re, i), m = Load(ref im, i);
                Store(ref p, i, Avx.Add(Avx.Multiply(r, r), Avx.Multiply(m, m)));
            }
        }

        for (; i < dim; i++)
        {
            double r = Unsafe.Add(ref re, i), m = Unsafe.Add(ref im, i);
            Unsafe.Add(ref p, i) = r * r + m * m;
        }

        // Fold in place first: fold q only rewrites p[0, 2^(n-1-q)), so every level's upper half stays intact.
        for (int half = dim >> 1; half >= 1; half >>= 1)
        {
            int k = 0;
            if (vectors)
            {
                for (; k + Width <= half; k += Width)
                    Store(ref p, k, Avx.Add(Load(ref p, k), Load(ref p, half + k)));
            }

            for (; k < half; k++)
                Unsafe.Add(ref p, k) += Unsafe.Add(ref p, half + k);
        }

        // Each upper-half sum is one serial chain in index order (the lane engine's order); qubit 0's chain, the
        // longest, runs interleaved with the others (together one shorter) so two chains overlap.
        double first = 0.0;
        int j0 = dim >> 1;
        for (int q = 1; q < qubits; q++)
        {
            int half = dim >> (q + 1);
            double upper = 0.0;
            for (int j = 0; j < half; j++)
            {
                upper += Unsafe.Add(ref p, half + j);
                first += Unsafe.Add(ref p, j0++);
            }

            destination[q] = upper;
        }

        for (; j0 < dim; j0++)
            first += Unsafe.Add(ref p, j0);
        destination[0] = first;

        double total = p;
        for (int q = 0; q < qubits; q++)
            destination[q] = total - destination[q] - destination[q];
    }

    /// <summary>scratch[i] = |amplitude at f(i)|^2, with the lane engine's rounding (two products, one sum); <paramref name="stored"/> is scratch too.</summary>
    private static void Probabilities(double[] re, double[] im, IndexMapping map, int dim, double[] scratch, double[] stored, bool vectors)
    {
        int[] low = map.Low, high = map.High;
        if (!vectors)
        {
            for (int i = 0; i < dim; i++)
            {
                int k = low[i & 255] ^ high[i >> 8];
                double r = re[k], m = im[k];
                scratch[i] = r * r + m * m;
            }

            return;
        }

        // Squares in storage order first (contiguous), then one gather per vector instead of two.
        ref double r0 = ref re[0];
        ref double m0 = ref im[0];
        ref double q0 = ref stored[0];
        for (int j = 0; j < dim; j += Width)
        {
            Vector256<double> r = Load(ref r0, j), m = Load(ref m0, j);
            Store(ref q0, j, Avx.Add(Avx.Multiply(r, r), Avx.Multiply(m, m)));
        }

        int c0 = map.Cols[0], c1 = map.Cols[1], c01 = c0 ^ c1;
        ref double p = ref scratch[0];
        for (int k = 0; k < dim; k += Width)
            Store(ref p, k, LoadThrough(ref q0, low[k & 255] ^ high[k >> 8], c0, c1, c01));
    }
}
