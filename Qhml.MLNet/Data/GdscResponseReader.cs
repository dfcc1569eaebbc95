namespace Qhml.MLNet.Data;

/// <summary>
/// Reads a long-format response file (one row per cell line and drug) into a <see cref="GdscDatasetBuilder"/>.
/// The tidy and Sanger loaders differ only in the column names and in how a cell line id is read.
/// </summary>
internal static class GdscResponseReader
{
    /// <summary>Reads the cell line id from the current field of <paramref name="fields"/>.</summary>
    internal delegate string CellLineIdReader(DelimitedTextFile file, DelimitedTextFile.FieldReader fields, string column, StringPool pool);

    internal static void Read(DelimitedTextFile file, GdscDatasetBuilder builder,
        string cellLineColumn, string drugColumn, string responseColumn, CellLineIdReader readCellLineId)
    {
        var lines = file.GetLines();
        var header = file.ReadHeader(ref lines);
        var columns = file.FindColumns(header, cellLineColumn, drugColumn, responseColumn);
        var pool = new StringPool();
        builder.EnsureResponseCapacity(file.MaxRowCount);
        while (lines.MoveNext())
        {
            string? id = null, drug = null;
            var value = 0f;
            var fields = file.Fields(lines.Current, lines.LineNumber);
            var count = 0;
            while (fields.MoveNext())
            {
                count++;
                var c = fields.Index;
                if (c == columns[0])
                    id = readCellLineId(file, fields, header[c], pool);
                else if (c == columns[1])
                    drug = GdscTidyLoader.RequireId(file, fields, header[c], pool);
                else if (c == columns[2])
                    value = file.ParseFinite(fields.Current, lines.LineNumber, header[c]);
            }
            if (count != header.Length)
                throw file.Ragged(lines.LineNumber, header.Length, count);
            builder.AddResponse(id!, drug!, value, file, lines.LineNumber);
        }
    }
}
