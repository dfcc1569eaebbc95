using System.Globalization;
namespace Qhml.MLNet.Data;

/// <summary>
/// Loads the project's tidy GDSC2 layout (see <c>../shared/data/gdsc2/README.md</c>):
/// <see cref="ExpressionFileName"/> (<c>depmap_id</c>, then one column per gene) and
/// <see cref="ResponseFileName"/> (<c>depmap_id</c>, <c>drug_name</c>, <c>ln_ic50</c>; extra columns ignored;
/// header names matched case-insensitively). The metadata files <see cref="CellLinesFileName"/>
/// (<c>depmap_id, cosmic_id, cell_line_name, lineage, primary_disease</c>) and <see cref="DrugsFileName"/>
/// (<c>drug_name, pubchem_cid, canonical_smiles</c>) are optional: read into <see cref="GdscDataset.CellLineInfo"/>
/// and <see cref="GdscDataset.DrugInfo"/> when present, with the same strictness; genes.csv is not needed.
/// </summary>
/// <remarks>
/// Strict by design, so that nothing odd reaches a model: a ragged row, an empty/NA/NaN or non-numeric value,
/// a duplicate gene, cell line or (cell line, drug) pair, a header-only file or one separated by ';' or tabs throws
/// <see cref="GdscDataFormatException"/> naming file, line and column in one short line. Expression files to score
/// are read by <see cref="LoadExpression(string)"/> with the same code. Missing expression values are therefore an error, not NaN: impute them before loading.
/// Responses for cell lines without expression are not an error; they are reported on the dataset
/// (<see cref="GdscDataset.MissingExpressionResponseCount"/>).
/// </remarks>
public static class GdscTidyLoader
{
    /// <summary>The expression file name.</summary>
    public const string ExpressionFileName = "expression.csv";

    /// <summary>The response file name.</summary>
    public const string ResponseFileName = "response.csv";

    /// <summary>The optional cell line metadata file name.</summary>
    public const string CellLinesFileName = "cell_lines.csv";

    /// <summary>The optional drug metadata file name.</summary>
    public const string DrugsFileName = "drugs.csv";

    /// <summary>Loads a tidy folder.</summary>
    /// <param name="folder">The folder holding <see cref="ExpressionFileName"/> and <see cref="ResponseFileName"/>.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">A file is missing (the message names it and its path).</exception>
    /// <exception cref="GdscDataFormatException">A file is malformed.</exception>
    public static GdscDataset Load(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var full = Path.GetFullPath(folder);
        if (!Directory.Exists(full))
            throw new DirectoryNotFoundException($"The GDSC tidy data folder was not found at '{full}'.");
        var expression = DelimitedTextFile.Open(Path.Combine(full, ExpressionFileName), ',', "expression");
        var response = DelimitedTextFile.Open(Path.Combine(full, ResponseFileName), ',', "response");

        var builder = ToBuilder(ReadExpression(expression, "depmap_id"), expression, $"tidy GDSC folder '{full}'");
        GdscResponseReader.Read(response, builder, "depmap_id", "drug_name", "ln_ic50",
            (file, fields, column, pool) => RequireId(file, fields, column, pool));
        var cellLinesPath = Path.Combine(full, CellLinesFileName);
        if (File.Exists(cellLinesPath))
            builder.CellLineInfo = GdscMetadataReader.ReadCellLines(DelimitedTextFile.Open(cellLinesPath, ',', "cell line metadata"));
        var drugsPath = Path.Combine(full, DrugsFileName);
        if (File.Exists(drugsPath))
            builder.DrugInfo = GdscMetadataReader.ReadDrugs(DelimitedTextFile.Open(drugsPath, ',', "drug metadata"));
        return builder.Build();
    }

    /// <summary>Loads the default folder found by <see cref="GdscDataLocator.FindDefaultDataFolder()"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The GDSC2 data is absent; the message says where it was looked for
    /// and that <see cref="SyntheticGdscGenerator"/> is the fallback.</exception>
    public static GdscDataset LoadDefault()
    {
        var folder = GdscDataLocator.FindDefaultDataFolder()
            ?? throw new DirectoryNotFoundException(GdscDataLocator.DescribeMissingDefault());
        return Load(folder);
    }

    /// <summary>
    /// Reads an expression table laid out like <see cref="ExpressionFileName"/> (an id column of any name, then one
    /// column per gene) with the rules <see cref="Load"/> applies to the training data: RFC 4180 quotes on one line,
    /// header names trimmed, unique gene names and row ids, every value a finite invariant-culture number.
    /// </summary>
    /// <param name="path">The comma-separated file.</param>
    /// <returns>The table, with at least one row.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="GdscDataFormatException">The file is empty, has only a header, uses another separator, repeats a
    /// gene or an id, or holds a ragged row or a missing, non-numeric or non-finite value (file, line and column named).</exception>
    public static GdscExpressionTable LoadExpression(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return ReadExpression(DelimitedTextFile.Open(path, ',', "expression"), idColumnName: null);
    }

    private static GdscDatasetBuilder ToBuilder(GdscExpressionTable table, DelimitedTextFile file, string source)
    {
        var builder = new GdscDatasetBuilder([.. table.GeneNames], source);
        for (var row = 0; row < table.RowCount; row++)
        {
            var line = table.LineNumber(row);
            builder.AddCellLine(table.RowIds[row], table.Row(row), detail => file.Error(line, table.IdColumnName, detail),
                string.Create(CultureInfo.InvariantCulture, $"line {line}"));
        }
        return builder;
    }

    // The one expression reader: training (idColumnName "depmap_id") and scoring (any id column) share every rule.
    private static GdscExpressionTable ReadExpression(DelimitedTextFile file, string? idColumnName)
    {
        var lines = file.GetLines();
        var header = file.ReadHeader(ref lines);
        if (idColumnName is not null && (header.Length < 2 || !string.Equals(header[0], idColumnName, StringComparison.OrdinalIgnoreCase)))
            throw file.Error(1, header[0], $"the first column must be '{idColumnName}', followed by at least one gene column.");
        if (header.Length < 2)
            throw file.Error(1, null, "expected an id column followed by at least one gene column; the header has one column.");
        file.CheckUniqueColumns(header, "gene", first: 1);
        string[] genes = header[1..];

        var ids = new List<string>();
        var rows = new List<float[]>();
        var lineNumbers = new List<int>();
        var firstLineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        while (lines.MoveNext())
        {
            var fields = file.Fields(lines.Current, lines.LineNumber);
            fields.MoveNext();
            var id = RequireId(file, fields, header[0]);
            if (!firstLineOf.TryAdd(id, lines.LineNumber))
                throw file.Error(lines.LineNumber, header[0], string.Create(CultureInfo.InvariantCulture,
                    $"cell line '{id}' appears twice (first at line {firstLineOf[id]}); cell line ids must be unique."));
            var values = new float[genes.Length];
            for (var g = 0; g < genes.Length; g++)
            {
                if (!fields.MoveNext())
                    throw file.Ragged(lines.LineNumber, header.Length, g + 1);
                values[g] = file.ParseFinite(fields.Current, lines.LineNumber, genes[g]);
            }
            if (fields.MoveNext())
                throw file.Ragged(lines.LineNumber, header.Length, header.Length + 1 + fields.CountRemaining());
            ids.Add(id);
            rows.Add(values);
            lineNumbers.Add(lines.LineNumber);
        }
        if (rows.Count == 0)
            throw file.HeaderOnly("one row per cell line");
        return new GdscExpressionTable(file.Path, header[0], genes, [.. ids], [.. rows], [.. lineNumbers]);
    }

    internal static string RequireId(DelimitedTextFile file, DelimitedTextFile.FieldReader fields, string column, StringPool? pool = null)
    {
        if (fields.Current.IsEmpty)
            throw file.Error(fields.LineNumber, column, "the identifier is empty.");
        return pool is null ? fields.CurrentText() : fields.CurrentText(pool);
    }
}
