using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ReferenceAdjoint = Qhml.MLNet.Quantum.AdjointRule<double, Qhml.MLNet.Quantum.ScalarArithmetic>;

namespace Qhml.MLNet.Quantum;

/// <summary>
/// In-place kernels on a structure-of-arrays state (re[], im[] of length 2^n). Qubit q is bit n-1-q of
/// the basis index, so its amplitude pairs are (i, i + m) with m = 2^(n-1-q) and bit (n-1-q) of i clear.
/// </summary>
internal static class StateKernels
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Stride(int qubits, int qubit) => 1 << (qubits - 1 - qubit);

    /// <summary>Applies [[a, b], [c, d]] (complex entries) to qubit <paramref name="qubit"/>.</summary>
    public static void Apply2x2(Span<double> re, Span<double> im, int qubits, int qubit, in Matrix2 u)
    {
        int m = Stride(qubits, qubit);
        if (m >= Vector<double>.Count)
        {
            // Pairs lie in contiguous runs of m >= vector width: SIMD over amplitudes.
            Apply2x2<Vector<double>, VectorArithmetic>(MemoryMarshal.Cast<double, Vector<double>>(re), MemoryMarshal.Cast<double, Vector<double>>(im),
                m / Vector<double>.Count, MatrixMath<Vector<double>, VectorArithmetic>.Broadcast(u));
            return;
        }

        Apply2x2<double, ScalarArithmetic>(re, im, m, u);
    }

    private static void Apply2x2<T, TMath>(Span<T> reSpan, Span<T> imSpan, int m, in Matrix2x2<T> u)
        where T : struct
        where TMath : struct, IArithmetic<T>
    {
        ref T re = ref MemoryMarshal.GetReference(reSpan);
        ref T im = ref MemoryMarshal.GetReference(imSpan);
        int dim = reSpan.Length;
        for (int hi = 0; hi < dim; hi += m << 1)
        {
            for (int k = hi; k < hi + m; k++)
            {
                PairUpdate<T, TMath>.Plain(u, ref Unsafe.Add(ref re, k), ref Unsafe.Add(ref im, k),
                    ref Unsafe.Add(ref re, k + m), ref Unsafe.Add(ref im, k + m));
            }
        }
    }

    /// <summary>Inserts a zero bit at position <paramref name="bit"/> of <paramref name="k"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int InsertZero(int k, int bit) => ((k >> bit) << (bit + 1)) | (k & ((1 << bit) - 1));

    /// <summary>CNOT: swaps the target pair where the control bit is set (only the dim/4 such pairs are visited).</summary>
    public static void Cnot(Span<double> re, Span<double> im, int qubits, int control, int target)
    {
        int cb = qubits - 1 - control, tb = qubits - 1 - target;
        int lowBit = Math.Min(cb, tb), highBit = Math.Max(cb, tb);
        int cm = 1 << cb, tm = 1 << tb;
        int quarter = re.Length >> 2;
        ref double r = ref MemoryMarshal.GetReference(re);
        ref double i = ref MemoryMarshal.GetReference(im);
        int w = Vector<double>.Count;
        if ((1 << lowBit) >= w)
        {
            // Runs of 2^lowBit indices are contiguous on both sides of the swap.
            for (int k = 0; k < quarter; k += w)
            {
                int a = InsertZero(InsertZero(k, lowBit), highBit) | cm, b = a | tm;
                ref Vector<double> ra = ref Unsafe.As<double, Vector<double>>(ref Unsafe.Add(ref r, a));
                ref Vector<double> rb = ref Unsafe.As<double, Vector<double>>(ref Unsafe.Add(ref r, b));
                ref Vector<double> ia = ref Unsafe.As<double, Vector<double>>(ref Unsafe.Add(ref i, a));
                ref Vector<double> ib = ref Unsafe.As<double, Vector<double>>(ref Unsafe.Add(ref i, b));
                (ra, rb) = (rb, ra);
                (ia, ib) = (ib, ia);
            }

            return;
        }

        for (int k = 0; k < quarter; k++)
        {
            int a = InsertZero(InsertZero(k, lowBit), highBit) | cm, b = a | tm;
            (Unsafe.Add(ref r, a), Unsafe.Add(ref r, b)) = (Unsafe.Add(ref r, b), Unsafe.Add(ref r, a));
            (Unsafe.Add(ref i, a), Unsafe.Add(ref i, b)) = (Unsafe.Add(ref i, b), Unsafe.Add(ref i, a));
        }
    }

    /// <summary>CZ: negates amplitudes where both bits are set.</summary>
    public static void Cz(Span<double> re, Span<double> im, int qubits, int a, int b)
    {
        int both = Stride(qubits, a) | Stride(qubits, b);
        int dim = re.Length;
        ref double r = ref MemoryMarshal.GetReference(re);
        ref double i = ref MemoryMarshal.GetReference(im);
        for (int k = both; k < dim; k = (k + 1) | both)
        {
            Unsafe.Add(ref r, k) = -Unsafe.Add(ref r, k);
            Unsafe.Add(ref i, k) = -Unsafe.Add(ref i, k);
        }
    }

    /// <summary>
    /// &lt;Z_q&gt; for every qubit: probabilities, then fold the top bit (qubit 0, 1, ...) away one at a time;
    /// the upper half's sum before each fold is P(q = 1). About 2 x 2^n additions in all.
    /// </summary>
    public static void ExpectationsZ(ReadOnlySpan<double> re, ReadOnlySpan<double> im, int qubits, Span<double> destination)
    {
        int dim = re.Length;
        double[] rented = ArrayPool<double>.Shared.Rent(dim);
        try
        {
            Span<double> p = rented.AsSpan(0, dim);
            TensorPrimitives.Multiply(re, re, p);
            TensorPrimitives.MultiplyAdd(im, im, p, p);
            int len = dim;
            for (int q = 0; q < qubits; q++)
            {
                int half = len >> 1;
                Span<double> lower = p.Slice(0, half), upper = p.Slice(half, half);
                destination[q] = TensorPrimitives.Sum<double>(upper);
                TensorPrimitives.Add(lower, upper, lower);
                len = half;
            }

            double total = p[0];
            for (int q = 0; q < qubits; q++)
                destination[q] = total - 2 * destination[q];
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// The overlap R_ab = sum over the pairs of <paramref name="qubit"/> of conj(lambda_a) phi_b, returned as a
    /// matrix, and, if asked, u applied to both states in the same pass.
    /// </summary>
    public static Matrix2 OverlapAndUnapply(Span<double> fr, Span<double> fi, Span<double> lr, Span<double> li,
        int qubits, int qubit, in Matrix2 u, bool unapply)
    {
        int m = Stride(qubits, qubit);
        int dim = fr.Length;
        double r00r = 0, r00i = 0, r01r = 0, r01i = 0, r10r = 0, r10i = 0, r11r = 0, r11i = 0;
        ref double pr = ref MemoryMarshal.GetReference(fr);
        ref double pi = ref MemoryMarshal.GetReference(fi);
        ref double qr = ref MemoryMarshal.GetReference(lr);
        ref double qi = ref MemoryMarshal.GetReference(li);
        for (int hi = 0; hi < dim; hi += m << 1)
        {
            for (int k = hi; k < hi + m; k++)
            {
                int j = k + m;
                double f0r = Unsafe.Add(ref pr, k), f0i = Unsafe.Add(ref pi, k), f1r = Unsafe.Add(ref pr, j), f1i = Unsafe.Add(ref pi, j);
                double l0r = Unsafe.Add(ref qr, k), l0i = Unsafe.Add(ref qi, k), l1r = Unsafe.Add(ref qr, j), l1i = Unsafe.Add(ref qi, j);
                r00r = ReferenceAdjoint.AccumulatePlainReal(r00r, l0r, l0i, f0r, f0i);
                r00i = ReferenceAdjoint.AccumulatePlainImaginary(r00i, l0r, l0i, f0r, f0i);
                r01r = ReferenceAdjoint.AccumulatePlainReal(r01r, l0r, l0i, f1r, f1i);
                r01i = ReferenceAdjoint.AccumulatePlainImaginary(r01i, l0r, l0i, f1r, f1i);
                r10r = ReferenceAdjoint.AccumulatePlainReal(r10r, l1r, l1i, f0r, f0i);
                r10i = ReferenceAdjoint.AccumulatePlainImaginary(r10i, l1r, l1i, f0r, f0i);
                r11r = ReferenceAdjoint.AccumulatePlainReal(r11r, l1r, l1i, f1r, f1i);
                r11i = ReferenceAdjoint.AccumulatePlainImaginary(r11i, l1r, l1i, f1r, f1i);
            }
        }

        if (unapply)
        {
            Apply2x2(fr, fi, qubits, qubit, u);
            Apply2x2(lr, li, qubits, qubit, u);
        }

        return new Matrix2(r00r, r00i, r01r, r01i, r10r, r10i, r11r, r11i);
    }
}
