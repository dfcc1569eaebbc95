namespace Qhml.MLNet.Data;

/// <summary>Returns one string instance per distinct text, looked up by span so that repeated ids
/// (82,833 response rows name only 580 cell lines and 170 drugs) allocate nothing.</summary>
internal sealed class StringPool
{
    private readonly HashSet<string> _strings = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public StringPool() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Get(ReadOnlySpan<char> text)
    {
        if (_lookup.TryGetValue(text, out var existing))
            return existing;
        var created = text.ToString();
        _strings.Add(created);
        return created;
    }
}
