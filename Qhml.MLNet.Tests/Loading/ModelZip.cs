using System.IO.Compression;

namespace Qhml.MLNet.Tests.Loading;

/// <summary>A model zip as an ordered list of entries, so a test can alter one entry and write a valid zip again.</summary>
internal static class ModelZip
{
    public static List<(string Name, byte[] Data)> Read(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        var entries = new List<(string, byte[])>();
        foreach (var entry in archive.Entries)
        {
            using var source = entry.Open();
            using var copy = new MemoryStream();
            source.CopyTo(copy);
            entries.Add((entry.FullName, copy.ToArray()));
        }
        return entries;
    }

    /// <summary>Writes the entries as a zip with correct CRCs (what a crafted file looks like).</summary>
    public static byte[] Write(IEnumerable<(string Name, byte[] Data)> entries)
    {
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data) in entries)
            {
                using var target = archive.CreateEntry(name, CompressionLevel.NoCompression).Open();
                target.Write(data);
            }
        }
        return stream.ToArray();
    }

    /// <summary>The zip with the entry whose name ends with <paramref name="nameSuffix"/> replaced by <paramref name="replace"/>'s result.</summary>
    public static byte[] WithEntry(byte[] zip, string nameSuffix, Func<byte[], byte[]> replace)
    {
        var entries = Read(zip);
        int index = entries.FindIndex(e => e.Name.EndsWith(nameSuffix, StringComparison.Ordinal));
        Assert.True(index >= 0, $"No entry ends with '{nameSuffix}': {string.Join(", ", entries.Select(e => e.Name))}");
        entries[index] = (entries[index].Name, replace(entries[index].Data.ToArray()));
        return Write(entries);
    }

    public static byte[] Entry(byte[] zip, string nameSuffix)
        => Read(zip).Single(e => e.Name.EndsWith(nameSuffix, StringComparison.Ordinal)).Data;
}
