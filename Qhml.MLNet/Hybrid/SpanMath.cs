using System.Numerics;
using System.Runtime.InteropServices;

namespace Qhml.MLNet.Hybrid;

/// <summary>Small SIMD helpers of the per-row scoring path, where every fraction of a microsecond counts.</summary>
internal static class SpanMath
{
    /// <summary>True when no value is NaN or infinite (x * 0 is 0 for finite x and NaN otherwise).</summary>
    public static bool AllFinite<T>(ReadOnlySpan<T> values)
        where T : unmanaged, INumber<T>
    {
        int vc = Vector<T>.Count, i = 0;
        var poison = Vector<T>.Zero;
        ref T r = ref MemoryMarshal.GetReference(values);
        for (; i <= values.Length - vc; i += vc)
            poison += Vector.LoadUnsafe(ref r, (nuint)i) * Vector<T>.Zero;
        T tail = T.Zero;
        for (; i < values.Length; i++)
            tail += values[i] * T.Zero;
        return !T.IsNaN(Vector.Sum(poison) + tail);
    }

    /// <summary>destination[i] = (float)source[i], rounded to nearest as the scalar cast does.</summary>
    public static void Narrow(ReadOnlySpan<double> source, Span<float> destination)
    {
        if (destination.Length < source.Length)
            throw new ArgumentException("The destination is shorter than the source.", nameof(destination));
        int vc = Vector<double>.Count, i = 0;
        ref double s = ref MemoryMarshal.GetReference(source);
        ref float d = ref MemoryMarshal.GetReference(destination);
        for (; i <= source.Length - 2 * vc; i += 2 * vc)
            Vector.Narrow(Vector.LoadUnsafe(ref s, (nuint)i), Vector.LoadUnsafe(ref s, (nuint)(i + vc))).StoreUnsafe(ref d, (nuint)i);
        for (; i < source.Length; i++)
            destination[i] = (float)source[i];
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
