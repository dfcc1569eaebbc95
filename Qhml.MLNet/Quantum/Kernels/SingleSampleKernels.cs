using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Qhml.MLNet.Quantum;

/// <summary>The instruction sets the one-sample engine has kernels for.</summary>
internal enum KernelIsa
{
    /// <summary>One double at a time.</summary>
    Scalar,

    /// <summary>AVX2 + FMA, four doubles.</summary>
    Avx2,

    /// <summary>AVX2, with the block updates on AVX-512 (eight doubles).</summary>
    Avx512,
}

/// <summary>
/// One kernel set of <see cref="SingleSampleProgram"/>: one sample's state (real and imaginary parts apart, natural
/// index order) with the kernels of one instruction set. Static members on a struct: the program's forward pass is
/// instantiated per set (<see cref="SingleSampleKernels"/> chooses once), so every kernel call is direct and inlinable.
/// </summary>
/// <remarks>
/// Every amplitude gets exactly the floating-point operations the lane engine gives it in its lane: the arithmetic is
/// <see cref="PairUpdate{T, TMath}"/>, <see cref="ProductState{T, TMath}"/>, <see cref="ComplexMath{T, TMath}"/> and
/// <see cref="ZExpectation{T, TMath}"/> instantiated at the set's width (<see cref="AmplitudeKernels{T, TVector}"/>),
/// so every set gives the lane engine's bits. Only data movement differs: runs of CNOTs are gathers, and bit positions
/// below log2 of the width pair amplitudes inside one vector (<see cref="IAmplitudeVector{T}.Split"/>).
/// </remarks>
internal interface ISingleSampleKernels
{
    /// <summary>The instruction set.</summary>
    static abstract KernelIsa Isa { get; }

    /// <summary>Applies the 2x2 matrix u to bit position <paramref name="bit"/>.</summary>
    static abstract void Apply(double[] re, double[] im, int dim, int bit, in Matrix2 u);

    /// <summary>Product state of the per-qubit first blocks applied to |0&gt;; <paramref name="initial"/> is indexed by qubit.</summary>
    static abstract void ProductState(double[] re, double[] im, int qubits, ReadOnlySpan<Matrix2> initial);

    /// <summary>A fused block's matrix: gate[gates[^1]] * ... * gate[gates[0]] (identity when empty).</summary>
    static abstract Matrix2 BlockProduct(Matrix2[] gate, int[] gates);

    /// <summary>destination[i] = source[f(i)] with f a run of CNOTs' <see cref="IndexMapping"/> (a pure data move).</summary>
    static abstract void Gather(double[] sourceRe, double[] sourceIm, double[] destinationRe, double[] destinationIm, IndexMapping map, int dim);

    /// <summary>True when <see cref="GatherApply"/> can fold a gather into the block update at bit position <paramref name="bit"/>.</summary>
    static abstract bool FusesGather(int bit);

    /// <summary><see cref="Gather"/> then <see cref="Apply"/> in one pass (where <see cref="FusesGather"/>).</summary>
    static abstract void GatherApply(double[] sourceRe, double[] sourceIm, double[] destinationRe, double[] destinationIm, IndexMapping map, int dim, int bit, in Matrix2 u);

    /// <summary>CZ on bit positions a, b: negates amplitudes with both bits set (a sign flip, as the lane engine's negation).</summary>
    static abstract void Cz(double[] re, double[] im, int dim, int a, int b);

    /// <summary>p[i] = |amplitude i|^2 for i &lt; dim.</summary>
    static abstract void Norms(double[] re, double[] im, double[] p, int dim);

    /// <summary>scratch[i] = |amplitude at f(i)|^2 (CNOTs after the last gate); <paramref name="stored"/> is scratch too.</summary>
    static abstract void Probabilities(double[] re, double[] im, IndexMapping map, int dim, double[] scratch, double[] stored);
}

/// <summary>The kernel map: which sets this machine runs, and the one a program of a given size gets.</summary>
internal static class SingleSampleKernels
{
    /// <summary>True when the AVX2 + FMA kernels can run on this machine.</summary>
    public static bool Avx2Supported => Avx2.IsSupported && Fma.IsSupported;

    /// <summary>
    /// True when the AVX-512 block update can run and pays on this machine: the runtime reports 512-bit vectors as
    /// accelerated (it does not on CPUs where they lower the clock, e.g. Skylake-SP, which keep the AVX2 kernel).
    /// </summary>
    public static bool Avx512Supported => Avx2Supported && Avx512F.IsSupported && Vector512.IsHardwareAccelerated;

    /// <summary>The best instruction set of this machine.</summary>
    public static KernelIsa Best => Avx512Supported ? KernelIsa.Avx512 : Avx2Supported ? KernelIsa.Avx2 : KernelIsa.Scalar;

    /// <summary>
    /// The set for a state of <paramref name="dim"/> amplitudes: <paramref name="wanted"/>, or the widest one below it
    /// that this machine runs and that fits (AVX2 needs 8 amplitudes, AVX-512 16).
    /// </summary>
    public static KernelIsa For(KernelIsa wanted, int dim)
    {
        if (wanted >= KernelIsa.Avx512 && Avx512Supported && dim >= 16)
            return KernelIsa.Avx512;
        if (wanted >= KernelIsa.Avx2 && Avx2Supported && dim >= 8)
            return KernelIsa.Avx2;
        return KernelIsa.Scalar;
    }

    /// <summary>The block update of one set (tests and benchmarks call a kernel alone through this).</summary>
    public static void Apply(KernelIsa isa, double[] re, double[] im, int dim, int bit, in Matrix2 u)
    {
        switch (isa)
        {
            case KernelIsa.Avx512: Avx512Kernels.Apply(re, im, dim, bit, u); break;
            case KernelIsa.Avx2: Avx2Kernels.Apply(re, im, dim, bit, u); break;
            default: ScalarKernels.Apply(re, im, dim, bit, u); break;
        }
    }
}

/// <summary>The generic bodies of the kernel sets at one width <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TVector">Its arithmetic and amplitude layout.</typeparam>
internal static class AmplitudeKernels<T, TVector>
    where T : struct
    where TVector : struct, IAmplitudeVector<T>
{
    /// <summary>The block update: strided pairs, or pairs inside one element (split, update, merge).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Apply(double[] reArr, double[] imArr, int dim, int bit, in Matrix2 u)
    {
        ref double re = ref reArr[0];
        ref double im = ref imArr[0];
        int m = 1 << bit, w = TVector.Width;
        // Coefficients in locals, so they live in registers whatever the JIT inlines.
        T ar = TVector.Broadcast(u.AR), ai = TVector.Broadcast(u.AI), br = TVector.Broadcast(u.BR), bi = TVector.Broadcast(u.BI);
        T cr = TVector.Broadcast(u.CR), ci = TVector.Broadcast(u.CI), dr = TVector.Broadcast(u.DR), di = TVector.Broadcast(u.DI);
        if (m >= w)
        {
            for (int hi = 0; hi < dim; hi += m << 1)
            {
                for (int k = hi; k < hi + m; k += w)
                {
                    T xr = TVector.Load(ref re, k), xi = TVector.Load(ref im, k), yr = TVector.Load(ref re, k + m), yi = TVector.Load(ref im, k + m);
                    TVector.Store(ref re, k, PairUpdate<T, TVector>.Real(ar, ai, br, bi, xr, xi, yr, yi));
                    TVector.Store(ref im, k, PairUpdate<T, TVector>.Imaginary(ar, ai, br, bi, xr, xi, yr, yi));
                    TVector.Store(ref re, k + m, PairUpdate<T, TVector>.Real(cr, ci, dr, di, xr, xi, yr, yi));
                    TVector.Store(ref im, k + m, PairUpdate<T, TVector>.Imaginary(cr, ci, dr, di, xr, xi, yr, yi));
                }
            }

            return;
        }

        // A constant bit position per copy of the loop, so the shuffle choice folds away inside it.
        switch (bit)
        {
            case 0: Inside(ref re, ref im, dim, 0, ar, ai, br, bi, cr, ci, dr, di); break;
            case 1: Inside(ref re, ref im, dim, 1, ar, ai, br, bi, cr, ci, dr, di); break;
            default: Inside(ref re, ref im, dim, bit, ar, ai, br, bi, cr, ci, dr, di); break;
        }
    }

    /// <summary>Bit positions below log2 Width: split two elements into the pair halves, update, merge back.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Inside(ref double re, ref double im, int dim, int bit, T ar, T ai, T br, T bi, T cr, T ci, T dr, T di)
    {
        int w = TVector.Width;
        T clear = TVector.Control(bit, false, false), set = TVector.Control(bit, false, true);
        T first = TVector.Control(bit, true, false), second = TVector.Control(bit, true, true);
        for (int k = 0; k < dim; k += 2 * w)
        {
            T vr = TVector.Load(ref re, k), wr = TVector.Load(ref re, k + w), vi = TVector.Load(ref im, k), wi = TVector.Load(ref im, k + w);
            T xr = TVector.Split(bit, false, clear, vr, wr), yr = TVector.Split(bit, true, set, vr, wr);
            T xi = TVector.Split(bit, false, clear, vi, wi), yi = TVector.Split(bit, true, set, vi, wi);
            T r0 = PairUpdate<T, TVector>.Real(ar, ai, br, bi, xr, xi, yr, yi);
            T i0 = PairUpdate<T, TVector>.Imaginary(ar, ai, br, bi, xr, xi, yr, yi);
            T r1 = PairUpdate<T, TVector>.Real(cr, ci, dr, di, xr, xi, yr, yi);
            T i1 = PairUpdate<T, TVector>.Imaginary(cr, ci, dr, di, xr, xi, yr, yi);
            TVector.Store(ref re, k, TVector.Merge(bit, false, first, r0, r1));
            TVector.Store(ref re, k + w, TVector.Merge(bit, true, second, r0, r1));
            TVector.Store(ref im, k, TVector.Merge(bit, false, first, i0, i1));
            TVector.Store(ref im, k + w, TVector.Merge(bit, true, second, i0, i1));
        }
    }

    /// <summary>
    /// Doubling from bit 0 upwards as the lane engine does; from the vector width on, two doublings per pass (the
    /// first one's halves stay in registers), below it one double at a time.
    /// </summary>
    public static void ProductState(double[] reArr, double[] imArr, int qubits, ReadOnlySpan<Matrix2> initial)
    {
        ref double re = ref reArr[0];
        ref double im = ref imArr[0];
        re = 1.0;
        im = 0.0;
        int len = 1, w = TVector.Width;
        for (int bit = 0; bit < qubits; bit++)
        {
            Matrix2 m = initial[qubits - 1 - bit];
            if (len < w)
            {
                ProductState<double, ScalarArithmetic>.Double(ref re, ref im, len, m);
                len <<= 1;
                continue;
            }

            ref T vre = ref Unsafe.As<double, T>(ref re);
            ref T vim = ref Unsafe.As<double, T>(ref im);
            var mv = MatrixMath<T, TVector>.Broadcast(m);
            if (bit + 1 < qubits)
            {
                var next = MatrixMath<T, TVector>.Broadcast(initial[qubits - 2 - bit]);
                ProductState<T, TVector>.DoubleTwice(ref vre, ref vim, len / w, mv, next);
                bit++;
                len <<= 2;
                continue;
            }

            ProductState<T, TVector>.Double(ref vre, ref vim, len / w, mv);
            len <<= 1;
        }
    }

    /// <summary>p[i] = |amplitude i|^2 for i &lt; dim.</summary>
    public static void Norms(double[] reArr, double[] imArr, double[] pArr, int dim)
    {
        ref double re = ref reArr[0];
        ref double im = ref imArr[0];
        ref double p = ref pArr[0];
        int i = 0;
        for (; i + TVector.Width <= dim; i += TVector.Width)
            TVector.Store(ref p, i, ComplexMath<T, TVector>.Norm(TVector.Load(ref re, i), TVector.Load(ref im, i)));
        for (; i < dim; i++)
            Unsafe.Add(ref p, i) = ComplexMath<double, ScalarArithmetic>.Norm(Unsafe.Add(ref re, i), Unsafe.Add(ref im, i));
    }
}

/// <summary>One double at a time: machines without AVX2 + FMA, states under 8 amplitudes.</summary>
internal readonly struct ScalarKernels : ISingleSampleKernels
{
    public static KernelIsa Isa => KernelIsa.Scalar;

    public static void Apply(double[] re, double[] im, int dim, int bit, in Matrix2 u) => AmplitudeKernels<double, ScalarArithmetic>.Apply(re, im, dim, bit, u);

    public static void ProductState(double[] re, double[] im, int qubits, ReadOnlySpan<Matrix2> initial)
        => AmplitudeKernels<double, ScalarArithmetic>.ProductState(re, im, qubits, initial);

    public static Matrix2 BlockProduct(Matrix2[] gate, int[] gates) => Matrix2Math.Product(gate, gates);

    public static void Gather(double[] sourceRe, double[] sourceIm, double[] destinationRe, double[] destinationIm, IndexMapping map, int dim)
    {
        int[] low = map.Low, high = map.High;
        for (int i = 0; i < dim; i++)
        {
            int k = low[i & 255] ^ high[i >> 8];
            destinationRe[i] = sourceRe[k];
            destinationIm[i] = sourceIm[k];
        }
    }

    public static bool FusesGather(int bit) => false;

    public static void GatherApply(double[] sourceRe, double[] sourceIm, double[] destinationRe, double[] destinationIm, IndexMapping map, int dim, int bit, in Matrix2 u)
        => throw new NotSupportedException("The scalar kernels do not fuse a gather into a block update.");

    public static void Cz(double[] re, double[] im, int dim, int a, int b)
    {
        int both = (1 << a) | (1 << b);
        for (int i = both; i < dim; i = (i + 1) | both)
        {
            re[i] = -re[i];
            im[i] = -im[i];
        }
    }

    public static void Norms(double[] re, double[] im, double[] p, int dim) => AmplitudeKernels<double, ScalarArithmetic>.Norms(re, im, p, dim);

    public static void Probabilities(double[] re, double[] im, IndexMapping map, int dim, double[] scratch, double[] stored)
    {
        int[] low = map.Low, high = map.High;
        for (int i = 0; i < dim; i++)
        {
            int k = low[i & 255] ^ high[i >> 8];
            scratch[i] = ComplexMath<double, ScalarArithmetic>.Norm(re[k], im[k]);
        }
    }
}
