namespace Qhml.MLNet.Data;

/// <summary>Names of the columns in the <see cref="Microsoft.ML.IDataView"/>s that <see cref="GdscDataset"/> produces.</summary>
public static class GdscColumnNames
{
    /// <summary>The gene expression vector: known-size vector of <see cref="float"/>, one slot per gene,
    /// with the gene symbols as its <c>SlotNames</c> annotation.</summary>
    public const string Features = "Features";

    /// <summary>The response, natural log of IC50 (<see cref="float"/>).</summary>
    public const string Label = "Label";

    /// <summary>The cell line identifier (text): DepMap id for the tidy layout, COSMIC id for Sanger files.</summary>
    public const string CellLineId = "CellLineId";

    /// <summary>The drug name (text); present only in the pan-drug view.</summary>
    public const string Drug = "Drug";

    /// <summary>The ML.NET annotation kind holding a vector column's slot names.</summary>
    public const string SlotNamesAnnotation = "SlotNames";
}
