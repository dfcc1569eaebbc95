using System.Globalization;
namespace Qhml.MLNet.Data;

/// <summary>
/// Thrown when a data file has the wrong shape or content: a ragged row, a non-numeric or missing value,
/// a duplicate identifier, a missing column. The message names the file, the line and the column;
/// the same facts are available as properties.
/// </summary>
public sealed class GdscDataFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">Full path of the offending file.</param>
    /// <param name="lineNumber">1-based line number in the file (the header is line 1), or 0 when the problem is not tied to one line.</param>
    /// <param name="columnName">Name of the offending column, or null when the problem is not tied to one column.</param>
    /// <param name="detail">What is wrong and what was expected.</param>
    public GdscDataFormatException(string filePath, int lineNumber, string? columnName, string detail)
        : base(Format(filePath, lineNumber, columnName, detail))
    {
        FilePath = filePath;
        LineNumber = lineNumber;
        ColumnName = columnName;
    }

    /// <summary>Full path of the offending file.</summary>
    public string FilePath { get; }

    /// <summary>1-based line number (header = 1), or 0 when not tied to one line.</summary>
    public int LineNumber { get; }

    /// <summary>Name of the offending column, or null when not tied to one column.</summary>
    public string? ColumnName { get; }

    private static string Format(string filePath, int lineNumber, string? columnName, string detail)
    {
        var where = Path.GetFileName(filePath);
        if (lineNumber > 0)
            where += string.Create(CultureInfo.InvariantCulture, $" line {lineNumber}");
        if (columnName is not null)
            where += $", column '{Shorten(columnName)}'";
        return $"{where}: {detail} (file: {filePath})";
    }

    // A header misread as one column would otherwise put kilobytes into a one-line message; the property keeps it whole.
    private static string Shorten(string name)
        => name.Length <= 64 ? name : string.Create(CultureInfo.InvariantCulture, $"{name[..60]}... ({name.Length} characters)");
}
