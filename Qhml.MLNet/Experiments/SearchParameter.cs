using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Qhml.MLNet.Experiments;

/// <summary>
/// One dimension of an <see cref="ExperimentSearchSpace"/>: a named option with a range or a list of
/// choices and a default. Tuners see every dimension as the unit interval (<see cref="ToUnit"/>,
/// <see cref="FromUnit"/>), log-scaled where the range asks for it.
/// </summary>
public sealed class SearchParameter
{
    private SearchParameter(string name, Type valueType, SearchParameterKind kind, double min, double max, bool logScale,
        IReadOnlyList<object> choices, object defaultValue)
    {
        Name = name;
        ValueType = valueType;
        Kind = kind;
        Min = min;
        Max = max;
        LogScale = logScale;
        Choices = choices;
        Default = defaultValue;
    }

    /// <summary>The option's name (a field or property of the trainer's options).</summary>
    public string Name { get; }

    /// <summary>The option's type (int, double, float, an enum, bool...).</summary>
    public Type ValueType { get; }

    /// <summary>Range or choice.</summary>
    public SearchParameterKind Kind { get; }

    /// <summary>Lower bound of a range (unused for a choice).</summary>
    public double Min { get; }

    /// <summary>Upper bound of a range (unused for a choice).</summary>
    public double Max { get; }

    /// <summary>Whether the range is searched on a log scale.</summary>
    public bool LogScale { get; }

    /// <summary>The candidates of a choice (empty for a range).</summary>
    public IReadOnlyList<object> Choices { get; }

    /// <summary>The default value (the attribute's initial value).</summary>
    public object Default { get; }

    /// <summary>An integer range.</summary>
    /// <param name="name">Option name.</param>
    /// <param name="min">Lower bound.</param>
    /// <param name="max">Upper bound.</param>
    /// <param name="defaultValue">Default, within the bounds.</param>
    /// <param name="logScale">Search on a log scale (needs min &gt; 0).</param>
    /// <returns>The parameter.</returns>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name",
        Justification = "Names the kind of range (integer vs. real), as the search space's documentation does; no type is meant.")]
    public static SearchParameter Integer(string name, int min, int max, int defaultValue, bool logScale = false)
        => Range(name, typeof(int), SearchParameterKind.IntegerRange, min, max, defaultValue, logScale);

    /// <summary>A real range of <paramref name="valueType"/> (double or float).</summary>
    /// <param name="name">Option name.</param>
    /// <param name="valueType">double or float.</param>
    /// <param name="min">Lower bound.</param>
    /// <param name="max">Upper bound.</param>
    /// <param name="defaultValue">Default, within the bounds.</param>
    /// <param name="logScale">Search on a log scale (needs min &gt; 0).</param>
    /// <returns>The parameter.</returns>
    public static SearchParameter Real(string name, Type valueType, double min, double max, double defaultValue, bool logScale = false)
        => Range(name, valueType, SearchParameterKind.RealRange, min, max, valueType == typeof(float) ? (object)(float)defaultValue : defaultValue, logScale);

    /// <summary>A choice among <paramref name="choices"/>.</summary>
    /// <param name="name">Option name.</param>
    /// <param name="valueType">The type every candidate has.</param>
    /// <param name="choices">The candidates (at least one).</param>
    /// <param name="defaultValue">The default, one of the candidates.</param>
    /// <returns>The parameter.</returns>
    public static SearchParameter Choice(string name, Type valueType, IReadOnlyList<object> choices, object defaultValue)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(choices);
        if (choices.Count == 0)
            throw new ArgumentException($"Search parameter '{name}': the choice has no candidates.", nameof(choices));
        foreach (object c in choices)
            if (c is null || c.GetType() != valueType)
                throw new ArgumentException($"Search parameter '{name}': candidate '{c}' is not a {valueType.Name}.", nameof(choices));
        if (!choices.Contains(defaultValue))
            throw new ArgumentException($"Search parameter '{name}': the default '{defaultValue}' is not one of the candidates.", nameof(defaultValue));
        return new SearchParameter(name, valueType, SearchParameterKind.Choice, 0, choices.Count - 1, false, choices.ToArray(), defaultValue);
    }

    private static SearchParameter Range(string name, Type valueType, SearchParameterKind kind, double min, double max, object defaultValue, bool logScale)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        double d = Convert.ToDouble(defaultValue, CultureInfo.InvariantCulture);
        if (!(min < max) || !double.IsFinite(min) || !double.IsFinite(max))
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Search parameter '{name}': the range [{min}, {max}] is empty or not finite."));
        if (logScale && min <= 0)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Search parameter '{name}': a log-scaled range needs min > 0 (got {min})."));
        if (d < min || d > max)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Search parameter '{name}': the default {d} is outside [{min}, {max}]."));
        return new SearchParameter(name, valueType, kind, min, max, logScale, [], defaultValue);
    }

    /// <summary>This range with new bounds (the default clamped into them), e.g. to fit a small budget.</summary>
    /// <param name="min">New lower bound.</param>
    /// <param name="max">New upper bound.</param>
    /// <returns>The narrowed parameter.</returns>
    /// <exception cref="InvalidOperationException">This parameter is a choice.</exception>
    public SearchParameter WithRange(double min, double max)
    {
        if (Kind == SearchParameterKind.Choice)
            throw new InvalidOperationException($"Search parameter '{Name}' is a choice ({string.Join(", ", Choices.Select(Format))}); only ranges take new bounds.");
        double d = Math.Clamp(Convert.ToDouble(Default, CultureInfo.InvariantCulture), min, max);
        return Kind == SearchParameterKind.IntegerRange
            ? Integer(Name, (int)Math.Round(min), (int)Math.Round(max), (int)Math.Round(d), LogScale)
            : Real(Name, ValueType, min, max, d, LogScale);
    }

    /// <summary>Maps a value of this parameter to [0, 1] (a choice maps to the middle of its cell).</summary>
    /// <param name="value">A value of <see cref="ValueType"/>.</param>
    /// <returns>The unit coordinate.</returns>
    public double ToUnit(object value)
    {
        if (Kind == SearchParameterKind.Choice)
            return (IndexOf(value) + 0.5) / Choices.Count;
        double v = Convert.ToDouble(value, CultureInfo.InvariantCulture);
        double u = LogScale ? (Math.Log(v) - Math.Log(Min)) / (Math.Log(Max) - Math.Log(Min)) : (v - Min) / (Max - Min);
        return Math.Clamp(u, 0, 1);
    }

    /// <summary>Maps a unit coordinate back to a value (integers rounded, choices by cell).</summary>
    /// <param name="unit">A number in [0, 1] (clamped).</param>
    /// <returns>The value, of <see cref="ValueType"/>.</returns>
    public object FromUnit(double unit)
    {
        double u = Math.Clamp(unit, 0, 1);
        if (Kind == SearchParameterKind.Choice)
            return Choices[Math.Min(Choices.Count - 1, (int)(u * Choices.Count))];
        double v = LogScale ? Math.Exp(Math.Log(Min) + u * (Math.Log(Max) - Math.Log(Min))) : Min + u * (Max - Min);
        v = Math.Clamp(v, Min, Max);
        if (Kind == SearchParameterKind.IntegerRange)
            return (int)Math.Round(v);
        return ValueType == typeof(float) ? (object)(float)v : v;
    }

    /// <summary>Index of <paramref name="value"/> among the <see cref="Choices"/>.</summary>
    /// <param name="value">A candidate.</param>
    /// <returns>Its index.</returns>
    /// <exception cref="ArgumentException">Not a candidate.</exception>
    public int IndexOf(object value)
    {
        for (int i = 0; i < Choices.Count; i++)
            if (Choices[i].Equals(value))
                return i;
        throw new ArgumentException($"'{value}' is not a candidate of search parameter '{Name}' ({string.Join(", ", Choices)}).", nameof(value));
    }

    /// <summary>Writes a value in invariant culture (round-trip for reals).</summary>
    /// <param name="value">A value of <see cref="ValueType"/>.</param>
    /// <returns>The text.</returns>
    [SuppressMessage("Performance", "CA1822:Mark members as static",
        Justification = "Public API read as parameter.Format(value), beside its instance Parse.")]
    public string Format(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Reads a value written by <see cref="Format"/>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The value, of <see cref="ValueType"/>.</returns>
    /// <exception cref="FormatException">The text is no value of this parameter.</exception>
    public object Parse(string text)
    {
        if (Kind == SearchParameterKind.Choice)
        {
            foreach (object c in Choices)
                if (string.Equals(Format(c), text, StringComparison.Ordinal))
                    return c;
            throw new FormatException($"'{text}' is not a candidate of search parameter '{Name}' ({string.Join(", ", Choices.Select(Format))}).");
        }
        try
        {
            object value = Kind == SearchParameterKind.IntegerRange
                ? int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture)
                        : ValueType == typeof(float) ? (object)float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            return value;
        }
        catch (FormatException)
        {
            throw new FormatException($"'{text}' is not a {(Kind == SearchParameterKind.IntegerRange ? "integer" : "number")} for search parameter '{Name}'.");
        }
    }
}
