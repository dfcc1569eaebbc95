using Microsoft.ML.Data;

namespace Qhml.MLNet.Data;

/// <summary>
/// One (cell line, drug) row of a per-drug view. Use with <see cref="GdscDataset.CreateSchemaDefinition{TRow}"/>,
/// which gives <see cref="Features"/> its known size and slot names.
/// </summary>
public class GdscResponseRow
{
    /// <summary>Gene expression of the cell line, one value per gene in <see cref="GdscDataset.GeneNames"/> order.</summary>
    [ColumnName(GdscColumnNames.Features)]
    public float[] Features { get; set; } = [];

    /// <summary>ln IC50 of the drug on the cell line.</summary>
    [ColumnName(GdscColumnNames.Label)]
    public float Label { get; set; }

    /// <summary>The cell line id.</summary>
    [ColumnName(GdscColumnNames.CellLineId)]
    public string CellLineId { get; set; } = "";
}
