namespace Qhml.MLNet.Data;

/// <summary>Descriptive facts about a cell line (from the tidy layout's <c>cell_lines.csv</c>).</summary>
/// <param name="Id">The cell line id used by the dataset (DepMap id).</param>
/// <param name="CosmicId">COSMIC id as text, or null when the file leaves it empty.</param>
/// <param name="Name">The cell line name, e.g. <c>NCI-H3255</c>.</param>
/// <param name="Lineage">The lineage, e.g. <c>lung</c>.</param>
/// <param name="PrimaryDisease">The primary disease, e.g. <c>Lung Cancer</c>.</param>
public sealed record GdscCellLineInfo(string Id, string? CosmicId, string Name, string Lineage, string PrimaryDisease);
