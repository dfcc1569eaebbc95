using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Qhml.MLNet.Hybrid;

/// <summary>
/// Kernels for the wide first layer. <see cref="Dot4"/> serves four samples per pass over a weight row, so the
/// 706 x 64 matrix streams from memory once per four rows; <see cref="Dot4Outputs"/> serves four weight rows per
/// pass over one sample (single-row scoring). Every dot product here, whichever kernel computes it, is summed in
/// one order (two interleaved vector accumulators, then the scalar tail), so a row's activations are bit-identical
/// whether it is scored alone, in a block, or during training.
/// </summary>
internal static class DenseKernels
{
    /// <summary>s_k = w . x_k for four rows.</summary>
    public static void Dot4(ReadOnlySpan<double> w, ReadOnlySpan<double> x0, ReadOnlySpan<double> x1, ReadOnlySpan<double> x2, ReadOnlySpan<double> x3,
        out double s0, out double s1, out double s2, out double s3)
    {
        int n = w.Length, vc = Vector<double>.Count, i = 0;
        ref double rw = ref MemoryMarshal.GetReference(w);
        ref double r0 = ref MemoryMarshal.GetReference(x0);
        ref double r1 = ref MemoryMarshal.GetReference(x1);
        ref double r2 = ref MemoryMarshal.GetReference(x2);
        ref double r3 = ref MemoryMarshal.GetReference(x3);
        Vector<double> a0 = default, a1 = default, a2 = default, a3 = default;
        Vector<double> b0 = default, b1 = default, b2 = default, b3 = default;
        for (; i <= n - 2 * vc; i += 2 * vc)
        {
            var wa = Vector.LoadUnsafe(ref rw, (nuint)i);
            var wb = Vector.LoadUnsafe(ref rw, (nuint)(i + vc));
            a0 = Vector.FusedMultiplyAdd(wa, Vector.LoadUnsafe(ref r0, (nuint)i), a0);
            b0 = Vector.FusedMultiplyAdd(wb, Vector.LoadUnsafe(ref r0, (nuint)(i + vc)), b0);
            a1 = Vector.FusedMultiplyAdd(wa, Vector.LoadUnsafe(ref r1, (nuint)i), a1);
            b1 = Vector.FusedMultiplyAdd(wb, Vector.LoadUnsafe(ref r1, (nuint)(i + vc)), b1);
            a2 = Vector.FusedMultiplyAdd(wa, Vector.LoadUnsafe(ref r2, (nuint)i), a2);
            b2 = Vector.FusedMultiplyAdd(wb, Vector.LoadUnsafe(ref r2, (nuint)(i + vc)), b2);
            a3 = Vector.FusedMultiplyAdd(wa, Vector.LoadUnsafe(ref r3, (nuint)i), a3);
            b3 = Vector.FusedMultiplyAdd(wb, Vector.LoadUnsafe(ref r3, (nuint)(i + vc)), b3);
        }
        s0 = Vector.Sum(a0 + b0);
        s1 = Vector.Sum(a1 + b1);
        s2 = Vector.Sum(a2 + b2);
        s3 = Vector.Sum(a3 + b3);
        for (; i < n; i++)
        {
            double wi = Unsafe.Add(ref rw, i);
            s0 += wi * Unsafe.Add(ref r0, i);
            s1 += wi * Unsafe.Add(ref r1, i);
            s2 += wi * Unsafe.Add(ref r2, i);
            s3 += wi * Unsafe.Add(ref r3, i);
        }
    }

    /// <summary>s_k = w_k . x for four weight rows and one sample, in the summation order of <see cref="Dot4"/>.</summary>
    public static void Dot4Outputs(ReadOnlySpan<double> w0, ReadOnlySpan<double> w1, ReadOnlySpan<double> w2, ReadOnlySpan<double> w3, ReadOnlySpan<double> x,
        out double s0, out double s1, out double s2, out double s3)
    {
        int n = x.Length, vc = Vector<double>.Count, i = 0;
        ref double rx = ref MemoryMarshal.GetReference(x);
        ref double r0 = ref MemoryMarshal.GetReference(w0);
        ref double r1 = ref MemoryMarshal.GetReference(w1);
        ref double r2 = ref MemoryMarshal.GetReference(w2);
        ref double r3 = ref MemoryMarshal.GetReference(w3);
        Vector<double> a0 = default, a1 = default, a2 = default, a3 = default;
        Vector<double> b0 = default, b1 = default, b2 = default, b3 = default;
        for (; i <= n - 2 * vc; i += 2 * vc)
        {
            var xa = Vector.LoadUnsafe(ref rx, (nuint)i);
            var xb = Vector.LoadUnsafe(ref rx, (nuint)(i + vc));
            a0 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref r0, (nuint)i), xa, a0);
            b0 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref r0, (nuint)(i + vc)), xb, b0);
            a1 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref r1, (nuint)i), xa, a1);
            b1 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref r1, (nuint)(i + vc)), xb, b1);
            a2 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref r2, (nuint)i), xa, a2);
            b2 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref r2, (nuint)(i + vc)), xb, b2);
            a3 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref r3, (nuint)i), xa, a3);
            b3 = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref r3, (nuint)(i + vc)), xb, b3);
        }
        s0 = Vector.Sum(a0 + b0);
        s1 = Vector.Sum(a1 + b1);
        s2 = Vector.Sum(a2 + b2);
        s3 = Vector.Sum(a3 + b3);
        for (; i < n; i++)
        {
            double xi = Unsafe.Add(ref rx, i);
            s0 += Unsafe.Add(ref r0, i) * xi;
            s1 += Unsafe.Add(ref r1, i) * xi;
            s2 += Unsafe.Add(ref r2, i) * xi;
            s3 += Unsafe.Add(ref r3, i) * xi;
        }
    }

    /// <summary>w . x for one weight row and one sample, in the summation order of <see cref="Dot4"/>.</summary>
    public static double Dot1(ReadOnlySpan<double> w, ReadOnlySpan<double> x)
    {
        int n = x.Length, vc = Vector<double>.Count, i = 0;
        ref double rw = ref MemoryMarshal.GetReference(w);
        ref double rx = ref MemoryMarshal.GetReference(x);
        Vector<double> a = default, b = default;
        for (; i <= n - 2 * vc; i += 2 * vc)
        {
            a = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref rw, (nuint)i), Vector.LoadUnsafe(ref rx, (nuint)i), a);
            b = Vector.FusedMultiplyAdd(Vector.LoadUnsafe(ref rw, (nuint)(i + vc)), Vector.LoadUnsafe(ref rx, (nuint)(i + vc)), b);
        }
        double s = Vector.Sum(a + b);
        for (; i < n; i++)
            s += Unsafe.Add(ref rw, i) * Unsafe.Add(ref rx, i);
        return s;
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
