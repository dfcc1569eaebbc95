using System.Runtime.InteropServices;

namespace Qhml.MLNet.Hybrid;

/// <summary>
/// Buffers whose first element sits on a 64-byte (cache-line) boundary. They live on the pinned object heap, so the
/// GC never moves them off it; the hot kernels then read whole vectors without splitting cache lines.
/// </summary>
internal static class AlignedMemory
{
    /// <summary>The boundary, in bytes: one cache line, and one 512-bit vector.</summary>
    public const int Alignment = 64;

    /// <summary>A zeroed buffer of <paramref name="length"/> floats starting on a 64-byte boundary.</summary>
    public static Memory<float> AllocateSingle(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length == 0)
            return Memory<float>.Empty;
        const int slack = (Alignment / sizeof(float)) - 1;
        float[] array = GC.AllocateArray<float>(length + slack, pinned: true);
        GCHandle handle = GCHandle.Alloc(array, GCHandleType.Pinned);
        long address = handle.AddrOfPinnedObject().ToInt64();
        handle.Free(); // the array is on the pinned heap: its address stays valid without the handle
        int offset = (int)((Alignment - (address % Alignment)) % Alignment) / sizeof(float);
        return new Memory<float>(array, offset, length);
    }
}
