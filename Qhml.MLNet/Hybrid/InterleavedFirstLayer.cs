using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Qhml.MLNet.Hybrid;

/// <summary>
/// A second layout of a single-precision first layer's float weights, for scoring one row with AVX-512: in each
/// group of eight outputs, chunk c (eight inputs) of all eight rows is one 256-byte run, two rows per 512-bit
/// vector. One aligned load then feeds two outputs, and one broadcast of the eight inputs serves all four vectors:
/// half the loads and instructions of <see cref="DenseKernels.DotOutputs8{T}"/>.
/// </summary>
/// <remarks>
/// Each output keeps its own eight-lane accumulator (one half of a 512-bit register) and receives the same fused
/// multiply-adds in the same order as in <see cref="DenseKernels.DotOutputs8{T}"/>, then the same horizontal sum
/// and the same scalar tail, so the sums are bit-identical: a row scores the same whichever kernel ran. Used only
/// where <see cref="Vector{T}"/> of float has eight lanes (the order being reproduced) and AVX-512 is accelerated.
/// </remarks>
internal static class InterleavedFirstLayer
{
    private const int Lanes = 8;
    private const int GroupRows = 8;
    private const int Run = GroupRows * Lanes; // floats per chunk of a group

    /// <summary>True when the kernel runs and reproduces the eight-lane order on this machine.</summary>
    public static bool IsAccelerated => Vector<float>.Count == Lanes && Avx512F.IsSupported && Vector512.IsHardwareAccelerated;

    /// <summary>Floats in the layout: outputs rounded up to 8, inputs to 8 (zero padding).</summary>
    public static int Length(int inputs, int outputs) => GroupCount(outputs) * GroupLength(inputs);

    /// <summary>Floats per group of eight outputs.</summary>
    public static int GroupLength(int inputs) => (inputs + Lanes - 1) / Lanes * Run;

    private static int GroupCount(int outputs) => (outputs + GroupRows - 1) / GroupRows;

    /// <summary>
    /// Writes the layout from row-major weights (row o at <c>o * stride</c>): output o = 8g + 2p + h, input
    /// i = 8c + j goes to <c>g * GroupLength + c * 64 + p * 16 + h * 8 + j</c>.
    /// </summary>
    public static void Build(ReadOnlySpan<float> rowMajor, int stride, int inputs, int outputs, Span<float> destination)
    {
        if (destination.Length != Length(inputs, outputs) || stride < inputs || rowMajor.Length < ((outputs - 1) * stride) + inputs)
            throw new ArgumentException("The weights or the destination do not match the layer's shape.", nameof(destination));
        destination.Clear();
        int groupLength = GroupLength(inputs);
        for (int o = 0; o < outputs; o++)
        {
            int g = o / GroupRows, p = (o % GroupRows) / 2, h = o % 2;
            for (int i = 0; i < inputs; i++)
                destination[(g * groupLength) + ((i / Lanes) * Run) + (p * 16) + (h * Lanes) + (i % Lanes)] = rowMajor[(o * stride) + i];
        }
    }

    /// <summary>s[k] = w_(8g+k) . x for the eight outputs of group <paramref name="group"/>.</summary>
    public static void DotOutputs8(ReadOnlySpan<float> layout, int group, ReadOnlySpan<float> x, Span<float> s)
    {
        int n = x.Length, chunks = n / Lanes, groupLength = GroupLength(n);
        if (layout.Length < (group + 1) * groupLength || s.Length < GroupRows)
            throw new ArgumentException("The layout or the result span is shorter than the kernel reads.", nameof(layout));
        ref float rw = ref Unsafe.Add(ref MemoryMarshal.GetReference(layout), group * groupLength);
        ref float rx = ref MemoryMarshal.GetReference(x);
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
        nuint at = 0;
        for (int c = 0; c < chunks; c++, at += Run)
        {
            Vector256<float> inputs = Vector256.LoadUnsafe(ref rx, (nuint)(c * Lanes));
            Vector512<float> v = Vector512.Create(inputs, inputs);
            a0 = Avx512F.FusedMultiplyAdd(Vector512.LoadUnsafe(ref rw, at), v, a0);
            a1 = Avx512F.FusedMultiplyAdd(Vector512.LoadUnsafe(ref rw, at + 16), v, a1);
            a2 = Avx512F.FusedMultiplyAdd(Vector512.LoadUnsafe(ref rw, at + 32), v, a2);
            a3 = Avx512F.FusedMultiplyAdd(Vector512.LoadUnsafe(ref rw, at + 48), v, a3);
        }

        float s0 = Vector256.Sum(a0.GetLower()), s1 = Vector256.Sum(a0.GetUpper());
        float s2 = Vector256.Sum(a1.GetLower()), s3 = Vector256.Sum(a1.GetUpper());
        float s4 = Vector256.Sum(a2.GetLower()), s5 = Vector256.Sum(a2.GetUpper());
        float s6 = Vector256.Sum(a3.GetLower()), s7 = Vector256.Sum(a3.GetUpper());
        for (int j = 0; j < n - (chunks * Lanes); j++)
        {
            // The tail in input order, as the eight-row kernel sums it.
            float v = Unsafe.Add(ref rx, (chunks * Lanes) + j);
            ref float t = ref Unsafe.Add(ref rw, (chunks * Run) + j);
            s0 += t * v;
            s1 += Unsafe.Add(ref t, 8) * v;
            s2 += Unsafe.Add(ref t, 16) * v;
            s3 += Unsafe.Add(ref t, 24) * v;
            s4 += Unsafe.Add(ref t, 32) * v;
            s5 += Unsafe.Add(ref t, 40) * v;
            s6 += Unsafe.Add(ref t, 48) * v;
            s7 += Unsafe.Add(ref t, 56) * v;
        }

        s[0] = s0;
        s[1] = s1;
        s[2] = s2;
        s[3] = s3;
        s[4] = s4;
        s[5] = s5;
        s[6] = s6;
        s[7] = s7;
    }
}
