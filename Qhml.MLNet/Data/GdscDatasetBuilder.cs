using System.Globalization;
namespace Qhml.MLNet.Data;

/// <summary>
/// Collects expression rows and responses from any source (tidy files, Sanger files, the generator),
/// rejects duplicates with the locations of both copies, and builds the immutable <see cref="GdscDataset"/>.
/// Responses whose cell line has no expression are kept aside and reported, never silently dropped.
/// </summary>
internal sealed class GdscDatasetBuilder
{
    private readonly string[] _geneNames;
    private readonly string _source;
    private readonly bool _averageDuplicates;
    private readonly bool _isSynthetic;
    private readonly Dictionary<string, (float[] Expression, string Location)> _cellLines = new(StringComparer.Ordinal);
    private readonly Dictionary<(string CellLine, string Drug), int> _responseIndex = new();
    private readonly List<Response> _responses = [];

    public GdscDatasetBuilder(string[] geneNames, string source, bool averageDuplicateResponses = false, bool isSynthetic = false)
    {
        _isSynthetic = isSynthetic;
        _geneNames = geneNames;
        _source = source;
        _averageDuplicates = averageDuplicateResponses;
    }

    public int GeneCount => _geneNames.Length;

    /// <summary>Optional cell line metadata by id.</summary>
    public Dictionary<string, GdscCellLineInfo> CellLineInfo { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Optional drug metadata by name.</summary>
    public Dictionary<string, GdscDrugInfo> DrugInfo { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Presizes the response store (avoids rehashing 80k-entry tables while reading).</summary>
    public void EnsureResponseCapacity(int count)
    {
        _responseIndex.EnsureCapacity(count);
        _responses.EnsureCapacity(count);
    }

    /// <summary>Adds one cell line's expression; <paramref name="location"/> describes where it came from for duplicate messages.</summary>
    public void AddCellLine(string id, float[] expression, Func<string, Exception> duplicateError, string location)
    {
        if (_cellLines.TryGetValue(id, out var existing))
            throw duplicateError($"cell line '{id}' appears twice (first at {existing.Location}); cell line ids must be unique.");
        _cellLines.Add(id, (expression, location));
    }

    /// <summary>Adds one (cell line, drug) response read from <paramref name="file"/> at <paramref name="line"/>
    /// (file null for generated data); a repeated pair is an error unless averaging was requested.</summary>
    public void AddResponse(string cellLineId, string drug, float value, DelimitedTextFile? file, int line)
    {
        if (_responseIndex.TryGetValue((cellLineId, drug), out var index))
        {
            if (!_averageDuplicates)
            {
                var detail = string.Create(CultureInfo.InvariantCulture,
                    $"the response of cell line '{cellLineId}' to drug '{drug}' appears twice (first at line {_responses[index].Line}); " +
                    $"each (cell line, drug) pair must appear once.");
                throw file is null ? new InvalidOperationException(detail) : file.Error(line, null, detail);
            }
            _responses[index] = _responses[index].Merge(value);
            return;
        }
        _responseIndex.Add((cellLineId, drug), _responses.Count);
        _responses.Add(new Response(cellLineId, drug, value, 1, line));
    }

    public GdscDataset Build()
    {
        // Sorting by id makes every downstream order independent of file order.
        var ids = _cellLines.Keys.ToArray();
        Array.Sort(ids, StringComparer.Ordinal);
        var cellIndex = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        var expression = new float[ids.Length][];
        for (var i = 0; i < ids.Length; i++)
        {
            cellIndex.Add(ids[i], i);
            expression[i] = _cellLines[ids[i]].Expression;
        }

        var missingIds = new SortedSet<string>(StringComparer.Ordinal);
        var missingResponses = 0;
        var byDrug = new SortedDictionary<string, List<(int Cell, float Value)>>(StringComparer.Ordinal);
        foreach (var r in _responses)
        {
            if (!cellIndex.TryGetValue(r.CellLineId, out var cell))
            {
                missingIds.Add(r.CellLineId);
                missingResponses++;
                continue;
            }
            if (!byDrug.TryGetValue(r.Drug, out var list))
                byDrug.Add(r.Drug, list = []);
            list.Add((cell, r.Sum / r.Count));
        }

        var drugs = byDrug.Keys.ToArray();
        var responses = new DrugResponses[drugs.Length];
        for (var d = 0; d < drugs.Length; d++)
        {
            var list = byDrug[drugs[d]];
            list.Sort((a, b) => a.Cell.CompareTo(b.Cell));
            responses[d] = new DrugResponses([.. list.Select(x => x.Cell)], [.. list.Select(x => x.Value)]);
        }

        return new GdscDataset(_source, _isSynthetic, _geneNames, ids, expression, drugs, responses, [.. missingIds], missingResponses,
            CellLineInfo.AsReadOnly(), DrugInfo.AsReadOnly());
    }

    private readonly record struct Response(string CellLineId, string Drug, float Sum, int Count, int Line)
    {
        public Response Merge(float value) => this with { Sum = Sum + value, Count = Count + 1 };
    }
}

/// <summary>One drug's responses: cell line indices (ascending, i.e. sorted by id) and ln IC50 values.</summary>
internal sealed record DrugResponses(int[] CellIndices, float[] Values);
