using System.Globalization;
using System.IO.Compression;
using System.IO.Hashing;

namespace Qhml.MLNet.Loading;

/// <summary>
/// Checks a model zip before ML.NET parses any of it: entry count, every entry's declared and actual uncompressed
/// size, and every entry's CRC-32. ML.NET's own reader checks none of these, so a flipped bit used to load as a
/// silently different model, or feed a corrupt count to a reader that spins forever.
/// </summary>
internal static class ModelArchiveVerifier
{
    // The first 8 bytes of ML.NET's binary data format ("CML\0DVB\0"), used for stored schemas.
    private static ReadOnlySpan<byte> BinaryDataSignature => "CML\0DVB\0"u8;

    /// <summary>
    /// Verifies <paramref name="archiveBytes"/> and returns the entries stored in ML.NET's binary data format (input and
    /// training schemas), by name, for <see cref="BinaryDataDryRun"/>.
    /// </summary>
    /// <exception cref="ModelLoadException">Not a zip, too many or too large entries, a size or CRC-32 mismatch.</exception>
    public static Dictionary<string, byte[]> Verify(byte[] archiveBytes, string source, GuardedModelLoadOptions options)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(new MemoryStream(archiveBytes, writable: false), ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            throw new ModelLoadException(source, null, $"the file is not a readable zip archive ({e.Message})", e);
        }
        using (archive)
        {
            var entries = ReadEntryList(archive, source);
            if (entries.Count > options.MaximumEntryCount)
                throw new ModelLoadException(source, null, Invariant($"it has {entries.Count} zip entries; at most {options.MaximumEntryCount} are accepted."));
            long total = 0;
            var binaryData = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            var buffer = new byte[81920];
            foreach (var entry in entries)
            {
                total += entry.Length;
                if (entry.Length < 0 || total > options.MaximumUncompressedBytes)
                    throw new ModelLoadException(source, entry.FullName, Invariant($"the zip entries declare {total} uncompressed bytes; at most {options.MaximumUncompressedBytes} are accepted."));
                // Grows with what the entry really holds, never with what a corrupt header declares.
                using var content = new MemoryStream((int)Math.Min(entry.Length, 1 << 20));
                uint crc = ReadEntry(entry, source, buffer, content);
                if (crc != entry.Crc32)
                    throw new ModelLoadException(source, entry.FullName, Invariant($"the entry's CRC-32 is 0x{crc:X8}; the zip records 0x{entry.Crc32:X8}. The file is corrupt."));
                if (content.GetBuffer().AsSpan(0, (int)content.Length).StartsWith(BinaryDataSignature))
                    binaryData[entry.FullName] = content.ToArray();
            }
            return binaryData;
        }
    }

    private static List<ZipArchiveEntry> ReadEntryList(ZipArchive archive, string source)
    {
        try
        {
            return archive.Entries.ToList();
        }
        catch (InvalidDataException e)
        {
            throw new ModelLoadException(source, null, $"its zip directory is corrupt ({e.Message})", e);
        }
    }

    // Reads the whole entry, never more than it declares, and returns its CRC-32.
    private static uint ReadEntry(ZipArchiveEntry entry, string source, byte[] buffer, MemoryStream content)
    {
        var crc = new Crc32();
        long read = 0;
        try
        {
            using Stream stream = entry.Open();
            int n;
            while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (read + n > entry.Length)
                    throw new ModelLoadException(source, entry.FullName, Invariant($"the entry holds more than the {entry.Length} bytes the zip declares. The file is corrupt."));
                crc.Append(buffer.AsSpan(0, n));
                content.Write(buffer, 0, n);
                read += n;
            }
        }
        catch (Exception e) when (e is InvalidDataException || e is IOException and not ModelLoadException)
        {
            throw new ModelLoadException(source, entry.FullName, $"the entry cannot be decompressed ({e.Message}). The file is corrupt.", e);
        }
        if (read != entry.Length)
            throw new ModelLoadException(source, entry.FullName, Invariant($"the entry holds {read} bytes; the zip declares {entry.Length}. The file is corrupt."));
        return crc.GetCurrentHashAsUInt32();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
