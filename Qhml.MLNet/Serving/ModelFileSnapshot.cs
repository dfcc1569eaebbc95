using System.Security.Cryptography;

namespace Qhml.MLNet.Serving;

/// <summary>The bytes of a model file read once it stopped changing, and their SHA-256.</summary>
internal sealed record ModelFileSnapshot(string FilePath, byte[] Bytes, string ContentHash)
{
    /// <summary>
    /// Waits until the file's size and write time stay the same for <paramref name="interval"/>, reads it, and checks it
    /// did not change while being read; a file written in place is thus read whole (a writer that pauses longer than the
    /// interval can still be caught mid-write: loading then fails and the next change event retries).
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IOException">The file kept changing for longer than <paramref name="timeout"/>.</exception>
    public static async Task<ModelFileSnapshot> ReadStableAsync(string filePath, TimeSpan interval, TimeSpan timeout, CancellationToken cancellation)
    {
        DateTime giveUpAt = DateTime.UtcNow + timeout;
        (long Length, DateTime WriteTime) before = Stamp(filePath);
        while (true)
        {
            await Task.Delay(interval, cancellation).ConfigureAwait(false);
            var settled = Stamp(filePath);
            if (settled == before)
            {
                byte[] bytes = await File.ReadAllBytesAsync(filePath, cancellation).ConfigureAwait(false);
                if (Stamp(filePath) == settled && bytes.LongLength == settled.Length)
                    return new ModelFileSnapshot(filePath, bytes, Hash(bytes));
                settled = Stamp(filePath);
            }
            if (DateTime.UtcNow > giveUpAt)
                throw new IOException(FormattableString.Invariant($"'{filePath}' kept changing for {timeout.TotalSeconds:0.#} s; write the new model to a temporary file and rename it into place."));
            before = settled;
        }
    }

    /// <summary>Lowercase hex SHA-256, as <c>sha256sum</c> prints it.</summary>
    public static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static (long Length, DateTime WriteTime) Stamp(string filePath)
    {
        var info = new FileInfo(filePath);
        if (!info.Exists)
            throw new FileNotFoundException($"The model file '{filePath}' does not exist.", filePath);
        return (info.Length, info.LastWriteTimeUtc);
    }
}
