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
/// The kernel map of <see cref="SingleSampleProgram"/>: one sample's state (real and imaginary parts apart, natural
/// index order), with the kernels of one instruction set, chosen once when the program is built (<see cref="For"/>).
/// </summary>
/// <remarks>
/// Every amplitude gets exactly the floating-point operations the lane engine gives it in its lane: the arithmetic is
/// <see cref="PairUpdate{T, TMath}"/>, <see cref="ProductState{T, TMath}"/>, <see cref="ComplexMath{T, TMath}"/> and
/// <see cref="ZExpectation{T, TMath}"/> instantiated at this set's width, so every set gives the lane engine's bits.
/// Only data movement differs: runs of CNOTs are gathers, and bit positions below log2 of the width pair amplitudes
/// inside one vector (<see cref="IAmplitudeVector{T}.Split"/>).
/// </remarks>
internal abstract class SingleSampleKernels
{
    private static readonly SingleSampleKernels Scalar = new SingleSampleKernels<double, ScalarArithmetic>(KernelIsa.Scalar);
    private static readonly SingleSampleKernels Avx2Set = new Avx2Kernels(KernelIsa.Avx2);
    private static readonly SingleSampleKernels Avx512Set = new Avx512Kernels();

    protected SingleSampleKernels(KernelIsa isa) => Isa = isa;

    /// <summary>True when the AVX2 + FMA kernels can run on this machine.</summary>
    public static bool Avx2Supported => Avx2.IsSupported && Fma.IsSupported;

    /// <summary>
    /// True when the AVX-512 block update can run and pays on this machine: the runtime reports 512-bit vectors as
    /// accelerated (it does not on CPUs where they lower the clock, e.g. Skylake-SP, which keep the AVX2 kernel).
    /// </summary>
    public static bool Avx512Supported => Avx2Supported && Avx512F.IsSupported && Vector512.IsHardwareAccelerated;

    /// <summary>The best instruction set of this machine.</summary>
    public static KernelIsa Best => Avx512Supported ? KernelIsa.Avx512 : Avx2Supported ? KernelIsa.Avx2 : KernelIsa.Scalar;

    /// <summary>The instruction set these kernels use.</summary>
    public KernelIsa Isa { get; }

    /// <summary>
    /// The kernels for a state of <paramref name="dim"/> amplitudes: <paramref name="wanted"/>, or the widest set below
    /// it that this machine runs and that fits (AVX2 needs 8 amplitudes, AVX-512 16).
    /// </summary>
    public static SingleSampleKernels For(KernelIsa wanted, int dim)
    {
        if (wanted >= KernelIsa.Avx512 && Avx512Supported && dim >= 16)
            return Avx512Set;
        if (wanted >= KernelIsa.Avx2 && Avx2Supported && dim >= 8)
            return Avx2Set;
        return Scalar;
    }

    /// <summary>Applies the 2x2 matrix u to bit position <paramref name="bit"/>.</summary>
    public abstract void Apply(double[] re, double[] im, int dim, int bit, in Matrix2 u);

    /// <summary>Product state of the per-qubit first blocks applied to |0&gt;; <paramref name="initial"/> is indexed by qubit.</summary>
    public abstract void ProductState(double[] re, double[] im, int qubits, ReadOnlySpan<Matrix2> initial);

    /// <summary>A fused block's matrix: gate[gates[^1]] * ... * gate[gates[0]] (identity when empty).</summary>
    public virtual Matrix2 BlockProduct(Matrix2[] gate, int[] gates) => Matrix2Math.Product(gate, gates);

    /// <summary>
    /// Moves amplitudes to natural order from the layout of a run of CNOTs: destination[i] = source[f(i)] with f the
    /// run's <see cref="IndexMapping"/> (the lane engine's relabeling; a pure data move).
    /// </summary>
    public virtual void Gather(double[] sourceRe, double[] sourceIm, double[] destinationRe, double[] destinationIm, IndexMapping map, int dim)
    {
        int[] low = map.Low, high = map.High;
        for (int i = 0; i < dim; i++)
        {
            int k = low[i & 255] ^ high[i >> 8];
            destinationRe[i] = sourceRe[k];
            destinationIm[i] = sourceIm[k];
        }
    }

    /// <summary>True when <see cref="GatherApply"/> can fold a gather into the block update at bit position <paramref name="bit"/>.</summary>
    public virtual bool FusesGather(int bit) => false;

    /// <summary><see cref="Gather"/> then <see cref="Apply"/> in one pass (where <see cref="FusesGather"/>).</summary>
    public virtual void GatherApply(double[] sourceRe, double[] sourceIm, double[] destinationRe, double[] destinationIm,
        IndexMapping map, int dim, int bit, in Matrix2 u)
        => throw new NotSupportedException("These kernels do not fuse a gather into a block update.");

    /// <summary>CZ on bit positions a, b: negates amplitudes with both bits set (a sign flip, as the lane engine's negation).</summary>
    public virtual void Cz(double[] re, double[] im, int dim, int a, int b)
    {
        int both = (1 << a) | (1 << b);
        for (int i = both; i < dim; i = (i + 1) | both)
        {
            re[i] = -re[i];
            im[i] = -im[i];
        }
    }

    /// <summary>
    /// &lt;Z_q&gt; as the lane engine computes it (<see cref="ZExpectation{T, TMath}"/>). With a <paramref name="map"/>,
    /// amplitude i is read at f(i) (CNOTs after the last gate), and <paramref name="stored"/> (length 2^qubits) is scratch.
    /// </summary>
    public void ExpectationsZ(double[] re, double[] im, IndexMapping? map, int qubits, double[] scratch, double[] stored, Span<double> destination)
    {
        int dim = 1 << qubits;
        if (map is null)
            Norms(re, im, scratch, dim);
        else
            Probabilities(re, im, map, dim, scratch, stored);
        ZExpectation<double, ScalarArithmetic>.FromProbabilities(scratch.AsSpan(0, dim), qubits, destination);
    }

    /// <summary>p[i] = |amplitude i|^2 for i &lt; dim.</summary>
    protected abstract void Norms(double[] re, double[] im, double[] p, int dim);

    /// <summary>scratch[i] = |amplitude at f(i)|^2; <paramref name="stored"/> is scratch too.</summary>
    protected virtual void Probabilities(double[] re, double[] im, IndexMapping map, int dim, double[] scratch, double[] stored)
    {
        int[] low = map.Low, high = map.High;
        for (int i = 0; i < dim; i++)
        {
            int k = low[i & 255] ^ high[i >> 8];
            scratch[i] = ComplexMath<double, ScalarArithmetic>.Norm(re[k], im[k]);
        }
    }
}

/// <summary>The kernels of one width <typeparamref name="T"/>: the generic body of every set.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <typeparam name="TVector">Its arithmetic and amplitude layout.</typeparam>
internal class SingleSampleKernels<T, TVector> : SingleSampleKernels
    where T : struct
    where TVector : struct, IAmplitudeVector<T>
{
    public SingleSampleKernels(KernelIsa isa)
        : base(isa)
    {
    }

    public override void Apply(double[] re, double[] im, int dim, int bit, in Matrix2 u) => Apply<T, TVector>(re, im, dim, bit, u);

    /// <summary>The block update at width <typeparamref name="TWidth"/>: strided pairs, or pairs inside one element.</summary>
    protected static void Apply<TWidth, TAmplitudes>(double[] reArr, double[] imArr, int dim, int bit, in Matrix2 u)
        where TWidth : struct
        where TAmplitudes : struct, IAmplitudeVector<TWidth>
    {
        ref double re = ref reArr[0];
        ref double im = ref imArr[0];
        int m = 1 << bit, w = TAmplitudes.Width;
        // Coefficients in locals, so they live in registers whatever the JIT inlines.
        TWidth ar = TAmplitudes.Broadcast(u.AR), ai = TAmplitudes.Broadcast(u.AI), br = TAmplitudes.Broadcast(u.BR), bi = TAmplitudes.Broadcast(u.BI);
        TWidth cr = TAmplitudes.Broadcast(u.CR), ci = TAmplitudes.Broadcast(u.CI), dr = TAmplitudes.Broadcast(u.DR), di = TAmplitudes.Broadcast(u.DI);
        if (m >= w)
        {
            for (int hi = 0; hi < dim; hi += m << 1)
            {
                for (int k = hi; k < hi + m; k += w)
                {
                    TWidth xr = TAmplitudes.Load(ref re, k), xi = TAmplitudes.Load(ref im, k), yr = TAmplitudes.Load(ref re, k + m), yi = TAmplitudes.Load(ref im, k + m);
                    TAmplitudes.Store(ref re, k, PairUpdate<TWidth, TAmplitudes>.Real(ar, ai, br, bi, xr, xi, yr, yi));
                    TAmplitudes.Store(ref im, k, PairUpdate<TWidth, TAmplitudes>.Imaginary(ar, ai, br, bi, xr, xi, yr, yi));
                    TAmplitudes.Store(ref re, k + m, PairUpdate<TWidth, TAmplitudes>.Real(cr, ci, dr, di, xr, xi, yr, yi));
                    TAmplitudes.Store(ref im, k + m, PairUpdate<TWidth, TAmplitudes>.Imaginary(cr, ci, dr, di, xr, xi, yr, yi));
                }
            }

            return;
        }

        for (int k = 0; k < dim; k += 2 * w)
        {
            TAmplitudes.Split(bit, TAmplitudes.Load(ref re, k), TAmplitudes.Load(ref re, k + w), out TWidth xr, out TWidth yr);
            TAmplitudes.Split(bit, TAmplitudes.Load(ref im, k), TAmplitudes.Load(ref im, k + w), out TWidth xi, out TWidth yi);
            TWidth r0 = PairUpdate<TWidth, TAmplitudes>.Real(ar, ai, br, bi, xr, xi, yr, yi);
            TWidth i0 = PairUpdate<TWidth, TAmplitudes>.Imaginary(ar, ai, br, bi, xr, xi, yr, yi);
            TWidth r1 = PairUpdate<TWidth, TAmplitudes>.Real(cr, ci, dr, di, xr, xi, yr, yi);
            TWidth i1 = PairUpdate<TWidth, TAmplitudes>.Imaginary(cr, ci, dr, di, xr, xi, yr, yi);
            TAmplitudes.Merge(bit, r0, r1, out TWidth v, out TWidth next);
            TAmplitudes.Store(ref re, k, v);
            TAmplitudes.Store(ref re, k + w, next);
            TAmplitudes.Merge(bit, i0, i1, out v, out next);
            TAmplitudes.Store(ref im, k, v);
            TAmplitudes.Store(ref im, k + w, next);
        }
    }

    /// <summary>
    /// Doubling from bit 0 upwards as the lane engine does; from the vector width on, two doublings per pass (the
    /// first one's halves stay in registers), below it one double at a time.
    /// </summary>
    public override void ProductState(double[] reArr, double[] imArr, int qubits, ReadOnlySpan<Matrix2> initial)
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

    protected override void Norms(double[] reArr, double[] imArr, double[] pArr, int dim)
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
