using System.Numerics;
using System.Runtime.InteropServices;

namespace Qhml.MLNet.Hybrid;

/// <summary>Small SIMD helpers of the per-row scoring path, where every fraction of a microsecond counts.</summary>
internal static class SpanMath
{
    /// <summary>True when no value is NaN or infinite (x * 0 is 0 for finite x and NaN otherwise).</summary>
    public static bool AllFinite(ReadOnlySpan<double> values)
    {
        int vc = Vector<double>.Count, i = 0;
        var poison = Vector<double>.Zero;
        ref double r = ref MemoryMarshal.GetReference(values);
        for (; i <= values.Length - vc; i += vc)
            poison += Vector.LoadUnsafe(ref r, (nuint)i) * Vector<double>.Zero;
        double tail = 0;
        for (; i < values.Length; i++)
            tail += values[i] * 0.0;
        return !double.IsNaN(Vector.Sum(poison) + tail);
    }

    /// <summary>destination[i] = source[i], widened from float to double (exact).</summary>
    public static void Widen(ReadOnlySpan<float> source, Span<double> destination)
    {
        if (destination.Length < source.Length)
            throw new ArgumentException("The destination is shorter than the source.", nameof(destination));
        int vc = Vector<float>.Count, i = 0;
        ref float s = ref MemoryMarshal.GetReference(source);
        ref double d = ref MemoryMarshal.GetReference(destination);
        for (; i <= source.Length - vc; i += vc)
        {
            Vector.Widen(Vector.LoadUnsafe(ref s, (nuint)i), out var low, out var high);
            low.StoreUnsafe(ref d, (nuint)i);
            high.StoreUnsafe(ref d, (nuint)(i + Vector<double>.Count));
        }
        for (; i < source.Length; i++)
            destination[i] = source[i];
    }
}
