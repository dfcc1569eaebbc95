using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Qhml.MLNet.Samples.Cli;

/// <summary>Option factories shared by the commands, with parsers that give clear errors.</summary>
internal static class CliOptions
{
    /// <summary>A comma-separated list of integers, each at least <paramref name="min"/> (repeating the option also works).</summary>
    public static Option<int[]> IntList(string name, string description, int[] defaults, int min)
        => new(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaults,
            CustomParser = result =>
            {
                if (result.Tokens.Count == 0)
                    return defaults;
                var values = new List<int>();
                foreach (string part in SplitList(result))
                {
                    if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value < min)
                    {
                        result.AddError($"{name}: '{part}' is not an integer >= {min}. Expected a comma-separated list such as {string.Join(',', defaults)}.");
                        return defaults;
                    }
                    values.Add(value);
                }
                if (values.Count == 0)
                    result.AddError($"{name}: the list is empty.");
                return values.Distinct().ToArray();
            },
        };

    /// <summary>A comma-separated list of names (repeating the option also works).</summary>
    public static Option<string[]> NameList(string name, string description)
        => new(name)
        {
            Description = description,
            DefaultValueFactory = _ => [],
            CustomParser = result =>
            {
                string[] names = SplitList(result).ToArray();
                if (result.Tokens.Count > 0 && names.Length == 0)
                    result.AddError($"{name}: the list is empty.");
                return names;
            },
        };

    /// <summary>An integer option with a lower bound.</summary>
    public static Option<int> Int(string name, string description, int defaultValue, int min)
        => new(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result =>
            {
                if (result.Tokens.Count == 0)
                    return defaultValue;
                string text = result.Tokens[0].Value;
                if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value < min)
                {
                    result.AddError($"{name}: '{text}' is not an integer >= {min}.");
                    return defaultValue;
                }
                return value;
            },
        };

    private static IEnumerable<string> SplitList(ArgumentResult result)
        => result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
}
