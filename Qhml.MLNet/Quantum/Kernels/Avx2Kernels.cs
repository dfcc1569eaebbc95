using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Pair = Qhml.MLNet.Quantum.PairUpdate<System.Runtime.Intrinsics.Vector256<double>, Qhml.MLNet.Quantum.Avx2Arithmetic>;

namespace Qhml.MLNet.Quantum;

/// <summary>
/// The AVX2 + FMA kernel set: the generic kernels at four doubles, plus the data moves that pay to write out with AVX2
/// (gathers through a CNOT mapping, the gather folded into a block update, CZ as a sign mask) and the block product
/// with a matrix row per vector.
/// </summary>
internal readonly struct Avx2Kernels : ISingleSampleKernels
{
    private const int Width = 4;

    public static KernelIsa Isa => KernelIsa.Avx2;

    public static void Apply(double[] re, double[] im, int dim, int bit, in Matrix2 u) => AmplitudeKernels<Vector256<double>, Avx2Arithmetic>.Apply(re, im, dim, bit, u);

    public static void ProductState(double[] re, double[] im, int qubits, ReadOnlySpan<Matrix2> initial)
        => AmplitudeKernels<Vector256<double>, Avx2Arithmetic>.ProductState(re, im, qubits, initial);

    public static Matrix2 BlockProduct(Matrix2[] gate, int[] gates) => MatrixProductRows.Product(gate, gates);

    public static void Norms(double[] re, double[] im, double[] p, int dim) => AmplitudeKernels<Vector256<double>, Avx2Arithmetic>.Norms(re, im, p, dim);

    public static void Gather(double[] sourceRe, double[] sourceIm, double[] destinationRe, double[] destinationIm, IndexMapping map, int dim)
    {
        int[] low = map.Low, high = map.High;
        int c0 = map.Cols[0], c1 = map.Cols[1], c01 = c0 ^ c1;
        ref double sr = ref sourceRe[0];
        ref double si = ref sourceIm[0];
        ref double dr = ref destinationRe[0];
        ref double di = ref destinationIm[0];
        for (int k = 0; k < dim; k += Width)
        {
            int b = low[k & 255] ^ high[k >> 8];
            Avx2Arithmetic.Store(ref dr, k, LoadThrough(ref sr, b, c0, c1, c01));
            Avx2Arithmetic.Store(ref di, k, LoadThrough(ref si, b, c0, c1, c01));
        }
    }

    /// <summary>Bit positions from 2 on: a pair's two halves are whole vectors, read through the mapping into registers.</summary>
    public static bool FusesGather(int bit) => bit >= 2;

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
                Avx2Arithmetic.Store(ref re, k, Pair.Real(ar, ai, br, bi, xr, xi, yr, yi));
                Avx2Arithmetic.Store(ref im, k, Pair.Imaginary(ar, ai, br, bi, xr, xi, yr, yi));
                Avx2Arithmetic.Store(ref re, k + m, Pair.Real(cr, ci, dr, di, xr, xi, yr, yi));
                Avx2Arithmetic.Store(ref im, k + m, Pair.Imaginary(cr, ci, dr, di, xr, xi, yr, yi));
            }
        }
    }

    public static void Cz(double[] reArr, double[] imArr, int dim, int a, int b)
    {
        int both = (1 << a) | (1 << b);
        ref double re = ref reArr[0];
        ref double im = ref imArr[0];
        int high = both & ~(Width - 1), low = both & (Width - 1);
        Vector256<double> sign = Vector256.Create(
            (0 & low) == low ? -0.0 : 0.0, (1 & low) == low ? -0.0 : 0.0, (2 & low) == low ? -0.0 : 0.0, (3 & low) == low ? -0.0 : 0.0);
        for (int k = high; k < dim; k = (k + Width) | high)
        {
            Avx2Arithmetic.Store(ref re, k, Avx.Xor(Avx2Arithmetic.Load(ref re, k), sign));
            Avx2Arithmetic.Store(ref im, k, Avx.Xor(Avx2Arithmetic.Load(ref im, k), sign));
        }
    }

    /// <summary>Squares in storage order first (contiguous), then one gather per vector instead of two.</summary>
    public static void Probabilities(double[] re, double[] im, IndexMapping map, int dim, double[] scratch, double[] stored)
    {
        Norms(re, im, stored, dim);
        int[] low = map.Low, high = map.High;
        int c0 = map.Cols[0], c1 = map.Cols[1], c01 = c0 ^ c1;
        ref double q0 = ref stored[0];
        ref double p = ref scratch[0];
        for (int k = 0; k < dim; k += Width)
            Avx2Arithmetic.Store(ref p, k, LoadThrough(ref q0, low[k & 255] ^ high[k >> 8], c0, c1, c01));
    }

    /// <summary>
    /// [s[b], s[b ^ c0], s[b ^ c1], s[b ^ c01]]: four lanes read through a mapping (f linear, so f(k + j) = f(k) ^ f(j)).
    /// Scalar loads: faster than vgatherdpd on the AMD cores measured (0.18 vs 0.32 us per 256-amplitude gather).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> LoadThrough(ref double s, int b, int c0, int c1, int c01)
        => Vector256.Create(Unsafe.Add(ref s, b), Unsafe.Add(ref s, b ^ c0), Unsafe.Add(ref s, b ^ c1), Unsafe.Add(ref s, b ^ c01));
}

/// <summary>The AVX2 set with its block updates at eight doubles (the other kernels stay on AVX2).</summary>
internal readonly struct Avx512Kernels : ISingleSampleKernels
{
    public static KernelIsa Isa => KernelIsa.Avx512;

    public static void Apply(double[] re, double[] im, int dim, int bit, in Matrix2 u)
    {
        if (dim < 16 || re.Length < dim || im.Length < dim)
            throw new ArgumentException("The AVX-512 block kernel needs at least 16 amplitudes in each part.", nameof(dim));
        AmplitudeKernels<Vector512<double>, Avx512Arithmetic>.Apply(re, im, dim, bit, u);
    }

    public static void ProductState(double[] re, double[] im, int qubits, ReadOnlySpan<Matrix2> initial) => Avx2Kernels.ProductState(re, im, qubits, initial);

    public static Matrix2 BlockProduct(Matrix2[] gate, int[] gates) => Avx2Kernels.BlockProduct(gate, gates);

    public static void Gather(double[] sourceRe, double[] sourceIm, double[] destinationRe, double[] destinationIm, IndexMapping map, int dim)
        => Avx2Kernels.Gather(sourceRe, sourceIm, destinationRe, destinationIm, map, dim);

    public static bool FusesGather(int bit) => Avx2Kernels.FusesGather(bit);

    public static void GatherApply(double[] sourceRe, double[] sourceIm, double[] destinationRe, double[] destinationIm, IndexMapping map, int dim, int bit, in Matrix2 u)
        => Avx2Kernels.GatherApply(sourceRe, sourceIm, destinationRe, destinationIm, map, dim, bit, u);

    public static void Cz(double[] re, double[] im, int dim, int a, int b) => Avx2Kernels.Cz(re, im, dim, a, b);

    public static void Norms(double[] re, double[] im, double[] p, int dim) => Avx2Kernels.Norms(re, im, p, dim);

    public static void Probabilities(double[] re, double[] im, IndexMapping map, int dim, double[] scratch, double[] stored)
        => Avx2Kernels.Probabilities(re, im, map, dim, scratch, stored);
}
