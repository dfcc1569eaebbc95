using System.Globalization;
using System.IO.Hashing;
using Microsoft.ML.Runtime;

namespace Qhml.MLNet.Persistence;

/// <summary>
/// The envelope around each Qhml component's payload inside its ML.NET model entry: <c>int length, byte[length]
/// payload, uint CRC-32 of the payload</c>. ML.NET does not check the zip's own CRC, so without this a flipped bit
/// in a stored weight loads as a silently different model under plain <c>mlContext.Model.Load</c>.
/// </summary>
internal static class QhmlPayloadChecksum
{
    /// <summary>Writes what <paramref name="writePayload"/> writes, length-prefixed and followed by its CRC-32.</summary>
    public static void Write(BinaryWriter writer, Action<BinaryWriter> writePayload)
    {
        using var payload = new MemoryStream();
        using (var payloadWriter = new BinaryWriter(payload, System.Text.Encoding.UTF8, leaveOpen: true))
            writePayload(payloadWriter);
        ReadOnlySpan<byte> bytes = payload.GetBuffer().AsSpan(0, checked((int)payload.Length));
        writer.Write(bytes.Length);
        writer.Write(bytes);
        writer.Write(Crc32.HashToUInt32(bytes));
    }

    /// <summary>
    /// Reads an envelope written by <see cref="Write"/>: the length is checked against the bytes that remain before
    /// anything is allocated. <paramref name="checkBeforeChecksum"/> sees the payload first, so that a payload of a
    /// newer format reports its version rather than a checksum mismatch.
    /// </summary>
    /// <returns>The verified payload.</returns>
    public static byte[] Read(BinaryReader reader, IExceptionContext ectx, string what, Action<byte[]>? checkBeforeChecksum = null)
    {
        int length = reader.ReadInt32();
        long remaining = reader.BaseStream.CanSeek ? reader.BaseStream.Length - reader.BaseStream.Position - sizeof(uint) : int.MaxValue;
        ectx.CheckDecode(length >= 0 && length <= remaining,
            string.Create(CultureInfo.InvariantCulture, $"Stored {what} has an invalid length {length}; {remaining} bytes remain."));
        byte[] payload = reader.ReadBytes(length);
        ectx.CheckDecode(payload.Length == length, string.Create(CultureInfo.InvariantCulture, $"Stored {what} is truncated: {payload.Length} of {length} bytes."));
        uint stored = reader.ReadUInt32();
        checkBeforeChecksum?.Invoke(payload);
        uint actual = Crc32.HashToUInt32(payload);
        ectx.CheckDecode(actual == stored,
            string.Create(CultureInfo.InvariantCulture, $"Stored {what} is corrupt: its CRC-32 is 0x{actual:X8}, the file records 0x{stored:X8}."));
        return payload;
    }
}
