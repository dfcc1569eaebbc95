using System.Buffers.Binary;
using System.IO.Hashing;

namespace Qhml.MLNet.Tests.Loading;

/// <summary>
/// Finds the checksummed payload (int length, bytes, CRC-32) inside a Qhml component's model entry, so a test can
/// change a stored field and re-seal it: what a crafted or buggy file looks like to the component's own checks.
/// </summary>
internal static class PayloadEnvelope
{
    /// <summary>Start of the payload inside <paramref name="entry"/> and its length.</summary>
    public static (int Start, int Length) Find(byte[] entry)
    {
        for (int p = 0; p + 8 <= entry.Length; p++)
        {
            int length = BinaryPrimitives.ReadInt32LittleEndian(entry.AsSpan(p));
            if (length <= 0 || p + 4 + length + 4 > entry.Length)
                continue;
            uint crc = BinaryPrimitives.ReadUInt32LittleEndian(entry.AsSpan(p + 4 + length));
            if (crc == Crc32.HashToUInt32(entry.AsSpan(p + 4, length)))
                return (p + 4, length);
        }
        throw new InvalidOperationException("The entry holds no checksummed payload.");
    }

    /// <summary>Applies <paramref name="patch"/> to the payload (as a span) and writes the matching CRC-32.</summary>
    public static byte[] Patch(byte[] entry, SpanAction patch)
    {
        var (start, length) = Find(entry);
        patch(entry.AsSpan(start, length));
        BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(start + length), Crc32.HashToUInt32(entry.AsSpan(start, length)));
        return entry;
    }

    public delegate void SpanAction(Span<byte> payload);
}
