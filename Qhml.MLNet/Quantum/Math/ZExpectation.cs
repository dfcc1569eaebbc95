using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Qhml.MLNet.Quantum;

/// <summary>
/// &lt;Z_q&gt; of every qubit from the probabilities in logical index order, written once for the lane engine (one sample
/// per lane) and the one-sample engine: fold the top bit away qubit by qubit, each upper half summed in index order.
/// </summary>
/// <typeparam name="T">The element width.</typeparam>
/// <typeparam name="TMath">Its arithmetic.</typeparam>
internal static class ZExpectation<T, TMath>
    where T : struct
    where TMath : struct, IArithmetic<T>
{
    /// <summary>
    /// Overwrites <paramref name="p"/> (2^qubits probabilities) and writes &lt;Z_0&gt; ... &lt;Z_(n-1)&gt;: P(q = 1) is the
    /// sum of the upper half before qubit q's fold, and &lt;Z_q&gt; = total - 2 P(q = 1).
    /// </summary>
    public static void FromProbabilities(Span<T> p, int qubits, Span<T> destination)
    {
        int dim = 1 << qubits;
        // Fold in place first: fold q only rewrites p[0, 2^(n-1-q)), so every level's upper half stays intact.
        for (int half = dim >> 1; half >= 1; half >>= 1)
            Fold(p.Slice(0, half), p.Slice(half, half));

        // Each upper-half sum is one serial chain in index order; qubit 0's chain, the longest, runs interleaved with
        // the others (together one shorter) so two chains overlap.
        ref T a = ref MemoryMarshal.GetReference(p);
        T first = TMath.Broadcast(0.0);
        int j0 = dim >> 1;
        for (int q = 1; q < qubits; q++)
        {
            int half = dim >> (q + 1);
            T upper = TMath.Broadcast(0.0);
            for (int j = 0; j < half; j++)
            {
                upper = TMath.Add(upper, Unsafe.Add(ref a, half + j));
                first = TMath.Add(first, Unsafe.Add(ref a, j0++));
            }

            destination[q] = upper;
        }

        for (; j0 < dim; j0++)
            first = TMath.Add(first, Unsafe.Add(ref a, j0));
        destination[0] = first;

        T total = a;
        for (int q = 0; q < qubits; q++)
            destination[q] = TMath.Subtract(TMath.Subtract(total, destination[q]), destination[q]);
    }

    /// <summary>lower += upper, element by element (vectorized across amplitudes when an element is one double).</summary>
    private static void Fold(Span<T> lower, Span<T> upper)
    {
        int j = 0;
        if (typeof(T) == typeof(double) && Vector.IsHardwareAccelerated)
        {
            // Element-wise, so adding Vector<double>.Count doubles at once rounds exactly as one at a time.
            Span<Vector<double>> l = MemoryMarshal.Cast<T, Vector<double>>(lower), u = MemoryMarshal.Cast<T, Vector<double>>(upper);
            for (int v = 0; v < l.Length; v++)
                l[v] += u[v];
            j = l.Length * Vector<double>.Count;
        }

        for (; j < lower.Length; j++)
            lower[j] = TMath.Add(lower[j], upper[j]);
    }
}
