using System.Globalization;

namespace Qhml.MLNet.Samples.Cli;

/// <summary>An expression table to score: an id column, then one column per gene (the layout of GDSC's expression.csv).</summary>
/// <param name="Ids">Row ids (first column).</param>
/// <param name="Genes">Gene column names, in file order.</param>
/// <param name="Values">Values per row, in <paramref name="Genes"/> order.</param>
public sealed record ExpressionCsv(string[] Ids, string[] Genes, float[][] Values)
{
    /// <summary>Reads a comma-separated file with a header row; numbers in the invariant culture.</summary>
    /// <param name="path">File path.</param>
    /// <returns>The table.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FormatException">A row is ragged or a value is not a finite number (the message gives line and column).</exception>
    public static ExpressionCsv Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"The input file '{Path.GetFullPath(path)}' does not exist.", path);
        using var reader = new StreamReader(path);
        string header = reader.ReadLine() ?? throw new FormatException($"'{path}' is empty; expected a header row (id, then gene names).");
        string[] columns = header.Split(',');
        if (columns.Length < 2)
            throw new FormatException($"'{path}' line 1: expected an id column and at least one gene column; found {columns.Length} column(s).");
        string[] genes = columns[1..];
        var ids = new List<string>();
        var values = new List<float[]>();
        int lineNumber = 1;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0)
                continue;
            string[] cells = line.Split(',');
            if (cells.Length != columns.Length)
                throw new FormatException($"'{path}' line {lineNumber}: {cells.Length} fields; the header has {columns.Length}.");
            var row = new float[genes.Length];
            for (int g = 0; g < genes.Length; g++)
            {
                if (!float.TryParse(cells[g + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out row[g]) || !float.IsFinite(row[g]))
                    throw new FormatException($"'{path}' line {lineNumber}, column '{genes[g]}': '{cells[g + 1]}' is not a finite number.");
            }
            ids.Add(cells[0]);
            values.Add(row);
        }
        return new ExpressionCsv(ids.ToArray(), genes, values.ToArray());
    }
}
