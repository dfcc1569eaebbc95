using Microsoft.ML.Data;

namespace Qhml.MLNet.Data;

/// <summary>One (cell line, drug) row of the pan-drug view: a <see cref="GdscResponseRow"/> plus the drug name.</summary>
public sealed class GdscPanDrugResponseRow : GdscResponseRow
{
    /// <summary>The drug name.</summary>
    [ColumnName(GdscColumnNames.Drug)]
    public string Drug { get; set; } = "";
}
