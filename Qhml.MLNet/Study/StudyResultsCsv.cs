using System.Globalization;
using System.Text;

namespace Qhml.MLNet.Study;

/// <summary>Writes study results as CSV, one row per run, numbers in the invariant culture.</summary>
public static class StudyResultsCsv
{
    /// <summary>The header row, in column order.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "dataset", "model", "train_size", "seed_index", "split_seed", "model_seed", "test_size",
        "rmse", "mae", "pearson", "spearman", "r2", "diverged", "validation_rose_after_epoch1", "failed", "saturation_fraction",
        "epochs", "initial_validation_loss", "first_validation_loss", "last_validation_loss", "last_training_loss", "seconds", "error",
    ];

    /// <summary>Writes the results to a file (UTF-8, '\n' line ends), replacing it.</summary>
    /// <param name="path">File path.</param>
    /// <param name="results">Run results.</param>
    public static void Write(string path, IEnumerable<StudyRunResult> results)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        Write(writer, results);
    }

    /// <summary>Writes the results to a text writer.</summary>
    /// <param name="writer">Destination.</param>
    /// <param name="results">Run results.</param>
    public static void Write(TextWriter writer, IEnumerable<StudyRunResult> results)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(results);
        writer.Write(string.Join(',', Columns));
        writer.Write('\n');
        foreach (StudyRunResult r in results)
        {
            IReadOnlyList<double> validation = r.Diagnostics?.ValidationLosses ?? [];
            IReadOnlyList<double> training = r.Diagnostics?.TrainingLosses ?? [];
            string[] cells =
            [
                Escape(r.Run.Dataset), Escape(r.Run.Model), Int(r.Run.TrainSize), Int(r.Run.SeedIndex),
                Int(r.Run.SplitSeed), Int(r.Run.ModelSeed), Int(r.TestSize),
                Num(r.Scores.Rmse), Num(r.Scores.Mae), Num(r.Scores.Pearson), Num(r.Scores.Spearman), Num(r.Scores.RSquared),
                r.Diverged ? "true" : "false", r.Diagnostics?.ValidationRoseAfterFirstEpoch == true ? "true" : "false", r.Failed ? "true" : "false", Num(r.SaturationFraction),
                Int(Math.Max(training.Count, validation.Count)),
                Num(r.Diagnostics?.InitialValidationLoss ?? double.NaN),
                validation.Count > 0 ? Num(validation[0]) : "", validation.Count > 0 ? Num(validation[^1]) : "",
                training.Count > 0 ? Num(training[^1]) : "",
                Num(r.Duration.TotalSeconds), Escape(r.Error ?? ""),
            ];
            writer.Write(string.Join(',', cells));
            writer.Write('\n');
        }
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    // "R" round-trips; NaN is written as an empty cell so spreadsheets and pandas read it as missing.
    private static string Num(double value) => double.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Escape(string text)
        => text.AsSpan().IndexOfAny(",\"\n\r") < 0 ? text : "\"" + text.Replace("\"", "\"\"") + "\"";
}
