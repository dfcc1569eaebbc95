using System.Globalization;
using System.Text;

namespace Qhml.MLNet.Study;

/// <summary>
/// The settings line of a study: <c>key=value</c> parts joined by ';', list items by '|'. It names everything that
/// decides which runs a study makes and what they compute (data sets with a fingerprint of their values, models,
/// sizes, split indices, base seed), and nothing that does not (parallelism, shard), so the shards of one study
/// share it and a resume with other settings is refused.
/// </summary>
internal static class StudyIdentity
{
    public static string Build(IReadOnlyList<StudyDataset> datasets, IReadOnlyList<ModelSpec> models, StudyOptions options)
    {
        string Join<T>(IEnumerable<T> items, Func<T, string> text) => string.Join('|', items.Select(i => Escape(text(i))));
        return string.Create(CultureInfo.InvariantCulture,
            $"datasets={Join(datasets, d => d.Name)};data={Join(datasets, Fingerprint)};models={Join(models, m => m.Name)};sizes={Join(options.TrainSizes, s => s.ToString(CultureInfo.InvariantCulture))};seeds={options.FirstSeedIndex}..{options.FirstSeedIndex + options.Seeds - 1};base_seed={options.BaseSeed}");
    }

    /// <summary>The parts of a settings line by key (values still escaped).</summary>
    public static Dictionary<string, string> Parts(string identity)
    {
        var parts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string part in identity.Split(';'))
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
                parts[part[..equals]] = part[(equals + 1)..];
        }
        return parts;
    }

    /// <summary>Runs in the order a study with these settings plans them: data set, size, split index, model.</summary>
    /// <exception cref="FormatException">The settings line does not name data sets, models and sizes.</exception>
    public static StudyRunResult[] Order(string identity, IEnumerable<StudyRunResult> runs)
    {
        Dictionary<string, string> parts = Parts(identity);
        string[] Items(string key) => parts.TryGetValue(key, out string? value) ? value.Split('|').Select(Unescape).ToArray()
            : throw new FormatException($"The study settings line does not name its {key}: '{identity}'.");
        string[] datasets = Items("datasets"), models = Items("models"), sizes = Items("sizes");
        // Unknown names sort last (int.MaxValue) rather than fail: the order is for reading, the rows are what they are.
        int Position(string[] list, string item) => Array.IndexOf(list, item) is int i and >= 0 ? i : int.MaxValue;
        return runs.OrderBy(r => Position(datasets, r.Run.Dataset))
            .ThenBy(r => Position(sizes, r.Run.TrainSize.ToString(CultureInfo.InvariantCulture)))
            .ThenBy(r => r.Run.SeedIndex)
            .ThenBy(r => Position(models, r.Run.Model))
            .ToArray();
    }

    /// <summary>Rows x features and an FNV-1a hash of every label and feature value: another data folder gives another study.</summary>
    private static string Fingerprint(StudyDataset dataset)
    {
        uint hash = 2166136261;
        void Add(float value)
        {
            uint bits = BitConverter.SingleToUInt32Bits(value);
            for (int shift = 0; shift < 32; shift += 8)
            {
                hash ^= (bits >> shift) & 0xFF;
                hash *= 16777619;
            }
        }
        for (int row = 0; row < dataset.RowCount; row++)
        {
            Add(dataset.GetLabel(row));
            foreach (float value in dataset.GetFeatures(row))
                Add(value);
        }
        return string.Create(CultureInfo.InvariantCulture, $"{dataset.RowCount}x{dataset.FeatureCount}#{hash:x8}");
    }

    // Names are free text: the separators of the line are escaped so that every name reads back as it was.
    private static string Escape(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (c is '%' or '|' or ';' or '=' or '\r' or '\n')
                result.Append(CultureInfo.InvariantCulture, $"%{(int)c:X2}");
            else
                result.Append(c);
        }
        return result.ToString();
    }

    private static string Unescape(string text) => Uri.UnescapeDataString(text);
}
