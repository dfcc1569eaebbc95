namespace Qhml.MLNet.Data;

/// <summary>Descriptive facts about a drug (from the tidy layout's <c>drugs.csv</c>).</summary>
/// <param name="Name">The drug name used by the dataset.</param>
/// <param name="PubChemCid">PubChem compound id as text, or null when empty.</param>
/// <param name="CanonicalSmiles">Canonical SMILES of the compound, or null when empty (e.g. for drug features of a pan-drug model).</param>
public sealed record GdscDrugInfo(string Name, string? PubChemCid, string? CanonicalSmiles);
