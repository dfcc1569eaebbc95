using System.Runtime.CompilerServices;

namespace Qhml.MLNet.Quantum;

/// <summary>
/// The product state of the qubits' first blocks applied to |0&gt;, built by doubling: a qubit's factor (A, C), the
/// first column of its block, turns the 2^k amplitudes x into (x A, x C) (the new top bit clear, then set). Written
/// once for every element width; the lane engine and the one-sample engine use it.
/// </summary>
/// <typeparam name="T">The element width.</typeparam>
/// <typeparam name="TMath">Its arithmetic.</typeparam>
internal static class ProductState<T, TMath>
    where T : struct
    where TMath : struct, IArithmetic<T>
{
    /// <summary>One doubling: entries [0, len) become x A there and x C at [len, 2 len).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Double(ref T re, ref T im, int len, in Matrix2x2<T> m)
    {
        T ar = m.AR, ai = m.AI, cr = m.CR, ci = m.CI;
        for (int k = 0; k < len; k++)
        {
            T xr = Unsafe.Add(ref re, k), xi = Unsafe.Add(ref im, k);
            Unsafe.Add(ref re, len + k) = ComplexMath<T, TMath>.TimesReal(xr, xi, cr, ci);
            Unsafe.Add(ref im, len + k) = ComplexMath<T, TMath>.TimesImaginary(xr, xi, cr, ci);
            Unsafe.Add(ref re, k) = ComplexMath<T, TMath>.TimesReal(xr, xi, ar, ai);
            Unsafe.Add(ref im, k) = ComplexMath<T, TMath>.TimesImaginary(xr, xi, ar, ai);
        }
    }

    /// <summary>
    /// <see cref="Double"/> by <paramref name="m"/> then by <paramref name="next"/> in one pass (the first doubling's
    /// halves stay in registers); the same products, so the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void DoubleTwice(ref T re, ref T im, int len, in Matrix2x2<T> m, in Matrix2x2<T> next)
    {
        T ar = m.AR, ai = m.AI, cr = m.CR, ci = m.CI;
        T er = next.AR, ei = next.AI, gr = next.CR, gi = next.CI;
        for (int k = 0; k < len; k++)
        {
            T xr = Unsafe.Add(ref re, k), xi = Unsafe.Add(ref im, k);
            T hr = ComplexMath<T, TMath>.TimesReal(xr, xi, cr, ci), hi = ComplexMath<T, TMath>.TimesImaginary(xr, xi, cr, ci);
            T lr = ComplexMath<T, TMath>.TimesReal(xr, xi, ar, ai), li = ComplexMath<T, TMath>.TimesImaginary(xr, xi, ar, ai);
            Unsafe.Add(ref re, (3 * len) + k) = ComplexMath<T, TMath>.TimesReal(hr, hi, gr, gi);
            Unsafe.Add(ref im, (3 * len) + k) = ComplexMath<T, TMath>.TimesImaginary(hr, hi, gr, gi);
            Unsafe.Add(ref re, len + k) = ComplexMath<T, TMath>.TimesReal(hr, hi, er, ei);
            Unsafe.Add(ref im, len + k) = ComplexMath<T, TMath>.TimesImaginary(hr, hi, er, ei);
            Unsafe.Add(ref re, (2 * len) + k) = ComplexMath<T, TMath>.TimesReal(lr, li, gr, gi);
            Unsafe.Add(ref im, (2 * len) + k) = ComplexMath<T, TMath>.TimesImaginary(lr, li, gr, gi);
            Unsafe.Add(ref re, k) = ComplexMath<T, TMath>.TimesReal(lr, li, er, ei);
            Unsafe.Add(ref im, k) = ComplexMath<T, TMath>.TimesImaginary(lr, li, er, ei);
        }
    }
}
