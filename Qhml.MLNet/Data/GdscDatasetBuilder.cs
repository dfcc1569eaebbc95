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

    /// <summary>Adds one cell line's expression; <paramref name="location"/> describes where it came from for duplicate messages.</summary>
    public void AddCellLine(string id, float[] expression, Func<string, Exception> duplicateError, string location)
    {
        if (_cellLines.TryGetValue(id, out var existing))
            throw duplicateError($"cell line '{id}' appears twice (first at {existing.Location}); cell line ids must be unique.");
        _cellLines.Add(id, (expression, location));
    }

    /// <summary>Adds one (cell line, drug) response; a repeated pair is an error unless averaging was requested.</summary>
    public void AddResponse(string cellLineId, string drug, float value, Func<string, Exception> duplicateError, string location)
    {
        if (_responseIndex.TryGetValue((cellLineId, drug), out var index))
        {
            if (!_averageDuplicates)
                throw duplicateError(
                    $"the response of cell line '{cellLineId}' to drug '{drug}' appears twice (first at {_responses[index].Location}); " +
                    "each (cell line, drug) pair must appear once.");
            _responses[index] = _responses[index].Merge(value);
            return;
        }
        _responseIndex.Add((cellLineId, drug), _responses.Count);
        _responses.Add(new Response(cellLineId, drug, value, 1, location));
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

        return new GdscDataset(_source, _isSynthetic, _geneNames, ids, expression, drugs, responses, [.. missingIds], missingResponses);
    }

    private readonly record struct Response(string CellLineId, string Drug, float Sum, int Count, string Location)
    {
        public Response Merge(float value) => this with { Sum = Sum + value, Count = Count + 1 };
    }
}

/// <summary>One drug's responses: cell line indices (ascending, i.e. sorted by id) and ln IC50 values.</summary>
internal sealed record DrugResponses(int[] CellIndices, float[] Values);
