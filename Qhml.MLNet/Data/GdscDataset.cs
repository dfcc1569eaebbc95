using System.Globalization;
using Microsoft.ML;

namespace Qhml.MLNet.Data;

/// <summary>
/// Gene expression of cell lines and their drug responses (ln IC50), loaded once and served as ML.NET
/// <see cref="IDataView"/>s (per drug, pan-drug, seeded train/test split) or as plain arrays.
/// The same object comes from every source — <see cref="GdscTidyLoader"/> (the project's tidy CSVs),
/// <see cref="SangerGdscLoader"/> (files downloaded from the GDSC project) and
/// <see cref="SyntheticGdscGenerator"/> — so downstream code does not care where the data came from.
/// </summary>
/// <remarks>
/// Cell lines are held sorted by id (ordinal); each drug's rows are in that order too.
/// Responses whose cell line has no expression profile cannot be used; they are counted in
/// <see cref="MissingExpressionResponseCount"/> and their cell lines listed in
/// <see cref="MissingExpressionCellLineIds"/>. The object is immutable and safe to share between threads.
/// </remarks>
public sealed partial class GdscDataset
{
    private readonly string[] _geneNames;
    private readonly string[] _cellLineIds;
    private readonly float[][] _expression;
    private readonly string[] _drugNames;
    private readonly DrugResponses[] _responses;
    private readonly Dictionary<string, int> _drugIndex;
    private readonly Dictionary<string, int> _cellIndex;
    private readonly Dictionary<string, int> _geneIndex;

    internal GdscDataset(string source, bool isSynthetic, string[] geneNames, string[] cellLineIds, float[][] expression,
        string[] drugNames, DrugResponses[] responses, string[] missingExpressionCellLineIds, int missingExpressionResponseCount,
        IReadOnlyDictionary<string, GdscCellLineInfo> cellLineInfo, IReadOnlyDictionary<string, GdscDrugInfo> drugInfo)
    {
        Source = source;
        IsSynthetic = isSynthetic;
        _geneNames = geneNames;
        _cellLineIds = cellLineIds;
        _expression = expression;
        _drugNames = drugNames;
        _responses = responses;
        MissingExpressionCellLineIds = Array.AsReadOnly(missingExpressionCellLineIds);
        MissingExpressionResponseCount = missingExpressionResponseCount;
        CellLineInfo = cellLineInfo;
        DrugInfo = drugInfo;
        _drugIndex = Index(drugNames);
        _cellIndex = Index(cellLineIds);
        _geneIndex = new Dictionary<string, int>(geneNames.Length, StringComparer.Ordinal);
        for (var g = 0; g < geneNames.Length; g++)
            _geneIndex.TryAdd(geneNames[g], g);
        ResponseCount = responses.Sum(r => r.Values.Length);
        SlotNames = CreateSlotNames(geneNames);
    }

    /// <summary>Where the data came from, e.g. the folder path or the generator's seed.</summary>
    public string Source { get; }

    /// <summary>True when the data came from <see cref="SyntheticGdscGenerator"/>.</summary>
    public bool IsSynthetic { get; }

    /// <summary>
    /// Loads the real GDSC2 data from the default folder (<see cref="GdscDataLocator.FindDefaultDataFolder()"/>) when it
    /// exists, else generates synthetic data. Check <see cref="IsSynthetic"/> / <see cref="Source"/> to tell which;
    /// <see cref="GdscDataLocator.DescribeMissingDefault()"/> gives the sentence to show when the real data is absent.
    /// </summary>
    /// <param name="syntheticOptions">Generator options for the fallback; null for the defaults.</param>
    public static GdscDataset LoadDefaultOrSynthetic(SyntheticGdscGenerator.Options? syntheticOptions = null)
    {
        var folder = GdscDataLocator.FindDefaultDataFolder();
        return folder is not null ? GdscTidyLoader.Load(folder) : SyntheticGdscGenerator.Generate(syntheticOptions);
    }

    /// <summary>Gene symbols, in feature-slot order.</summary>
    public IReadOnlyList<string> GeneNames => _geneNames;

    /// <summary>Number of genes, i.e. the size of the <see cref="GdscColumnNames.Features"/> vector.</summary>
    public int GeneCount => _geneNames.Length;

    /// <summary>Ids of the cell lines that have an expression profile, sorted ordinally.</summary>
    public IReadOnlyList<string> CellLineIds => _cellLineIds;

    /// <summary>Number of cell lines with an expression profile.</summary>
    public int CellLineCount => _cellLineIds.Length;

    /// <summary>Names of the drugs with at least one usable response, sorted ordinally.</summary>
    public IReadOnlyList<string> DrugNames => _drugNames;

    /// <summary>Number of drugs with at least one usable response.</summary>
    public int DrugCount => _drugNames.Length;

    /// <summary>Number of usable (cell line, drug) responses, over all drugs.</summary>
    public int ResponseCount { get; }

    /// <summary>Number of response rows dropped because their cell line has no expression profile.</summary>
    public int MissingExpressionResponseCount { get; }

    /// <summary>Distinct ids (sorted) of cell lines that have responses but no expression profile.</summary>
    public IReadOnlyList<string> MissingExpressionCellLineIds { get; }

    /// <summary>Cell line metadata by id (name, lineage, disease, COSMIC id); empty when the source has none
    /// (tidy folder without cell_lines.csv, Sanger files, synthetic data). May include lines without expression.</summary>
    public IReadOnlyDictionary<string, GdscCellLineInfo> CellLineInfo { get; }

    /// <summary>Drug metadata by name (PubChem id, SMILES); empty when the source has none.</summary>
    public IReadOnlyDictionary<string, GdscDrugInfo> DrugInfo { get; }

    /// <summary>The expression profile of one cell line (a view on the dataset's own memory; do not keep it past the dataset).</summary>
    /// <param name="cellLineId">A cell line id from <see cref="CellLineIds"/>.</param>
    /// <exception cref="ArgumentException">The id is unknown.</exception>
    public ReadOnlySpan<float> GetExpression(string cellLineId)
    {
        ArgumentNullException.ThrowIfNull(cellLineId);
        if (!_cellIndex.TryGetValue(cellLineId, out var index))
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Unknown cell line '{cellLineId}': it has no expression profile in this dataset ({CellLineCount} cell lines)."),
                nameof(cellLineId));
        return _expression[index];
    }

    /// <summary>A copy of the whole expression matrix: rows are <see cref="CellLineIds"/>, columns <see cref="GeneNames"/>.</summary>
    public float[,] CopyExpressionMatrix()
    {
        var matrix = new float[CellLineCount, GeneCount];
        for (var i = 0; i < CellLineCount; i++)
            _expression[i].CopyTo(MemoryMarshalRow(matrix, i));
        return matrix;
    }

    /// <summary>Index of a gene in the feature vector, or -1 if the dataset has no such gene.</summary>
    public int IndexOfGene(string geneName) => _geneIndex.TryGetValue(geneName, out var g) ? g : -1;

    /// <summary>Number of usable responses (cell lines) for one drug.</summary>
    /// <exception cref="ArgumentException">The drug is unknown; the message lists the closest names.</exception>
    public int GetResponseCount(string drugName) => _responses[ResolveDrug(drugName)].Values.Length;

    /// <summary>One drug's data as plain arrays (copies the caller may modify), rows sorted by cell line id.</summary>
    /// <param name="drugName">Exact (case-sensitive) drug name from <see cref="DrugNames"/>.</param>
    /// <exception cref="ArgumentException">The drug is unknown; the message lists the closest names.</exception>
    public GdscDrugData GetDrugData(string drugName)
    {
        var d = ResolveDrug(drugName);
        return Slice(d, Enumerable.Range(0, _responses[d].Values.Length).ToArray());
    }

    /// <summary>A one-line summary: sizes and source.</summary>
    public override string ToString()
    {
        var missing = MissingExpressionResponseCount > 0
            ? FormattableString.Invariant(
                $" ({MissingExpressionResponseCount:N0} responses of {MissingExpressionCellLineIds.Count} cell lines without expression left out)")
            : "";
        return FormattableString.Invariant(
            $"GDSC dataset: {CellLineCount} cell lines x {GeneCount} genes, {DrugCount} drugs, {ResponseCount:N0} responses{missing}; source: {Source}");
    }

    internal GdscDrugData Slice(int drug, int[] positions)
    {
        var r = _responses[drug];
        var features = new float[positions.Length][];
        var labels = new float[positions.Length];
        var ids = new string[positions.Length];
        for (var k = 0; k < positions.Length; k++)
        {
            var cell = r.CellIndices[positions[k]];
            features[k] = (float[])_expression[cell].Clone();
            labels[k] = r.Values[positions[k]];
            ids[k] = _cellLineIds[cell];
        }
        return new GdscDrugData(_drugNames[drug], _geneNames, features, labels, ids);
    }

    internal int ResolveDrug(string drugName)
    {
        ArgumentNullException.ThrowIfNull(drugName);
        if (_drugIndex.TryGetValue(drugName, out var d))
            return d;
        var suggestions = DrugNameSuggester.Closest(drugName, _drugNames, 5);
        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
            $"Unknown drug '{drugName}' (names are case-sensitive; this dataset has {DrugCount} drugs). " +
            $"Closest names: {string.Join(", ", suggestions.Select(s => $"'{s}'"))}."),
            nameof(drugName));
    }

    private static Span<float> MemoryMarshalRow(float[,] matrix, int row)
        => System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref matrix[row, 0], matrix.GetLength(1));

    private static Dictionary<string, int> Index(string[] names)
    {
        var index = new Dictionary<string, int>(names.Length, StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
            index.Add(names[i], i);
        return index;
    }
}
