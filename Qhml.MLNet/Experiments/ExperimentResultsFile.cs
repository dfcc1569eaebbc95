using System.Globalization;
using System.Text;

namespace Qhml.MLNet.Experiments;

/// <summary>
/// The append-only results file of an experiment (CSV, invariant culture): a first line
/// <c># experiment: ...</c> naming what makes trials comparable (metric, seed, folds, tuner, families),
/// a header, then one row per finished trial, flushed as it finishes, so cancelling or killing the
/// process loses nothing but the trials that were running. Shard files of one experiment merge into one.
/// </summary>
public static class ExperimentResultsFile
{
    private const string IdentityPrefix = "# experiment: ";

    /// <summary>The CSV header.</summary>
    public const string Header = "trial,family,rung,status,metric_mean,metric_sd,fold_metrics,seconds,finished_at,seed,configuration,error";

    /// <summary>Reads a results file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The experiment identity line (without the prefix) and the trials, by id.</returns>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="FormatException">Not a results file, or a malformed row (the message names the line). A last line without its newline (a write cut by a kill) is ignored.</exception>
    public static (string Identity, IReadOnlyList<TrialResult> Trials) Read(string path)
    {
        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new FileNotFoundException($"The results file '{full}' does not exist.", full);
        string text = File.ReadAllText(full, Encoding.UTF8);
        string[] lines = text.Split('\n');
        // The element after the last '\n' is either empty or a row whose write was cut short.
        int complete = lines.Length - 1;
        if (complete < 2 || !lines[0].StartsWith(IdentityPrefix, StringComparison.Ordinal) || lines[1].TrimEnd('\r') != Header)
            throw new FormatException($"'{full}' is not an experiment results file: it should start with '{IdentityPrefix}...' and the header '{Header}'.");
        string identity = lines[0][IdentityPrefix.Length..].TrimEnd('\r');
        var trials = new List<TrialResult>();
        for (int i = 2; i < complete; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
                continue;
            try
            {
                trials.Add(ParseRow(line));
            }
            catch (Exception e) when (e is FormatException or IndexOutOfRangeException or OverflowException)
            {
                throw new FormatException($"'{full}', line {i + 1}: {e.Message}", e);
            }
        }
        return (identity, trials.OrderBy(t => t.TrialId).ToArray());
    }

    /// <summary>Starts a new results file (identity line and header); fails if it exists.</summary>
    /// <param name="path">The file.</param>
    /// <param name="identity">The experiment identity.</param>
    public static void Create(string path, string identity)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false));
        writer.Write(IdentityPrefix + identity + "\n" + Header + "\n");
    }

    /// <summary>Appends one trial row and flushes it to disk.</summary>
    /// <param name="path">The file.</param>
    /// <param name="trial">The trial.</param>
    public static void Append(string path, TrialResult trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        byte[] bytes = new UTF8Encoding(false).GetBytes(FormatRow(trial) + "\n");
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Writes a complete file (identity, header, the trials by id).</summary>
    /// <param name="path">The file (overwritten).</param>
    /// <param name="identity">The experiment identity.</param>
    /// <param name="trials">The trials.</param>
    public static void Write(string path, string identity, IEnumerable<TrialResult> trials)
    {
        var text = new StringBuilder().Append(IdentityPrefix).Append(identity).Append('\n').Append(Header).Append('\n');
        foreach (TrialResult t in trials.OrderBy(t => t.TrialId))
            text.Append(FormatRow(t)).Append('\n');
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
    }

    /// <summary>
    /// Merges the results files of the shards of one experiment into <paramref name="outputPath"/>. Every
    /// file must carry the same identity; a trial present in several files must have the same outcome.
    /// </summary>
    /// <param name="shardPaths">The shard files.</param>
    /// <param name="outputPath">The merged file (overwritten).</param>
    /// <returns>The merged trials, by id.</returns>
    /// <exception cref="ArgumentException">No files, or the files come from different experiments or disagree on a trial.</exception>
    public static IReadOnlyList<TrialResult> Merge(IReadOnlyList<string> shardPaths, string outputPath)
    {
        ArgumentNullException.ThrowIfNull(shardPaths);
        if (shardPaths.Count == 0)
            throw new ArgumentException("Merge needs at least one results file.", nameof(shardPaths));
        string? identity = null;
        var byId = new SortedDictionary<int, TrialResult>();
        foreach (string path in shardPaths)
        {
            var (id, trials) = Read(path);
            if (identity is not null && id != identity)
                throw new ArgumentException($"'{path}' comes from a different experiment:\n  {id}\nexpected\n  {identity}");
            identity = id;
            foreach (TrialResult t in trials)
            {
                if (byId.TryGetValue(t.TrialId, out var seen) && !seen.SameOutcome(t))
                    throw new ArgumentException($"Trial {t.TrialId} appears in two files with different outcomes ('{path}').");
                byId.TryAdd(t.TrialId, t);
            }
        }
        Write(outputPath, identity!, byId.Values);
        return byId.Values.ToArray();
    }

    private static string FormatRow(TrialResult t)
        => string.Join(',',
            Int(t.TrialId), Csv(t.Family), Int(t.Rung), t.Status.ToString(), Num(t.MetricMean), Num(t.MetricStandardDeviation),
            string.Join(';', t.FoldMetrics.Select(Num)), Num(t.TrainingSeconds), Num(t.FinishedAtSeconds), Int(t.Seed),
            Csv(t.Configuration), Csv(t.Error ?? ""));

    private static TrialResult ParseRow(string line)
    {
        string[] f = SplitCsv(line);
        if (f.Length != 12)
            throw new FormatException($"expected 12 fields, found {f.Length}.");
        var status = Enum.Parse<TrialStatus>(f[3]);
        double[] folds = f[6].Length == 0 ? [] : f[6].Split(';').Select(ParseNum).ToArray();
        return new TrialResult(ParseInt(f[0]), f[1], ParseInt(f[2]), f[10], ParseInt(f[9]), status, folds,
            ParseNum(f[7]), ParseNum(f[8]), f[11].Length == 0 ? null : f[11]);
    }

    private static string Int(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string Num(double v) => double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture);

    private static int ParseInt(string s) => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static double ParseNum(string s) => s.Length == 0 ? double.NaN : double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Quotes a CSV field that holds a comma or quote (RFC 4180); line breaks become spaces so a row stays one line.</summary>
    /// <param name="s">The field.</param>
    /// <returns>The field as written.</returns>
    public static string Csv(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        s = s.Replace('\r', ' ').Replace('\n', ' ');
        return s.IndexOfAny([',', '"']) >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
    }

    private static string[] SplitCsv(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                    quoted = false;
                else
                    field.Append(c);
            }
            else if (c == '"')
                quoted = true;
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
                field.Append(c);
        }
        if (quoted)
            throw new FormatException("a quoted field is not closed.");
        fields.Add(field.ToString());
        return fields.ToArray();
    }
}
