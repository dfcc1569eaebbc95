using System.Globalization;
using System.Text;

namespace Qhml.MLNet.Study;

/// <summary>
/// The CSV row of a study run (one row per run, numbers in the invariant culture) and a plain header + rows
/// export. Every row holds all a report needs (metrics, per-epoch losses, the interface histogram, the test
/// predictions), so a run read back from a row draws the same tables and figures as the run in memory; the
/// resumable results file with its settings line is <see cref="StudyResultsFile"/>.
/// </summary>
public static class StudyResultsCsv
{
    /// <summary>The header row, in column order.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "dataset", "model", "train_size", "seed_index", "split_seed", "model_seed", "test_size",
        "rmse", "mae", "pearson", "spearman", "r2", "diverged", "validation_rose_after_epoch1", "failed", "saturation_fraction",
        "epochs", "initial_validation_loss", "first_validation_loss", "last_validation_loss", "last_training_loss", "seconds", "error",
        "training_losses", "validation_losses", "interface_bin_edges", "interface_counts", "observed", "predicted",
    ];

    /// <summary>The header line.</summary>
    internal static string Header { get; } = string.Join(',', Columns);

    /// <summary>Writes the results to a file (UTF-8, '\n' line ends), replacing it: the header, then one row per run.</summary>
    /// <param name="path">File path.</param>
    /// <param name="results">Run results.</param>
    public static void Write(string path, IEnumerable<StudyRunResult> results)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        Write(writer, results);
    }

    /// <summary>Writes the header, then one row per run, to a text writer.</summary>
    /// <param name="writer">Destination.</param>
    /// <param name="results">Run results.</param>
    public static void Write(TextWriter writer, IEnumerable<StudyRunResult> results)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(results);
        writer.Write(Header);
        writer.Write('\n');
        foreach (StudyRunResult r in results)
        {
            writer.Write(FormatRow(r));
            writer.Write('\n');
        }
    }

    /// <summary>One run as a CSV line (without its line end); it never contains a line break.</summary>
    internal static string FormatRow(StudyRunResult r)
    {
        IReadOnlyList<double> validation = r.Diagnostics?.ValidationLosses ?? [];
        IReadOnlyList<double> training = r.Diagnostics?.TrainingLosses ?? [];
        InterfaceHistogram? histogram = r.Diagnostics?.InterfaceHistogram;
        string[] cells =
        [
            Escape(r.Run.Dataset), Escape(r.Run.Model), Int(r.Run.TrainSize), Int(r.Run.SeedIndex),
            Int(r.Run.SplitSeed), Int(r.Run.ModelSeed), Int(r.TestSize),
            Num(r.Scores.Rmse), Num(r.Scores.Mae), Num(r.Scores.Pearson), Num(r.Scores.Spearman), Num(r.Scores.RSquared),
            Bool(r.Diverged), Bool(r.Diagnostics?.ValidationRoseAfterFirstEpoch == true), Bool(r.Failed), Num(r.SaturationFraction),
            Int(Math.Max(training.Count, validation.Count)),
            Num(r.Diagnostics?.InitialValidationLoss ?? double.NaN),
            validation.Count > 0 ? Num(validation[0]) : "", validation.Count > 0 ? Num(validation[^1]) : "",
            training.Count > 0 ? Num(training[^1]) : "",
            Num(r.Duration.TotalSeconds), Escape(r.Error ?? ""),
            List(training), List(validation), List(histogram?.BinEdges ?? []), List(histogram?.Counts ?? []),
            List(r.Observed), List(r.Predicted),
        ];
        return string.Join(',', cells);
    }

    /// <summary>Reads a run back from a line written by <see cref="FormatRow"/>.</summary>
    /// <exception cref="FormatException">The line has the wrong number of fields or a field does not parse (the message names the column).</exception>
    internal static StudyRunResult ParseRow(string line)
    {
        List<string> f = SplitFields(line);
        if (f.Count != Columns.Count)
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"expected {Columns.Count} fields, found {f.Count}."));
        int column = 0;
        try
        {
            string Next() => f[column++];
            var run = new StudyRun(Next(), Next(), ParseInt(Next()), ParseInt(Next()), ParseInt(Next()), ParseInt(Next()));
            int testSize = ParseInt(Next());
            var scores = new RegressionScores(ParseNum(Next()), ParseNum(Next()), ParseNum(Next()), ParseNum(Next()), ParseNum(Next()));
            bool diverged = ParseBool(Next());
            column++; // validation_rose_after_epoch1: derived from the losses
            bool failed = ParseBool(Next());
            double saturation = ParseNum(Next());
            column++; // epochs: derived
            double initialValidation = ParseNum(Next());
            column += 3; // first/last validation loss, last training loss: derived
            double seconds = ParseNum(Next());
            string error = Next();
            double[] training = ParseList(Next()), validation = ParseList(Next()), edges = ParseList(Next()), counts = ParseList(Next());
            float[] observed = ParseFloats(Next()), predicted = ParseFloats(Next());

            bool hasDiagnostics = training.Length > 0 || validation.Length > 0 || edges.Length > 0 || !double.IsNaN(saturation) || !double.IsNaN(initialValidation);
            RunDiagnostics? diagnostics = hasDiagnostics
                ? new RunDiagnostics(training, validation, saturation, edges.Length > 0 ? new InterfaceHistogram(edges, counts) : null) { InitialValidationLoss = initialValidation }
                : null;
            return new StudyRunResult(run, testSize, scores, diverged, diagnostics, observed, predicted,
                failed ? error : null, TimeSpan.FromSeconds(double.IsFinite(seconds) ? seconds : 0));
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new FormatException($"column '{Columns[Math.Max(0, column - 1)]}': {e.Message}", e);
        }
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Bool(bool value) => value ? "true" : "false";

    // "R" round-trips; NaN is written as an empty cell so spreadsheets and pandas read it as missing.
    private static string Num(double value) => double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);

    // Lists are ';'-separated; inside a list NaN is spelled out, so [] and [NaN] stay apart.
    private static string List(IReadOnlyList<double> values)
        => string.Join(';', values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

    private static string Escape(string text)
    {
        text = text.Replace('\r', ' ').Replace('\n', ' '); // a row is one line, whatever an error message holds
        return text.AsSpan().IndexOfAny(",\"") < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    // Predictions stay floats: their shortest round-trip text is about half a double's.
    private static string List(IReadOnlyList<float> values)
        => string.Join(';', values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

    private static float[] ParseFloats(string s) => s.Length == 0 ? [] : s.Split(';').Select(v => float.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();

    private static int ParseInt(string s) => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static double ParseNum(string s) => s.Length == 0 ? double.NaN : double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static double[] ParseList(string s) => s.Length == 0 ? [] : s.Split(';').Select(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();

    private static bool ParseBool(string s) => s switch
    {
        "true" => true,
        "false" => false,
        _ => throw new FormatException($"'{s}' is not true or false."),
    };

    /// <summary>Splits a line into fields; a field may be double-quoted with "" for a quote (what <see cref="Escape"/> writes).</summary>
    private static List<string> SplitFields(string line)
    {
        var fields = new List<string>();
        int start = 0;
        while (true)
        {
            if (start < line.Length && line[start] == '"')
            {
                var text = new StringBuilder();
                int i = start + 1;
                while (true)
                {
                    int quote = line.IndexOf('"', i);
                    if (quote < 0)
                        throw new FormatException("a quoted field is not closed.");
                    text.Append(line, i, quote - i);
                    if (quote + 1 < line.Length && line[quote + 1] == '"')
                    {
                        text.Append('"');
                        i = quote + 2;
                        continue;
                    }
                    i = quote + 1;
                    break;
                }
                fields.Add(text.ToString());
                if (i == line.Length)
                    return fields;
                if (line[i] != ',')
                    throw new FormatException("a quoted field is followed by text before the next comma.");
                start = i + 1;
            }
            else
            {
                int comma = line.IndexOf(',', start);
                fields.Add(comma < 0 ? line[start..] : line[start..comma]);
                if (comma < 0)
                    return fields;
                start = comma + 1;
            }
        }
    }
}
