using System.Globalization;
namespace Qhml.MLNet.Data;

/// <summary>Reads the optional metadata files of the tidy layout (<c>cell_lines.csv</c>, <c>drugs.csv</c>) with the same
/// strictness as the data files: required columns by name (case-insensitive), no ragged rows, no duplicate ids.</summary>
internal static class GdscMetadataReader
{
    public static Dictionary<string, GdscCellLineInfo> ReadCellLines(DelimitedTextFile file)
        => Read(file, ["depmap_id", "cosmic_id", "cell_line_name", "lineage", "primary_disease"],
            v => new GdscCellLineInfo(v[0]!, v[1], v[2] ?? "", v[3] ?? "", v[4] ?? ""));

    public static Dictionary<string, GdscDrugInfo> ReadDrugs(DelimitedTextFile file)
        => Read(file, ["drug_name", "pubchem_cid", "canonical_smiles"], v => new GdscDrugInfo(v[0]!, v[1], v[2]));

    // Column 0 is the id (required, unique); empty optional fields become null.
    private static Dictionary<string, T> Read<T>(DelimitedTextFile file, string[] required, Func<string?[], T> create)
    {
        var lines = file.GetLines();
        var header = file.ReadHeader(ref lines);
        var columns = file.FindColumns(header, required);
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        while (lines.MoveNext())
        {
            var values = new string?[required.Length];
            var fields = file.Fields(lines.Current, lines.LineNumber);
            var count = 0;
            while (fields.MoveNext())
            {
                count++;
                var r = Array.IndexOf(columns, fields.Index);
                if (r >= 0 && !fields.Current.IsEmpty)
                    values[r] = fields.CurrentText();
            }
            if (count != header.Length)
                throw file.Ragged(lines.LineNumber, header.Length, count);
            var id = values[0] ?? throw file.Error(lines.LineNumber, header[columns[0]], "the identifier is empty.");
            if (!firstLine.TryAdd(id, lines.LineNumber))
                throw file.Error(lines.LineNumber, header[columns[0]],
                    string.Create(CultureInfo.InvariantCulture, $"'{id}' appears twice (first at line {firstLine[id]}); ids must be unique."));
            result.Add(id, create(values));
        }
        return result;
    }
}
