using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Qhml.MLNet.Hybrid;

/// <summary>
/// Kernels for the wide first layer. Every dot product w . x here, whichever kernel computes it, is summed in one
/// order: a single vector accumulator over the full vectors, its horizontal sum, then the scalar tail in order. So a
/// row's activations are bit-identical whether it is scored alone, in a block, or in training's forward pass. The
/// kernels differ only in how many rows and weight rows share a pass (eight independent accumulators keep the FMA
/// pipes busy): <see cref="DotRows4Outputs2{T}"/> for blocks of rows, <see cref="DotOutputs8{T}"/> for one row.
/// The dot products run in double or, for a single-precision first layer, in float (half the bytes per weight,
/// twice the lanes per instruction). Weight rows sit <c>stride</c> values apart in <c>w</c> (at least <c>x.Length</c>;
/// more in the padded single-precision layout, whose rows start on 64-byte boundaries so no vector load splits a cache line).
/// </summary>
internal static class DenseKernels
{
    /// <summary>s[r * 2 + k] = w_k . x_r for two weight rows (<paramref name="stride"/> apart) and four samples.</summary>
    public static void DotRows4Outputs2<T>(ReadOnlySpan<T> w, int stride, ReadOnlySpan<T> x0, ReadOnlySpan<T> x1, ReadOnlySpan<T> x2,
        ReadOnlySpan<T> x3, Span<T> s)
        where T : unmanaged, INumber<T>
    {
        int n = x0.Length, vc = Vector<T>.Count, i = 0;
        CheckBlock(w.Length, 2, stride, n, x1.Length, x2.Length, x3.Length, s.Length);
        ref T rw0 = ref MemoryMarshal.GetReference(w);
        ref T rw1 = ref Unsafe.Add(ref rw0, stride);
        ref T r0 = ref MemoryMarshal.GetReference(x0);
        ref T r1 = ref MemoryMarshal.GetReference(x1);
        ref T r2 = ref MemoryMarshal.GetReference(x2);
        ref T r3 = ref MemoryMarshal.GetReference(x3);
        Vector<T> a00 = default, a01 = default, a10 = default, a11 = default;
        Vector<T> a20 = default, a21 = default, a30 = default, a31 = default;
        for (; i <= n - vc; i += vc)
        {
            var w0 = Vector.LoadUnsafe(ref rw0, (nuint)i);
            var w1 = Vector.LoadUnsafe(ref rw1, (nuint)i);
            var v0 = Vector.LoadUnsafe(ref r0, (nuint)i);
            var v1 = Vector.LoadUnsafe(ref r1, (nuint)i);
            var v2 = Vector.LoadUnsafe(ref r2, (nuint)i);
            var v3 = Vector.LoadUnsafe(ref r3, (nuint)i);
            a00 = Fma(w0, v0, a00);
            a01 = Fma(w1, v0, a01);
            a10 = Fma(w0, v1, a10);
            a11 = Fma(w1, v1, a11);
            a20 = Fma(w0, v2, a20);
            a21 = Fma(w1, v2, a21);
            a30 = Fma(w0, v3, a30);
            a31 = Fma(w1, v3, a31);
        }
        T s00 = Vector.Sum(a00), s01 = Vector.Sum(a01), s10 = Vector.Sum(a10), s11 = Vector.Sum(a11);
        T s20 = Vector.Sum(a20), s21 = Vector.Sum(a21), s30 = Vector.Sum(a30), s31 = Vector.Sum(a31);
        for (; i < n; i++)
        {
            T w0 = Unsafe.Add(ref rw0, i), w1 = Unsafe.Add(ref rw1, i);
            T v0 = Unsafe.Add(ref r0, i), v1 = Unsafe.Add(ref r1, i), v2 = Unsafe.Add(ref r2, i), v3 = Unsafe.Add(ref r3, i);
            s00 += w0 * v0;
            s01 += w1 * v0;
            s10 += w0 * v1;
            s11 += w1 * v1;
            s20 += w0 * v2;
            s21 += w1 * v2;
            s30 += w0 * v3;
            s31 += w1 * v3;
        }
        s[0] = s00;
        s[1] = s01;
        s[2] = s10;
        s[3] = s11;
        s[4] = s20;
        s[5] = s21;
        s[6] = s30;
        s[7] = s31;
    }

    /// <summary>s[k] = w_k . x for eight weight rows (<paramref name="stride"/> apart) and one sample.</summary>
    public static void DotOutputs8<T>(ReadOnlySpan<T> w, int stride, ReadOnlySpan<T> x, Span<T> s)
        where T : unmanaged, INumber<T>
    {
        int n = x.Length, vc = Vector<T>.Count, i = 0;
        CheckBlock(w.Length, 8, stride, n, n, n, n, s.Length);
        ref T rx = ref MemoryMarshal.GetReference(x);
        ref T w0 = ref MemoryMarshal.GetReference(w);
        ref T w1 = ref Unsafe.Add(ref w0, stride);
        ref T w2 = ref Unsafe.Add(ref w1, stride);
        ref T w3 = ref Unsafe.Add(ref w2, stride);
        ref T w4 = ref Unsafe.Add(ref w3, stride);
        ref T w5 = ref Unsafe.Add(ref w4, stride);
        ref T w6 = ref Unsafe.Add(ref w5, stride);
        ref T w7 = ref Unsafe.Add(ref w6, stride);
        Vector<T> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        for (; i <= n - vc; i += vc)
        {
            var v = Vector.LoadUnsafe(ref rx, (nuint)i);
            a0 = Fma(Vector.LoadUnsafe(ref w0, (nuint)i), v, a0);
            a1 = Fma(Vector.LoadUnsafe(ref w1, (nuint)i), v, a1);
            a2 = Fma(Vector.LoadUnsafe(ref w2, (nuint)i), v, a2);
            a3 = Fma(Vector.LoadUnsafe(ref w3, (nuint)i), v, a3);
            a4 = Fma(Vector.LoadUnsafe(ref w4, (nuint)i), v, a4);
            a5 = Fma(Vector.LoadUnsafe(ref w5, (nuint)i), v, a5);
            a6 = Fma(Vector.LoadUnsafe(ref w6, (nuint)i), v, a6);
            a7 = Fma(Vector.LoadUnsafe(ref w7, (nuint)i), v, a7);
        }
        T s0 = Vector.Sum(a0), s1 = Vector.Sum(a1), s2 = Vector.Sum(a2), s3 = Vector.Sum(a3);
        T s4 = Vector.Sum(a4), s5 = Vector.Sum(a5), s6 = Vector.Sum(a6), s7 = Vector.Sum(a7);
        for (; i < n; i++)
        {
            T v = Unsafe.Add(ref rx, i);
            s0 += Unsafe.Add(ref w0, i) * v;
            s1 += Unsafe.Add(ref w1, i) * v;
            s2 += Unsafe.Add(ref w2, i) * v;
            s3 += Unsafe.Add(ref w3, i) * v;
            s4 += Unsafe.Add(ref w4, i) * v;
            s5 += Unsafe.Add(ref w5, i) * v;
            s6 += Unsafe.Add(ref w6, i) * v;
            s7 += Unsafe.Add(ref w7, i) * v;
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

    // The kernels read through unchecked references: the spans must cover what they read.
    private static void CheckBlock(int weights, int weightRows, int stride, int n, int x1, int x2, int x3, int sums)
    {
        if (stride < n || weights < ((weightRows - 1) * stride) + n || x1 < n || x2 < n || x3 < n || sums < 8)
            throw new ArgumentException("The weight block, inputs or result span are shorter than the kernel reads.");
    }

    /// <summary>w . x for one weight row and one sample (the tails of the wider kernels).</summary>
    public static T Dot<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> x)
        where T : unmanaged, INumber<T>
    {
        int n = x.Length, vc = Vector<T>.Count, i = 0;
        if (w.Length < n)
            throw new ArgumentException("The weight row is shorter than the input.", nameof(w));
        ref T rw = ref MemoryMarshal.GetReference(w);
        ref T rx = ref MemoryMarshal.GetReference(x);
        Vector<T> a = default;
        for (; i <= n - vc; i += vc)
            a = Fma(Vector.LoadUnsafe(ref rw, (nuint)i), Vector.LoadUnsafe(ref rx, (nuint)i), a);
        T s = Vector.Sum(a);
        for (; i < n; i++)
            s += Unsafe.Add(ref rw, i) * Unsafe.Add(ref rx, i);
        return s;
    }

    // The one FMA of both precisions; the type test is resolved when the JIT specializes T.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> Fma<T>(Vector<T> a, Vector<T> b, Vector<T> c)
        where T : unmanaged, INumber<T>
        => typeof(T) == typeof(double)
            ? Vector.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>()
            : Vector.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();

    /// <summary>Two gradient rows at once (g0 and g1 consecutive in <paramref name="g"/>): each as <see cref="Axpy4"/>, sharing the loads of x.</summary>
    public static void Axpy4Outputs2(Span<double> g, ReadOnlySpan<double> d, int stride, ReadOnlySpan<double> x0, ReadOnlySpan<double> x1,
        ReadOnlySpan<double> x2, ReadOnlySpan<double> x3)
    {
        // d holds the deltas of four rows (row k at d[k * stride]) for the two outputs (offsets 0 and 1).
        int n = x0.Length, vc = Vector<double>.Count, i = 0;
        if (g.Length < 2 * n || x1.Length < n || x2.Length < n || x3.Length < n || d.Length < 3 * stride + 2)
            throw new ArgumentException("The gradient rows, inputs or deltas are shorter than the kernel reads.");
        ref double g0 = ref MemoryMarshal.GetReference(g);
        ref double g1 = ref Unsafe.Add(ref g0, n);
        ref double r0 = ref MemoryMarshal.GetReference(x0);
        ref double r1 = ref MemoryMarshal.GetReference(x1);
        ref double r2 = ref MemoryMarshal.GetReference(x2);
        ref double r3 = ref MemoryMarshal.GetReference(x3);
        double d00 = d[0], d01 = d[1], d10 = d[stride], d11 = d[stride + 1];
        double d20 = d[2 * stride], d21 = d[2 * stride + 1], d30 = d[3 * stride], d31 = d[3 * stride + 1];
        Vector<double> u00 = new(d00), u01 = new(d01), u10 = new(d10), u11 = new(d11);
        Vector<double> u20 = new(d20), u21 = new(d21), u30 = new(d30), u31 = new(d31);
        for (; i <= n - vc; i += vc)
        {
            var v0 = Vector.LoadUnsafe(ref r0, (nuint)i);
            var v1 = Vector.LoadUnsafe(ref r1, (nuint)i);
            var v2 = Vector.LoadUnsafe(ref r2, (nuint)i);
            var v3 = Vector.LoadUnsafe(ref r3, (nuint)i);
            var a0 = Vector.LoadUnsafe(ref g0, (nuint)i);
            var a1 = Vector.LoadUnsafe(ref g1, (nuint)i);
            a0 = Vector.FusedMultiplyAdd(v0, u00, a0);
            a1 = Vector.FusedMultiplyAdd(v0, u01, a1);
            a0 = Vector.FusedMultiplyAdd(v1, u10, a0);
            a1 = Vector.FusedMultiplyAdd(v1, u11, a1);
            a0 = Vector.FusedMultiplyAdd(v2, u20, a0);
            a1 = Vector.FusedMultiplyAdd(v2, u21, a1);
            a0 = Vector.FusedMultiplyAdd(v3, u30, a0);
            a1 = Vector.FusedMultiplyAdd(v3, u31, a1);
            a0.StoreUnsafe(ref g0, (nuint)i);
            a1.StoreUnsafe(ref g1, (nuint)i);
        }
        for (; i < n; i++)
        {
            double v0 = Unsafe.Add(ref r0, i), v1 = Unsafe.Add(ref r1, i), v2 = Unsafe.Add(ref r2, i), v3 = Unsafe.Add(ref r3, i);
            double a0 = Unsafe.Add(ref g0, i), a1 = Unsafe.Add(ref g1, i);
            a0 += d00 * v0;
            a1 += d01 * v0;
            a0 += d10 * v1;
            a1 += d11 * v1;
            a0 += d20 * v2;
            a1 += d21 * v2;
            a0 += d30 * v3;
            a1 += d31 * v3;
            Unsafe.Add(ref g0, i) = a0;
            Unsafe.Add(ref g1, i) = a1;
        }
    }

    /// <summary>g += d0 x0 + d1 x1 + d2 x2 + d3 x3, element-wise, in that order.</summary>
    public static void Axpy4(Span<double> g, double d0, ReadOnlySpan<double> x0, double d1, ReadOnlySpan<double> x1,
        double d2, ReadOnlySpan<double> x2, double d3, ReadOnlySpan<double> x3)
    {
        int n = g.Length, vc = Vector<double>.Count, i = 0;
        ref double rg = ref MemoryMarshal.GetReference(g);
        ref double r0 = ref MemoryMarshal.GetReference(x0);
        ref double r1 = ref MemoryMarshal.GetReference(x1);
        ref double r2 = ref MemoryMarshal.GetReference(x2);
        ref double r3 = ref MemoryMarshal.GetReference(x3);
        var v0 = new Vector<double>(d0);
        var v1 = new Vector<double>(d1);
        var v2 = new Vector<double>(d2);
        var v3 = new Vector<double>(d3);
        for (; i <= n - vc; i += vc)
        {
            var acc = Vector.LoadUnsafe(ref rg, (nuint)i);
            acc = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref r0, (nuint)i), v0, acc);
            acc = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref r1, (nuint)i), v1, acc);
            acc = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref r2, (nuint)i), v2, acc);
            acc = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref r3, (nuint)i), v3, acc);
            acc.StoreUnsafe(ref rg, (nuint)i);
        }
        for (; i < n; i++)
        {
            double acc = Unsafe.Add(ref rg, i);
            acc += d0 * Unsafe.Add(ref r0, i);
            acc += d1 * Unsafe.Add(ref r1, i);
            acc += d2 * Unsafe.Add(ref r2, i);
            acc += d3 * Unsafe.Add(ref r3, i);
            Unsafe.Add(ref rg, i) = acc;
        }
    }
}
