using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
        int dim = re.Length;
        ref double r = ref MemoryMarshal.GetReference(re);
        ref double i = ref MemoryMarshal.GetReference(im);
        double ar = u.AR, ai = u.AI, br = u.BR, bi = u.BI, cr = u.CR, ci = u.CI, dr = u.DR, di = u.DI;
        for (int hi = 0; hi < dim; hi += m << 1)
        {
            for (int k = hi; k < hi + m; k++)
            {
                ref double r0 = ref Unsafe.Add(ref r, k);
                ref double i0 = ref Unsafe.Add(ref i, k);
                ref double r1 = ref Unsafe.Add(ref r, k + m);
                ref double i1 = ref Unsafe.Add(ref i, k + m);
                double xr = r0, xi = i0, yr = r1, yi = i1;
                r0 = ar * xr - ai * xi + br * yr - bi * yi;
                i0 = ar * xi + ai * xr + br * yi + bi * yr;
                r1 = cr * xr - ci * xi + dr * yr - di * yi;
                i1 = cr * xi + ci * xr + dr * yi + di * yr;
            }
        }
    }

    /// <summary>CNOT: swaps the target pair where the control bit is set.</summary>
    public static void Cnot(Span<double> re, Span<double> im, int qubits, int control, int target)
    {
        int cm = Stride(qubits, control);
        int tm = Stride(qubits, target);
        int dim = re.Length;
        ref double r = ref MemoryMarshal.GetReference(re);
        ref double i = ref MemoryMarshal.GetReference(im);
        for (int k = 0; k < dim; k++)
        {
            if ((k & cm) != 0 && (k & tm) == 0)
            {
                int j = k | tm;
                (Unsafe.Add(ref r, k), Unsafe.Add(ref r, j)) = (Unsafe.Add(ref r, j), Unsafe.Add(ref r, k));
                (Unsafe.Add(ref i, k), Unsafe.Add(ref i, j)) = (Unsafe.Add(ref i, j), Unsafe.Add(ref i, k));
            }
        }
    }

    /// <summary>CZ: negates amplitudes where both bits are set.</summary>
    public static void Cz(Span<double> re, Span<double> im, int qubits, int a, int b)
    {
        int both = Stride(qubits, a) | Stride(qubits, b);
        int dim = re.Length;
        ref double r = ref MemoryMarshal.GetReference(re);
        ref double i = ref MemoryMarshal.GetReference(im);
        for (int k = 0; k < dim; k++)
        {
            if ((k & both) == both)
            {
                Unsafe.Add(ref r, k) = -Unsafe.Add(ref r, k);
                Unsafe.Add(ref i, k) = -Unsafe.Add(ref i, k);
            }
        }
    }

    /// <summary>&lt;Z_q&gt; for every qubit: total probability minus twice the probability with bit q set.</summary>
    public static void ExpectationsZ(ReadOnlySpan<double> re, ReadOnlySpan<double> im, int qubits, Span<double> destination)
    {
        int dim = re.Length;
        double total = 0;
        Span<double> withBit = stackalloc double[qubits];
        withBit.Clear();
        for (int k = 0; k < dim; k++)
        {
            double p = re[k] * re[k] + im[k] * im[k];
            total += p;
            for (int q = 0; q < qubits; q++)
            {
                if ((k & (1 << (qubits - 1 - q))) != 0)
                    withBit[q] += p;
            }
        }

        for (int q = 0; q < qubits; q++)
            destination[q] = total - 2 * withBit[q];
    }

    /// <summary>
    /// Fills <paramref name="weights"/>[i] = sum_q g_q z_q(i), the diagonal of the observable
    /// sum_q g_q Z_q, with z_q(i) = +1 when bit q of i is clear and -1 when set.
    /// </summary>
    public static void ObservableDiagonal(ReadOnlySpan<double> g, int qubits, Span<double> weights)
    {
        double sum = 0;
        for (int q = 0; q < qubits; q++)
            sum += g[q];
        weights[0] = sum;
        int len = 1;
        for (int bit = 0; bit < qubits; bit++)
        {
            // Indices len..2len-1 have bit `bit` set, which is qubit n-1-bit.
            double drop = 2 * g[qubits - 1 - bit];
            for (int k = 0; k < len; k++)
                weights[len + k] = weights[k] - drop;
            len <<= 1;
        }
    }

    /// <summary>Im &lt;lambda| P_q |phi&gt; for a Pauli P: the adjoint-method derivative of a rotation exp(-i t P/2).</summary>
    public static double ImPauliInner(
        ReadOnlySpan<double> lr, ReadOnlySpan<double> li, ReadOnlySpan<double> fr, ReadOnlySpan<double> fi,
        int qubits, int qubit, RotationAxis axis)
    {
        int m = Stride(qubits, qubit);
        int dim = lr.Length;
        double acc = 0;
        for (int hi = 0; hi < dim; hi += m << 1)
        {
            for (int k = hi; k < hi + m; k++)
            {
                int j = k + m;
                switch (axis)
                {
                    case RotationAxis.Z:
                        // Im(conj(l0) f0 - conj(l1) f1)
                        acc += lr[k] * fi[k] - li[k] * fr[k] - (lr[j] * fi[j] - li[j] * fr[j]);
                        break;
                    case RotationAxis.X:
                        // Im(conj(l0) f1 + conj(l1) f0)
                        acc += lr[k] * fi[j] - li[k] * fr[j] + lr[j] * fi[k] - li[j] * fr[k];
                        break;
                    default:
                        // Y: (Yf)_0 = -i f1, (Yf)_1 = i f0 -> Im = -Re(conj(l0) f1) + Re(conj(l1) f0)
                        acc += -(lr[k] * fr[j] + li[k] * fi[j]) + lr[j] * fr[k] + li[j] * fi[k];
                        break;
                }
            }
        }

        return acc;
    }
}

/// <summary>A 2x2 complex matrix [[A, B], [C, D]] with real and imaginary parts apart.</summary>
internal readonly struct Matrix2
{
    public readonly double AR, AI, BR, BI, CR, CI, DR, DI;

    public Matrix2(double ar, double ai, double br, double bi, double cr, double ci, double dr, double di)
    {
        AR = ar; AI = ai; BR = br; BI = bi; CR = cr; CI = ci; DR = dr; DI = di;
    }

    /// <summary>The conjugate transpose (the inverse of a unitary).</summary>
    public Matrix2 Adjoint() => new(AR, -AI, CR, -CI, BR, -BI, DR, -DI);

    /// <summary>RX(t) = [[c, -is], [-is, c]], RY(t) = [[c, -s], [s, c]], RZ(t) = diag(c - is, c + is); c = cos t/2, s = sin t/2.</summary>
    public static Matrix2 Rotation(RotationAxis axis, double angle)
    {
        double c = Math.Cos(0.5 * angle), s = Math.Sin(0.5 * angle);
        return axis switch
        {
            RotationAxis.X => new(c, 0, 0, -s, 0, -s, c, 0),
            RotationAxis.Y => new(c, 0, -s, 0, s, 0, c, 0),
            _ => new(c, -s, 0, 0, 0, 0, c, s),
        };
    }
}
