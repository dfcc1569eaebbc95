namespace Qhml.MLNet.Data;

/// <summary>Finds the names closest to a misspelt one, for "unknown drug" messages.</summary>
internal static class DrugNameSuggester
{
    /// <summary>The <paramref name="count"/> names nearest to <paramref name="query"/>: case-insensitive equality first,
    /// then names containing it (or contained in it), then by case-insensitive edit distance; ties by name.</summary>
    public static string[] Closest(string query, IEnumerable<string> names, int count)
    {
        var q = query.Trim().ToLowerInvariant();
        return names
            .Select(name => (Name: name, Score: Score(q, name.ToLowerInvariant())))
            .OrderBy(x => x.Score)
            .ThenBy(x => x.Name, StringComparer.Ordinal)
            .Take(count)
            .Select(x => x.Name)
            .ToArray();
    }

    private static int Score(string query, string name)
    {
        if (query == name)
            return 0;
        var distance = Levenshtein(query, name);
        // A containment is a strong hint ("venetoclax" for "Venetoclax (ABT-199)"), rank it ahead of typos.
        return query.Length > 0 && (name.Contains(query, StringComparison.Ordinal) || query.Contains(name, StringComparison.Ordinal))
            ? 1 + distance
            : 1000 + distance;
    }

    internal static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
