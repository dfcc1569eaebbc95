using System.Text;

namespace Qhml.MLNet.Experiments;

/// <summary>
/// The option values of one trial, by option name. Written as <c>Name=value;Name=value</c> in the
/// results file (invariant culture, declaration order).
/// </summary>
public sealed class TrialConfiguration
{
    private readonly KeyValuePair<string, object>[] _values;

    /// <summary>Creates a configuration from name/value pairs.</summary>
    /// <param name="values">The values, in the space's order.</param>
    public TrialConfiguration(IEnumerable<KeyValuePair<string, object>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = values.ToArray();
    }

    /// <summary>The values, in the space's order.</summary>
    public IReadOnlyList<KeyValuePair<string, object>> Values => _values;

    /// <summary>The value of <paramref name="name"/>.</summary>
    /// <param name="name">Option name.</param>
    /// <exception cref="KeyNotFoundException">No such option in this configuration.</exception>
    public object this[string name]
        => _values.FirstOrDefault(v => v.Key == name) is { Key: not null } kv ? kv.Value
            : throw new KeyNotFoundException($"The configuration has no option '{name}' (it has {string.Join(", ", _values.Select(v => v.Key))}).");

    /// <summary>Whether the configuration sets <paramref name="name"/>.</summary>
    /// <param name="name">Option name.</param>
    /// <returns>True if set.</returns>
    public bool Contains(string name) => _values.Any(v => v.Key == name);

    /// <summary>A copy with <paramref name="name"/> set to <paramref name="value"/> (added at the end if absent).</summary>
    /// <param name="name">Option name.</param>
    /// <param name="value">The value.</param>
    /// <returns>The new configuration.</returns>
    public TrialConfiguration With(string name, object value)
    {
        var list = _values.ToList();
        int i = list.FindIndex(v => v.Key == name);
        if (i >= 0)
            list[i] = new(name, value);
        else
            list.Add(new(name, value));
        return new TrialConfiguration(list);
    }

    /// <summary>Writes <c>Name=value;...</c> with each value formatted by its parameter in <paramref name="space"/>.</summary>
    /// <param name="space">The space the values belong to (parameters outside it are written with invariant ToString).</param>
    /// <returns>The text.</returns>
    public string Format(ExperimentSearchSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        var text = new StringBuilder();
        foreach (var (name, value) in _values)
        {
            if (text.Length > 0)
                text.Append(';');
            string formatted = space.Find(name)?.Format(value) ?? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
            text.Append(name).Append('=').Append(formatted);
        }
        return text.ToString();
    }

    /// <summary>Reads text written by <see cref="Format"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="space">The space the values belong to; every name must be in it.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="FormatException">A part is malformed, names an unknown option or holds a bad value.</exception>
    public static TrialConfiguration Parse(string text, ExperimentSearchSpace space)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(space);
        var values = new List<KeyValuePair<string, object>>();
        foreach (string part in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
                throw new FormatException($"Configuration part '{part}' is not Name=value.");
            string name = part[..eq];
            SearchParameter parameter = space.Find(name)
                ?? throw new FormatException($"Configuration names option '{name}', which is not in the search space ({string.Join(", ", space.Parameters.Select(p => p.Name))}).");
            values.Add(new(name, parameter.Parse(part[(eq + 1)..])));
        }
        return new TrialConfiguration(values);
    }

    /// <inheritdoc/>
    public override string ToString()
        => string.Join(";", _values.Select(v => v.Key + "=" + Convert.ToString(v.Value, System.Globalization.CultureInfo.InvariantCulture)));
}
