namespace Qhml.MLNet.Loading;

/// <summary>
/// An in-memory stream that throws instead of returning 0 when read past its end. ML.NET's array readers
/// (<c>Utils.ReadIntArray</c> and friends) loop until they have the count they read from the file and treat 0 bytes
/// as "try again", so a corrupt count spins forever on an ordinary stream; on this one it ends in an error.
/// </summary>
internal sealed class EndOfStreamCheckingStream(byte[] buffer) : MemoryStream(buffer, writable: false)
{
    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count)
    {
        int read = base.Read(buffer, offset, count);
        return read > 0 || count == 0 ? read : throw EndOfData();
    }

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        int read = base.Read(buffer);
        return read > 0 || buffer.IsEmpty ? read : throw EndOfData();
    }

    private EndOfStreamException EndOfData()
        => new(FormattableString.Invariant($"The data ends at byte {Length}, but the reader asked for more: a stored count or length is corrupt."));
}
