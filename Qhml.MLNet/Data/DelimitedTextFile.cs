using System.Globalization;
using System.Text;

namespace Qhml.MLNet.Data;

/// <summary>
/// A delimited text file (CSV or tab-separated) held in memory and read as spans: no per-field string
/// allocations, numbers parsed straight from the span with the invariant culture. Empty lines are skipped;
/// the first non-empty line is the header. Fields may be double-quoted (RFC 4180, <c>""</c> for a quote)
/// but may not span lines. Every error names the file, the line and the column.
/// </summary>
internal sealed class DelimitedTextFile
{
    // Separators a misformatted file is likely to use instead (comma, semicolon from locales with a decimal comma, tab, pipe).
    private static readonly char[] SeparatorCandidates = [',', ';', '\t', '|'];

    private readonly string _text;

    private DelimitedTextFile(string path, string text, char separator)
    {
        Path = path;
        _text = text;
        Separator = separator;
    }

    /// <summary>Full path of the file.</summary>
    public string Path { get; }

    /// <summary>The field separator.</summary>
    public char Separator { get; }

    /// <summary>Reads the whole file; <paramref name="role"/> (e.g. "expression") goes into the not-found message.</summary>
    public static DelimitedTextFile Open(string path, char separator, string role)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        if (!File.Exists(fullPath))
            throw new FileNotFoundException(
                $"The {role} file '{System.IO.Path.GetFileName(fullPath)}' was not found at '{fullPath}'.", fullPath);
        return new DelimitedTextFile(fullPath, File.ReadAllText(fullPath, Encoding.UTF8), separator);
    }

    /// <summary>Upper bound on the number of data rows (newline count), to presize collections.</summary>
    public int MaxRowCount => _text.AsSpan().Count('\n') + 1;

    /// <summary>Enumerates the non-empty lines with their 1-based line numbers.</summary>
    public LineEnumerator GetLines() => new(_text);

    /// <summary>Reads the header line into column names (trimmed, unquoted) and returns the enumerator positioned after it.</summary>
    /// <remarks>A header of one column that holds another common separator is refused in one short line: a
    /// semicolon- or tab-separated file would otherwise surface as a column named by the whole header line.</remarks>
    public string[] ReadHeader(ref LineEnumerator lines)
    {
        if (!lines.MoveNext())
            throw Error(0, null, "the file is empty; a header row was expected.");
        var names = new List<string>();
        var fields = Fields(lines.Current, lines.LineNumber);
        while (fields.MoveNext())
            names.Add(fields.CurrentText());
        if (names.Count == 1)
        {
            foreach (var other in SeparatorCandidates)
            {
                if (other != Separator && names[0].Contains(other, StringComparison.Ordinal))
                    throw Error(lines.LineNumber, null, $"the file looks {Describe(other)}-separated; expected {Describe(Separator)}.");
            }
        }
        return [.. names];
    }

    /// <summary>The error for a file with a header and no data rows (told apart from an empty file).</summary>
    public GdscDataFormatException HeaderOnly(string expectedRows)
        => Error(0, null, $"the file has a header row but no data rows; expected {expectedRows}.");

    /// <summary>Refuses an empty or repeated column name, naming both 1-based column positions.</summary>
    /// <param name="header">The column names.</param>
    /// <param name="what">What a column holds, for the message (e.g. "gene").</param>
    /// <param name="first">The first column to check (0-based); earlier columns are not checked.</param>
    public void CheckUniqueColumns(string[] header, string what, int first)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = first; i < header.Length; i++)
        {
            if (header[i].Length == 0)
                throw Error(1, null, string.Create(CultureInfo.InvariantCulture, $"the {what} name of column {i + 1} is empty."));
            if (!seen.TryAdd(header[i], i))
                throw Error(1, header[i], string.Create(CultureInfo.InvariantCulture,
                    $"{what} '{header[i]}' appears twice in the header (columns {seen[header[i]] + 1} and {i + 1}); {what} names must be unique."));
        }
    }

    private static string Describe(char separator) => separator == '\t' ? "tab" : $"'{separator}'";

    /// <summary>Starts reading the fields of one line.</summary>
    public FieldReader Fields(ReadOnlySpan<char> line, int lineNumber) => new(this, line, lineNumber);

    /// <summary>Finds each required column (case-insensitive) in the header; extra columns are allowed.</summary>
    public int[] FindColumns(string[] header, params string[] required)
    {
        var indices = new int[required.Length];
        for (var r = 0; r < required.Length; r++)
        {
            indices[r] = Array.FindIndex(header, h => string.Equals(h, required[r], StringComparison.OrdinalIgnoreCase));
            if (indices[r] < 0)
                throw Error(1, null,
                    $"required column '{required[r]}' not found (matched case-insensitively); the header has: {ListColumns(header)}.");
        }
        return indices;
    }

    // A header of thousands of columns would make a page-long message: the first few, then the count.
    private static string ListColumns(string[] header)
        => header.Length <= 12 ? string.Join(", ", header)
            : string.Create(CultureInfo.InvariantCulture, $"{string.Join(", ", header.Take(10))}, ... ({header.Length} columns)");

    /// <summary>Parses a finite number; empty, NA, NaN, infinities and non-numbers are errors naming line and column.</summary>
    public float ParseFinite(ReadOnlySpan<char> field, int lineNumber, string columnName)
    {
        if (field.IsEmpty || field.Equals("NA", StringComparison.OrdinalIgnoreCase))
            throw Error(lineNumber, columnName,
                $"the value is missing ('{field}'); missing values are not supported, impute or drop them before loading.");
        if (!float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            throw Error(lineNumber, columnName,
                $"'{field}' is not a number (expected an invariant-culture decimal such as -1.25 or 3.5e-2).");
        if (!float.IsFinite(value))
            throw Error(lineNumber, columnName, $"'{field}' is not a finite number; NaN and infinities are not allowed.");
        return value;
    }

    /// <summary>The error for a row whose field count differs from the header's.</summary>
    public GdscDataFormatException Ragged(int lineNumber, int expected, int found)
        => Error(lineNumber, null, string.Create(CultureInfo.InvariantCulture, $"expected {expected} fields (as in the header), found {found}; the row is ragged."));

    /// <summary>An error located in this file.</summary>
    public GdscDataFormatException Error(int lineNumber, string? columnName, string detail)
        => new(Path, lineNumber, columnName, detail);

    /// <summary>Walks the lines of the text, skipping empty ones; strips a trailing carriage return.</summary>
    public ref struct LineEnumerator
    {
        private readonly ReadOnlySpan<char> _text;
        private int _position;
        private int _lineNumber;

        internal LineEnumerator(string text)
        {
            _text = text;
            _position = 0;
            _lineNumber = 0;
            Current = default;
        }

        /// <summary>The current line, without its line terminator.</summary>
        public ReadOnlySpan<char> Current { get; private set; }

        /// <summary>1-based number of the current line in the file.</summary>
        public readonly int LineNumber => _lineNumber;

        /// <summary>Advances to the next non-empty line.</summary>
        public bool MoveNext()
        {
            while (_position < _text.Length)
            {
                var rest = _text[_position..];
                var end = rest.IndexOf('\n');
                var line = end < 0 ? rest : rest[..end];
                _position += end < 0 ? rest.Length : end + 1;
                _lineNumber++;
                if (!line.IsEmpty && line[^1] == '\r')
                    line = line[..^1];
                if (line.IsWhiteSpace())
                    continue;
                Current = line;
                return true;
            }
            return false;
        }
    }

    /// <summary>Reads the fields of one line, left to right.</summary>
    public ref struct FieldReader
    {
        private readonly DelimitedTextFile _file;
        private ReadOnlySpan<char> _rest;
        private bool _done;
        private bool _escapedQuotes;

        internal FieldReader(DelimitedTextFile file, ReadOnlySpan<char> line, int lineNumber)
        {
            _file = file;
            _rest = line;
            _done = false;
            _escapedQuotes = false;
            LineNumber = lineNumber;
            Index = -1;
            Current = default;
        }

        /// <summary>1-based line number of this line.</summary>
        public int LineNumber { get; }

        /// <summary>0-based index of the current field.</summary>
        public int Index { get; private set; }

        /// <summary>The current field: trimmed, without surrounding quotes (doubled quotes still doubled).</summary>
        public ReadOnlySpan<char> Current { get; private set; }

        /// <summary>Advances to the next field; false when the line has no more fields.</summary>
        public bool MoveNext()
        {
            if (_done)
                return false;
            Index++;
            var rest = _rest.TrimStart(' ');
            _escapedQuotes = false;
            if (!rest.IsEmpty && rest[0] == '"')
            {
                var close = FindClosingQuote(rest);
                Current = rest[1..close];
                var after = rest[(close + 1)..].TrimStart(' ');
                if (after.IsEmpty)
                    _done = true;
                else if (after[0] == _file.Separator)
                    _rest = after[1..];
                else
                    throw _file.Error(LineNumber, null, string.Create(CultureInfo.InvariantCulture, $"field {Index + 1} has text after its closing quote."));
                return true;
            }
            var separator = rest.IndexOf(_file.Separator);
            if (separator < 0)
            {
                Current = rest.Trim();
                _done = true;
            }
            else
            {
                Current = rest[..separator].Trim();
                _rest = rest[(separator + 1)..];
            }
            return true;
        }

        /// <summary>The current field as a string, with doubled quotes undone.</summary>
        public readonly string CurrentText()
            => _escapedQuotes ? Current.ToString().Replace("\"\"", "\"", StringComparison.Ordinal) : Current.ToString();

        /// <summary>The current field as a pooled string (no allocation for text seen before).</summary>
        public readonly string CurrentText(StringPool pool) => _escapedQuotes ? CurrentText() : pool.Get(Current);

        /// <summary>Counts the fields not yet read (for ragged-row messages).</summary>
        public int CountRemaining()
        {
            var count = 0;
            while (MoveNext())
                count++;
            return count;
        }

        private int FindClosingQuote(ReadOnlySpan<char> quoted)
        {
            var i = 1;
            while (true)
            {
                var next = quoted[i..].IndexOf('"');
                if (next < 0)
                    throw _file.Error(LineNumber, null, string.Create(CultureInfo.InvariantCulture, $"field {Index + 1} opens a quote that is not closed on the same line."));
                i += next;
                if (i + 1 < quoted.Length && quoted[i + 1] == '"')
                {
                    _escapedQuotes = true;
                    i += 2;
                    continue;
                }
                return i;
            }
        }
    }
}
