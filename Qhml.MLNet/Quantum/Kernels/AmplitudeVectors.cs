using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Qhml.MLNet.Quantum;

/// <summary>
/// An element width as the one-sample kernels see it: <see cref="Width"/> consecutive amplitudes per element, loaded
/// from and stored to a double array, and the shuffles that pair amplitudes inside one element (bit positions below
/// log2 Width). Pure data moves: the arithmetic stays in <see cref="IArithmetic{T}"/>.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal interface IAmplitudeVector<T> : IArithmetic<T>
    where T : struct
{
    /// <summary>Amplitudes per element.</summary>
    static abstract int Width { get; }

    /// <summary>The element starting at amplitude <paramref name="i"/>.</summary>
    static abstract T Load(ref double a, int i);

    /// <summary>Stores <paramref name="v"/> at amplitude <paramref name="i"/>.</summary>
    static abstract void Store(ref double a, int i, T v);

    /// <summary>
    /// The shuffle control <see cref="Split"/> (<paramref name="merge"/> false) or <see cref="Merge"/> uses for bit
    /// position <paramref name="bit"/> and half <paramref name="second"/>; read once per kernel call, kept in a register.
    /// </summary>
    static abstract T Control(int bit, bool merge, bool second);

    /// <summary>
    /// From two consecutive elements v, w: the amplitudes with bit <paramref name="bit"/> (below log2 Width) clear, in
    /// order (<paramref name="set"/> false), or those with it set. Values, not out parameters, so they stay in registers.
    /// </summary>
    static abstract T Split(int bit, bool set, T control, T v, T w);

    /// <summary>The inverse of <see cref="Split"/>: the first (<paramref name="second"/> false) or second element in index order.</summary>
    static abstract T Merge(int bit, bool second, T control, T clear, T set);
}

/// <summary>One amplitude per element (no pairs inside an element).</summary>
internal readonly partial struct ScalarArithmetic : IAmplitudeVector<double>
{
    public static int Width => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Load(ref double a, int i) => Unsafe.Add(ref a, i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ref double a, int i, double v) => Unsafe.Add(ref a, i) = v;

    public static double Control(int bit, bool merge, bool second) => 0.0;

    public static double Split(int bit, bool set, double control, double v, double w) => throw new NotSupportedException("One amplitude per element has no pairs inside it.");

    public static double Merge(int bit, bool second, double control, double clear, double set) => throw new NotSupportedException("One amplitude per element has no pairs inside it.");
}

/// <summary>Four amplitudes per AVX2 element; bits 0 and 1 pair inside it (unpack and 128-bit lane permutes).</summary>
internal readonly partial struct Avx2Arithmetic : IAmplitudeVector<Vector256<double>>
{
    public static int Width => 4;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Load(ref double a, int i) => Vector256.LoadUnsafe(ref a, (nuint)i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ref double a, int i, Vector256<double> v) => v.StoreUnsafe(ref a, (nuint)i);

    // v = [a0 a1 a2 a3], w = [a4 a5 a6 a7]. Bit 1 pairs (a0, a2), (a1, a3), (a4, a6), (a5, a7): 128-bit halves.
    // Bit 0 pairs neighbours: unpacking gives [a0 a4 a2 a6] and [a1 a5 a3 a7], and unpacking the results undoes it.
    /// <summary>Immediate shuffles: no control vector.</summary>
    public static Vector256<double> Control(int bit, bool merge, bool second) => Vector256<double>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Split(int bit, bool set, Vector256<double> control, Vector256<double> v, Vector256<double> w)
        => bit == 1
            ? (set ? Avx.Permute2x128(v, w, 0x31) : Avx.Permute2x128(v, w, 0x20))
            : (set ? Avx.UnpackHigh(v, w) : Avx.UnpackLow(v, w));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Merge(int bit, bool second, Vector256<double> control, Vector256<double> clear, Vector256<double> set)
        => Split(bit, second, control, clear, set);
}

/// <summary>Eight amplitudes per AVX-512 element; bits 0 to 2 pair inside it (two-source permutes).</summary>
internal readonly partial struct Avx512Arithmetic : IAmplitudeVector<Vector512<double>>
{
    private const int Lanes = 8;

    // Per bit position 0..2: the permutes that split 16 amplitudes (indices 0-7 from the first vector, 8-15 from
    // the second) into bit-clear and bit-set halves, and the ones that put two result halves back in order.
    private static readonly Vector512<long>[] SplitClear = [.. Enumerable.Range(0, 3).Select(b => SplitIndices(b, set: false))];
    private static readonly Vector512<long>[] SplitSet = [.. Enumerable.Range(0, 3).Select(b => SplitIndices(b, set: true))];
    private static readonly Vector512<long>[] MergeLow = [.. Enumerable.Range(0, 3).Select(b => MergeIndices(b, 0))];
    private static readonly Vector512<long>[] MergeHigh = [.. Enumerable.Range(0, 3).Select(b => MergeIndices(b, Lanes))];

    public static int Width => Lanes;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Load(ref double a, int i) => Vector512.LoadUnsafe(ref a, (nuint)i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ref double a, int i, Vector512<double> v) => v.StoreUnsafe(ref a, (nuint)i);

    /// <summary>The permute indices (as the bits of a double vector) for this bit position and half.</summary>
    public static Vector512<double> Control(int bit, bool merge, bool second)
        => (merge ? (second ? MergeHigh : MergeLow) : (second ? SplitSet : SplitClear))[bit].AsDouble();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Split(int bit, bool set, Vector512<double> control, Vector512<double> v, Vector512<double> w)
        => Avx512F.PermuteVar8x64x2(v, control.AsInt64(), w);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Merge(int bit, bool second, Vector512<double> control, Vector512<double> clear, Vector512<double> set)
        => Avx512F.PermuteVar8x64x2(clear, control.AsInt64(), set);

    /// <summary>Indices (0..15) of the 8 amplitudes of a 16-amplitude run whose <paramref name="bit"/> is clear or set, in order.</summary>
    private static Vector512<long> SplitIndices(int bit, bool set)
    {
        var indices = new long[Lanes];
        int n = 0;
        for (int j = 0; j < 2 * Lanes; j++)
        {
            if (((j >> bit) & 1) == (set ? 1 : 0))
                indices[n++] = j;
        }

        return Vector512.Create(indices);
    }

    /// <summary>
    /// For amplitudes <paramref name="first"/> .. first + 7 of the run: where each sits in the two result halves (the
    /// bit-clear half is source 0-7, the bit-set half 8-15; an amplitude's slot in its half is its index with the bit removed).
    /// </summary>
    private static Vector512<long> MergeIndices(int bit, int first)
    {
        var indices = new long[Lanes];
        for (int j = 0; j < Lanes; j++)
        {
            int a = first + j;
            int slot = ((a >> (bit + 1)) << bit) | (a & ((1 << bit) - 1));
            indices[j] = ((a >> bit) & 1) * Lanes + slot;
        }

        return Vector512.Create(indices);
    }
}
