using System.Globalization;
namespace Qhml.MLNet.Data;

/// <summary>
/// An expression table read by <see cref="GdscTidyLoader.LoadExpression(string)"/>: an id column, then one column per
/// gene, one row per cell line, every value finite. Read with the same rules as the training data, so a file that
/// trains also scores.
/// </summary>
public sealed class GdscExpressionTable
{
    private readonly string[] _geneNames;
    private readonly string[] _rowIds;
    private readonly float[][] _rows;
    private readonly int[] _lineNumbers;

    internal GdscExpressionTable(string filePath, string idColumnName, string[] geneNames, string[] rowIds, float[][] rows, int[] lineNumbers)
    {
        FilePath = filePath;
        IdColumnName = idColumnName;
        _geneNames = geneNames;
        _rowIds = rowIds;
        _rows = rows;
        _lineNumbers = lineNumbers;
    }

    /// <summary>Full path of the file read.</summary>
    public string FilePath { get; }

    /// <summary>Name of the first (id) column, as in the header.</summary>
    public string IdColumnName { get; }

    /// <summary>Gene column names in file order (unique, trimmed, unquoted).</summary>
    public IReadOnlyList<string> GeneNames => _geneNames;

    /// <summary>Row ids (the first column) in file order (unique).</summary>
    public IReadOnlyList<string> RowIds => _rowIds;

    /// <summary>Number of data rows (at least one).</summary>
    public int RowCount => _rows.Length;

    /// <summary>The values of one row, in <see cref="GeneNames"/> order.</summary>
    /// <param name="row">0-based row index.</param>
    /// <returns>The row's values.</returns>
    public ReadOnlySpan<float> GetExpression(int row) => _rows[row];

    /// <summary>For each of <paramref name="genes"/>, the index of its column in <see cref="GeneNames"/> (matched by
    /// exact name); columns not asked for are ignored.</summary>
    /// <param name="genes">The genes needed, e.g. a model's slot names.</param>
    /// <returns>Column indices, one per requested gene.</returns>
    /// <exception cref="GdscDataFormatException">Some genes have no column; the message gives how many and the first five.</exception>
    public int[] GetGeneColumns(IReadOnlyList<string> genes)
    {
        ArgumentNullException.ThrowIfNull(genes);
        var columnOf = new Dictionary<string, int>(_geneNames.Length, StringComparer.Ordinal);
        for (var c = 0; c < _geneNames.Length; c++)
            columnOf.Add(_geneNames[c], c);
        var columns = new int[genes.Count];
        var missing = new List<string>();
        for (var g = 0; g < genes.Count; g++)
        {
            if (!columnOf.TryGetValue(genes[g], out columns[g]))
                missing.Add(genes[g]);
        }
        if (missing.Count > 0)
            throw new GdscDataFormatException(FilePath, 1, null, string.Create(CultureInfo.InvariantCulture,
                $"{missing.Count} of the {genes.Count} required gene columns are missing, e.g. {string.Join(", ", missing.Take(5))}."));
        return columns;
    }

    internal float[] Row(int row) => _rows[row];

    internal int LineNumber(int row) => _lineNumbers[row];
}
