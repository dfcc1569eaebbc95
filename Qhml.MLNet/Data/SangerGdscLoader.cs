using System.Globalization;

namespace Qhml.MLNet.Data;

/// <summary>
/// Loads the files users download from the GDSC project (cancerrxgene.org) into a <see cref="GdscDataset"/>:
/// the GDSC2 fitted dose-response table exported as CSV (columns <c>COSMIC_ID</c>, <c>DRUG_NAME</c>,
/// <c>LN_IC50</c>, ... matched case-insensitively, extra columns ignored) and the Sanger RMA expression matrix
/// <c>Cell_line_RMA_proc_basalExp.txt</c> (tab-separated; columns <c>GENE_SYMBOLS</c>, <c>GENE_title</c>, then one
/// <c>DATA.&lt;COSMIC_ID&gt;</c> column per cell line; genes in rows, transposed here to cell lines in rows).
/// Cell line ids are the COSMIC ids as text (e.g. <c>"906826"</c>).
/// </summary>
/// <remarks>
/// Expression rows with an empty gene symbol (probes without a gene) are skipped and counted; all other
/// problems (ragged row, missing or non-numeric value, duplicate gene, cell line or response) throw
/// <see cref="GdscDataFormatException"/> naming file, line and column. By default each gene is z-scored over
/// the cell lines (mean 0, sample SD 1; a constant gene becomes all zeros) like the project's tidy data.
/// </remarks>
public static class SangerGdscLoader
{
    /// <summary>Options of <see cref="Load"/>.</summary>
    public sealed class Options
    {
        /// <summary>Column of the response table holding the label. Default <c>LN_IC50</c>; <c>AUC</c> also works.</summary>
        public string ResponseColumn { get; set; } = Defaults.ResponseColumn;

        /// <summary>Z-score each gene over the cell lines. Default true.</summary>
        public bool StandardizeGenes { get; set; } = Defaults.StandardizeGenes;

        /// <summary>Genes to keep, in this order (e.g. the 706 of the tidy data); null keeps all named genes in file order.
        /// A listed gene absent from the file is an error.</summary>
        public IReadOnlyList<string>? Genes { get; set; }

        /// <summary>Average repeated (cell line, drug) responses instead of rejecting them. GDSC2 screens a few drugs
        /// twice under different DRUG_IDs with the same name; default false (a repeat is an error naming both lines).</summary>
        public bool AverageDuplicateResponses { get; set; }

        /// <summary>Default values of the options.</summary>
        public static class Defaults
        {
            /// <summary>Default response column.</summary>
            public const string ResponseColumn = "LN_IC50";

            /// <summary>Default for <see cref="StandardizeGenes"/>.</summary>
            public const bool StandardizeGenes = true;
        }
    }

    /// <summary>Prefix of the cell line columns of the RMA matrix.</summary>
    public const string ExpressionColumnPrefix = "DATA.";

    /// <summary>Loads the two GDSC files.</summary>
    /// <param name="doseResponseCsvPath">The GDSC2 fitted dose-response table, as CSV.</param>
    /// <param name="rmaExpressionPath">The RMA expression matrix (<c>Cell_line_RMA_proc_basalExp.txt</c>).</param>
    /// <param name="options">Options; null for the defaults.</param>
    /// <exception cref="FileNotFoundException">A file is missing (the message names it and its path).</exception>
    /// <exception cref="GdscDataFormatException">A file is malformed.</exception>
    public static GdscDataset Load(string doseResponseCsvPath, string rmaExpressionPath, Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(doseResponseCsvPath);
        ArgumentNullException.ThrowIfNull(rmaExpressionPath);
        options ??= new Options();
        var responseFile = DelimitedTextFile.Open(doseResponseCsvPath, ',', "GDSC dose-response");
        var expressionFile = DelimitedTextFile.Open(rmaExpressionPath, '\t', "RMA expression");

        var builder = ReadExpression(expressionFile, options,
            $"GDSC files '{responseFile.Path}' + '{expressionFile.Path}'");
        GdscResponseReader.Read(responseFile, builder, "COSMIC_ID", "DRUG_NAME", options.ResponseColumn,
            (file, fields, column, pool) => pool.Get(ParseCosmicId(file, fields.Current, fields.LineNumber, column)));
        return builder.Build();
    }

    private static GdscDatasetBuilder ReadExpression(DelimitedTextFile file, Options options, string source)
    {
        var lines = file.GetLines();
        var header = file.ReadHeader(ref lines);
        if (header.Length < 3
            || !string.Equals(header[0], "GENE_SYMBOLS", StringComparison.OrdinalIgnoreCase)
            || !string.Equals(header[1], "GENE_title", StringComparison.OrdinalIgnoreCase))
            throw file.Error(1, null,
                $"expected the columns 'GENE_SYMBOLS', 'GENE_title', then '{ExpressionColumnPrefix}<COSMIC_ID>' columns; found: {string.Join(", ", header.Take(3))}.");
        var cellIds = new string[header.Length - 2];
        for (var c = 2; c < header.Length; c++)
            cellIds[c - 2] = ParseCellColumn(file, header[c]);

        // Genes in rows: read them as rows, transpose at the end.
        var geneRows = new List<(string Symbol, float[] Values, int Line)>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        while (lines.MoveNext())
        {
            var fields = file.Fields(lines.Current, lines.LineNumber);
            fields.MoveNext();
            var symbol = fields.CurrentText();
            if (!fields.MoveNext())
                throw file.Ragged(lines.LineNumber, header.Length, 1);
            var values = new float[cellIds.Length];
            for (var c = 0; c < values.Length; c++)
            {
                if (!fields.MoveNext())
                    throw file.Ragged(lines.LineNumber, header.Length, c + 2);
                values[c] = file.ParseFinite(fields.Current, lines.LineNumber, header[c + 2]);
            }
            if (fields.MoveNext())
                throw file.Ragged(lines.LineNumber, header.Length, header.Length + 1 + fields.CountRemaining());
            if (symbol.Length == 0)
                continue; // probes without a gene symbol cannot be named features
            if (seen.TryGetValue(symbol, out var firstLine))
                throw file.Error(lines.LineNumber, header[0],
                    string.Create(CultureInfo.InvariantCulture, $"gene '{symbol}' appears twice (first at line {firstLine}); gene symbols must be unique."));
            seen.Add(symbol, lines.LineNumber);
            geneRows.Add((symbol, values, lines.LineNumber));
        }

        var selected = SelectGenes(file, geneRows, options.Genes);
        if (selected.Count == 0)
            throw file.Error(0, null, "the file has no gene rows with a gene symbol.");
        if (options.StandardizeGenes)
            foreach (var row in selected)
                Standardize(row.Values);

        var builder = new GdscDatasetBuilder([.. selected.Select(r => r.Symbol)], source, options.AverageDuplicateResponses);
        for (var c = 0; c < cellIds.Length; c++)
        {
            var profile = new float[selected.Count];
            for (var g = 0; g < profile.Length; g++)
                profile[g] = selected[g].Values[c];
            var column = header[c + 2];
            builder.AddCellLine(cellIds[c], profile, detail => file.Error(1, column, detail), $"column '{column}'");
        }
        return builder;
    }

    private static List<(string Symbol, float[] Values, int Line)> SelectGenes(
        DelimitedTextFile file, List<(string Symbol, float[] Values, int Line)> rows, IReadOnlyList<string>? genes)
    {
        if (genes is null)
            return rows;
        var bySymbol = rows.ToDictionary(r => r.Symbol, StringComparer.Ordinal);
        var missing = genes.Where(g => !bySymbol.ContainsKey(g)).ToList();
        if (missing.Count > 0)
            throw file.Error(0, "GENE_SYMBOLS",
                string.Create(CultureInfo.InvariantCulture, $"{missing.Count} requested gene(s) are not in the file: {string.Join(", ", missing.Take(10))}{(missing.Count > 10 ? ", ..." : "")}."));
        var duplicate = genes.GroupBy(g => g, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"Gene '{duplicate.Key}' is listed twice in {nameof(Options)}.{nameof(Options.Genes)}.", nameof(genes));
        return [.. genes.Select(g => bySymbol[g])];
    }

    private static string ParseCellColumn(DelimitedTextFile file, string column)
    {
        if (!column.StartsWith(ExpressionColumnPrefix, StringComparison.OrdinalIgnoreCase))
            throw file.Error(1, column, $"cell line columns must be named '{ExpressionColumnPrefix}<COSMIC_ID>'.");
        return ParseCosmicId(file, column.AsSpan(ExpressionColumnPrefix.Length), 1, column);
    }

    // COSMIC ids are integers; normalizing ("906826.0" -> "906826") makes the two files join reliably.
    private static string ParseCosmicId(DelimitedTextFile file, ReadOnlySpan<char> field, int line, string column)
    {
        if (long.TryParse(field, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) && id > 0)
            return id.ToString(CultureInfo.InvariantCulture);
        if (double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            && d > 0 && d == Math.Floor(d) && d < 1e15)
            return ((long)d).ToString(CultureInfo.InvariantCulture);
        throw file.Error(line, column, $"'{field}' is not a COSMIC id (a positive integer).");
    }

    private static void Standardize(float[] values)
    {
        if (values.Length < 2)
            return;
        double mean = 0;
        foreach (var v in values)
            mean += v;
        mean /= values.Length;
        double squares = 0;
        foreach (var v in values)
            squares += (v - mean) * (v - mean);
        var sd = Math.Sqrt(squares / (values.Length - 1));
        for (var i = 0; i < values.Length; i++)
            values[i] = sd > 0 ? (float)((values[i] - mean) / sd) : 0f;
    }
}
