using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Qhml.MLNet.Common;

namespace Qhml.MLNet.Data;

public sealed partial class GdscDataset
{
    private VBuffer<ReadOnlyMemory<char>> SlotNames { get; }

    /// <summary>
    /// One drug's data as an <see cref="IDataView"/> with columns <see cref="GdscColumnNames.Features"/>
    /// (vector of float of known size <see cref="GeneCount"/>, gene symbols as slot names),
    /// <see cref="GdscColumnNames.Label"/> (float, ln IC50) and <see cref="GdscColumnNames.CellLineId"/> (text);
    /// rows sorted by cell line id.
    /// </summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="drugName">Exact (case-sensitive) drug name from <see cref="DrugNames"/>.</param>
    /// <exception cref="ArgumentException">The drug is unknown; the message lists the closest names.</exception>
    public IDataView GetDrugDataView(MLContext mlContext, string drugName)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        var d = ResolveDrug(drugName);
        return ToDataView(mlContext, d, Enumerable.Range(0, _responses[d].Values.Length));
    }

    /// <summary>
    /// All drugs' responses in one <see cref="IDataView"/>: the per-drug columns plus
    /// <see cref="GdscColumnNames.Drug"/> (text). Rows are grouped by drug (in <see cref="DrugNames"/> order),
    /// then sorted by cell line id. Expression vectors are shared, not copied, per row.
    /// </summary>
    /// <param name="mlContext">The ML.NET context.</param>
    public IDataView GetPanDrugDataView(MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        var rows = new List<GdscPanDrugResponseRow>(ResponseCount);
        for (var d = 0; d < _responses.Length; d++)
        {
            var r = _responses[d];
            for (var k = 0; k < r.Values.Length; k++)
            {
                rows.Add(new GdscPanDrugResponseRow
                {
                    Features = _expression[r.CellIndices[k]],
                    Label = r.Values[k],
                    CellLineId = _cellLineIds[r.CellIndices[k]],
                    Drug = _drugNames[d],
                });
            }
        }
        return mlContext.Data.LoadFromEnumerable(rows, CreateSchemaDefinition<GdscPanDrugResponseRow>());
    }

    /// <summary>
    /// Deterministic train/test split of one drug's cell lines. Algorithm: take the drug's cell lines sorted
    /// by id (ordinal), shuffle them with a Fisher–Yates shuffle driven by <c>new System.Random(seed)</c>
    /// (for i = n-1 down to 1: swap item i with item <c>Next(i + 1)</c>), the first
    /// <paramref name="trainSize"/> are the training set, all the others the test set. Each part is then
    /// re-sorted by cell line id. Same seed, same split, on any machine.
    /// </summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="drugName">Exact (case-sensitive) drug name from <see cref="DrugNames"/>.</param>
    /// <param name="trainSize">Number of training cell lines, 1 to (cell lines of the drug - 1).</param>
    /// <param name="seed">Seed of the shuffle.</param>
    /// <exception cref="ArgumentException">The drug is unknown.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="trainSize"/> leaves no train or no test rows.</exception>
    public GdscTrainTestSplit SplitByCellLine(MLContext mlContext, string drugName, int trainSize, int seed)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        var d = ResolveDrug(drugName);
        var n = _responses[d].Values.Length;
        if (trainSize < 1 || trainSize >= n)
            throw OutOfRange.Exception(nameof(trainSize), trainSize,
                string.Create(CultureInfo.InvariantCulture, $"Drug '{drugName}' has {n} cell lines; the train size must be between 1 and {n - 1} so that both parts are non-empty."));

        // Positions are in cell-id order already (responses are sorted by cell index, cells by id).
        var order = Enumerable.Range(0, n).ToArray();
        var random = new Random(seed);
        for (var i = n - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        var train = order[..trainSize];
        var test = order[trainSize..];
        Array.Sort(train);
        Array.Sort(test);
        return new GdscTrainTestSplit(_drugNames[d], seed,
            ToDataView(mlContext, d, train), ToDataView(mlContext, d, test), Slice(d, train), Slice(d, test));
    }

    /// <summary>
    /// The ML.NET schema definition for <typeparamref name="TRow"/> (<see cref="GdscResponseRow"/> or
    /// <see cref="GdscPanDrugResponseRow"/>) sized to this dataset: Features is a vector of
    /// <see cref="GeneCount"/> floats with the gene symbols as slot names. Pass it to
    /// <c>LoadFromEnumerable</c> or <c>CreatePredictionEngine</c> (inputSchemaDefinition) to build rows that match these views.
    /// </summary>
    /// <typeparam name="TRow">The row class.</typeparam>
    public SchemaDefinition CreateSchemaDefinition<TRow>() where TRow : class
    {
        var definition = SchemaDefinition.Create(typeof(TRow));
        var features = definition[GdscColumnNames.Features];
        features.ColumnType = new VectorDataViewType(NumberDataViewType.Single, GeneCount);
        features.AddAnnotation(GdscColumnNames.SlotNamesAnnotation, SlotNames,
            new VectorDataViewType(TextDataViewType.Instance, GeneCount));
        return definition;
    }

    private IDataView ToDataView(MLContext mlContext, int drug, IEnumerable<int> positions)
    {
        var r = _responses[drug];
        var rows = positions.Select(k => new GdscResponseRow
        {
            Features = _expression[r.CellIndices[k]],
            Label = r.Values[k],
            CellLineId = _cellLineIds[r.CellIndices[k]],
        }).ToList();
        return mlContext.Data.LoadFromEnumerable(rows, CreateSchemaDefinition<GdscResponseRow>());
    }

    private static VBuffer<ReadOnlyMemory<char>> CreateSlotNames(string[] geneNames)
        => new(geneNames.Length, geneNames.Select(g => g.AsMemory()).ToArray());
}
