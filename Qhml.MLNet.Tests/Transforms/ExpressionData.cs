using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Qhml.MLNet.Data;

namespace Qhml.MLNet.Tests.Transforms;

/// <summary>
/// The real GDSC2/CCLE expression matrix (580 cell lines x 706 genes) from ../shared/data/gdsc2 next to
/// the repository root, or <see langword="null"/> when this machine does not have it.
/// </summary>
internal static class ExpressionData
{
    public static readonly string? CsvPath = GdscDataLocator.FindDefaultDataFolder() is { } folder
        ? Path.Combine(folder, GdscTidyLoader.ExpressionFileName)
        : null;

    public static string MissingMessage => "Real GDSC2 data not found: " + GdscDataLocator.DescribeMissingDefault();

    /// <summary>Gene symbols and one row of expression values per cell line (invariant-culture parsing).</summary>
    public static (string[] Genes, float[][] Rows) Load()
    {
        string path = CsvPath ?? throw new InvalidOperationException(MissingMessage);
        var lines = File.ReadAllLines(path);
        string[] genes = lines[0].Split(',').Skip(1).ToArray();
        var rows = new float[lines.Length - 1][];
        for (int i = 1; i < lines.Length; i++)
        {
            var fields = lines[i].Split(',');
            if (fields.Length != genes.Length + 1)
                throw new InvalidDataException($"{path} line {i + 1}: {fields.Length} fields; expected {genes.Length + 1}.");
            rows[i - 1] = fields.Skip(1).Select(f => float.Parse(f, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
        }
        return (genes, rows);
    }

    /// <summary>The matrix as an IDataView with a vector column "Expression" (slot names = gene symbols).</summary>
    public static IDataView LoadView(MLContext mlContext)
    {
        var (genes, rows) = Load();
        var schema = SchemaDefinition.Create(typeof(ExpressionRow));
        schema[nameof(ExpressionRow.Expression)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, genes.Length);
        var names = new VBuffer<ReadOnlyMemory<char>>(genes.Length, genes.Select(g => g.AsMemory()).ToArray());
        schema[nameof(ExpressionRow.Expression)].AddAnnotation("SlotNames", names, new VectorDataViewType(TextDataViewType.Instance, genes.Length));
        return mlContext.Data.LoadFromEnumerable(rows.Select(r => new ExpressionRow { Expression = r }), schema);
    }

    public sealed class ExpressionRow
    {
        public float[] Expression { get; set; } = Array.Empty<float>();
    }
}
