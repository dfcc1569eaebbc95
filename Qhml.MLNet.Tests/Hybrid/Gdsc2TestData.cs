using System.Globalization;

namespace Qhml.MLNet.Tests.Hybrid;

/// <summary>
/// Minimal invariant-culture reader of the GDSC2 test data (../shared/data/gdsc2 next to the repository root)
/// for one drug. Split procedure: the drug's cell lines that have expression, sorted by depmap_id (ordinal),
/// shuffled with <c>new Random(seed).Shuffle</c>; the first <c>trainCount</c> train, the rest test.
/// </summary>
internal sealed class Gdsc2TestData
{
    public required int FeatureCount { get; init; }
    public required float[] TrainFeatures { get; init; }
    public required float[] TrainLabels { get; init; }
    public required float[] TestFeatures { get; init; }
    public required float[] TestLabels { get; init; }

    /// <summary>The data folder, or null (with the reason) when absent.</summary>
    public static string? FindDataFolder(out string reason)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Qhml.MLNet.sln")))
            dir = dir.Parent;
        if (dir is null)
        {
            reason = $"no folder holding Qhml.MLNet.sln above {AppContext.BaseDirectory}";
            return null;
        }
        string folder = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", "gdsc2"));
        if (!File.Exists(Path.Combine(folder, "expression.csv")) || !File.Exists(Path.Combine(folder, "response.csv")))
        {
            reason = $"GDSC2 data not found at {folder} (expression.csv, response.csv)";
            return null;
        }
        reason = "";
        return folder;
    }

    public static Gdsc2TestData Load(string folder, string drug, int trainCount, int seed)
    {
        var expression = new Dictionary<string, float[]>(StringComparer.Ordinal);
        int featureCount = 0;
        using (var reader = new StreamReader(Path.Combine(folder, "expression.csv")))
        {
            featureCount = reader.ReadLine()!.Split(',').Length - 1;
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                string[] cells = line.Split(',');
                var values = new float[featureCount];
                for (int j = 0; j < featureCount; j++)
                    values[j] = float.Parse(cells[j + 1], NumberStyles.Float, CultureInfo.InvariantCulture);
                expression[cells[0]] = values;
            }
        }
        var response = new SortedDictionary<string, float>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(Path.Combine(folder, "response.csv")).Skip(1))
        {
            string[] cells = line.Split(',');
            if (cells[1] == drug && expression.ContainsKey(cells[0]))
                response[cells[0]] = float.Parse(cells[2], NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        string[] lines = response.Keys.ToArray();
        new Random(seed).Shuffle(lines);
        string[] train = lines[..trainCount], test = lines[trainCount..];
        return new Gdsc2TestData
        {
            FeatureCount = featureCount,
            TrainFeatures = train.SelectMany(id => expression[id]).ToArray(),
            TrainLabels = train.Select(id => response[id]).ToArray(),
            TestFeatures = test.SelectMany(id => expression[id]).ToArray(),
            TestLabels = test.Select(id => response[id]).ToArray(),
        };
    }
}
