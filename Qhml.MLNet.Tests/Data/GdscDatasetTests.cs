using Microsoft.ML;
using Microsoft.ML.Data;
using Qhml.MLNet.Data;

namespace Qhml.MLNet.Tests.Data;

public sealed class GdscDatasetTests
{
    private static readonly GdscDataset Synthetic = SyntheticGdscGenerator.Generate(new SyntheticGdscGenerator.Options
    {
        Seed = 7, CellLineCount = 60, GeneCount = 25, DrugCount = 4, ModuleCount = 4,
    });

    private readonly MLContext _ml = new(seed: 1);

    [Fact]
    public void DrugViewSchemaHasKnownSizeFeaturesWithGeneSlotNames()
    {
        var view = Synthetic.GetDrugDataView(_ml, Synthetic.DrugNames[0]);

        var features = view.Schema[GdscColumnNames.Features];
        var type = Assert.IsType<VectorDataViewType>(features.Type);
        Assert.Equal(NumberDataViewType.Single, type.ItemType);
        Assert.True(type.IsKnownSize);
        Assert.Equal(25, type.Size);
        var slotNames = default(VBuffer<ReadOnlyMemory<char>>);
        features.GetSlotNames(ref slotNames);
        Assert.Equal(Synthetic.GeneNames, slotNames.DenseValues().Select(s => s.ToString()));
        Assert.Equal(NumberDataViewType.Single, view.Schema[GdscColumnNames.Label].Type);
        Assert.Equal(TextDataViewType.Instance, view.Schema[GdscColumnNames.CellLineId].Type);
        Assert.Equal(3, view.Schema.Count);
    }

    [Fact]
    public void DrugViewRowsEqualThePlainArrays()
    {
        var drug = Synthetic.DrugNames[1];
        var arrays = Synthetic.GetDrugData(drug);
        var rows = _ml.Data.CreateEnumerable<GdscResponseRow>(Synthetic.GetDrugDataView(_ml, drug), reuseRowObject: false,
            schemaDefinition: Synthetic.CreateSchemaDefinition<GdscResponseRow>()).ToList();

        Assert.Equal(arrays.Count, rows.Count);
        Assert.Equal(Synthetic.GetResponseCount(drug), rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(arrays.CellLineIds[i], rows[i].CellLineId);
            Assert.Equal(arrays.Labels[i], rows[i].Label);
            Assert.Equal(arrays.Features[i], rows[i].Features);
            Assert.Equal(Synthetic.GetExpression(rows[i].CellLineId).ToArray(), rows[i].Features);
        }
        Assert.Equal(arrays.CellLineIds.Order(StringComparer.Ordinal), arrays.CellLineIds);
    }

    [Fact]
    public void PlainArraysAreCopies()
    {
        var drug = Synthetic.DrugNames[0];
        var first = Synthetic.GetDrugData(drug);
        var original = first.Features[0][0];
        first.Features[0][0] = 1234f;

        Assert.Equal(original, Synthetic.GetDrugData(drug).Features[0][0]);
        Assert.Equal(original, Synthetic.GetExpression(first.CellLineIds[0])[0]);
    }

    [Fact]
    public void ExpressionMatrixAndGeneColumnAgree()
    {
        var matrix = Synthetic.CopyExpressionMatrix();
        Assert.Equal(60, matrix.GetLength(0));
        Assert.Equal(25, matrix.GetLength(1));
        Assert.Equal(Synthetic.GetExpression(Synthetic.CellLineIds[5])[7], matrix[5, 7]);

        var data = Synthetic.GetDrugData(Synthetic.DrugNames[0]);
        var gene = Synthetic.IndexOfGene(Synthetic.GeneNames[3]);
        Assert.Equal(3, gene);
        Assert.Equal(data.Features.Select(f => f[3]), data.GetGeneColumn(gene));
        Assert.Equal(data.Features[2][4], data.ToMatrix()[2, 4]);
        Assert.Equal(-1, Synthetic.IndexOfGene("NOT_A_GENE"));
    }

    [Fact]
    public void PanDrugViewHasAllResponsesAndADrugColumn()
    {
        var view = Synthetic.GetPanDrugDataView(_ml);

        Assert.Equal(TextDataViewType.Instance, view.Schema[GdscColumnNames.Drug].Type);
        Assert.Equal(25, ((VectorDataViewType)view.Schema[GdscColumnNames.Features].Type).Size);
        var drugs = view.GetColumn<string>(GdscColumnNames.Drug).ToList();
        Assert.Equal(Synthetic.ResponseCount, drugs.Count);
        foreach (var drug in Synthetic.DrugNames)
            Assert.Equal(Synthetic.GetResponseCount(drug), drugs.Count(d => d == drug));
        var labels = view.GetColumn<float>(GdscColumnNames.Label).ToArray();
        Assert.Equal(Synthetic.DrugNames.SelectMany(d => Synthetic.GetDrugData(d).Labels), labels);
    }

    [Fact]
    public void SplitIsDeterministicDisjointAndCovering()
    {
        var drug = Synthetic.DrugNames[2];
        var all = Synthetic.GetDrugData(drug).CellLineIds;
        var a = Synthetic.SplitByCellLine(_ml, drug, trainSize: 30, seed: 11);
        var b = Synthetic.SplitByCellLine(_ml, drug, trainSize: 30, seed: 11);
        var c = Synthetic.SplitByCellLine(_ml, drug, trainSize: 30, seed: 12);

        Assert.Equal(a.TrainData.CellLineIds, b.TrainData.CellLineIds);
        Assert.Equal(a.TestData.CellLineIds, b.TestData.CellLineIds);
        Assert.NotEqual(a.TrainData.CellLineIds, c.TrainData.CellLineIds);
        Assert.Equal(30, a.TrainData.Count);
        Assert.Equal(all.Length - 30, a.TestData.Count);
        Assert.Empty(a.TrainData.CellLineIds.Intersect(a.TestData.CellLineIds));
        Assert.Equal(all.Order(StringComparer.Ordinal), a.TrainData.CellLineIds.Concat(a.TestData.CellLineIds).Order(StringComparer.Ordinal));
        Assert.Equal(a.TrainData.CellLineIds, a.Train.GetColumn<string>(GdscColumnNames.CellLineId));
        Assert.Equal(a.TestData.Labels, a.Test.GetColumn<float>(GdscColumnNames.Label));
    }

    [Fact]
    public void SplitFollowsTheDocumentedAlgorithm()
    {
        // Independent re-implementation of the documented algorithm: sort ids, Fisher-Yates with Random(seed), first N.
        var drug = Synthetic.DrugNames[0];
        var ids = Synthetic.GetDrugData(drug).CellLineIds.Order(StringComparer.Ordinal).ToArray();
        var random = new Random(5);
        for (var i = ids.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (ids[i], ids[j]) = (ids[j], ids[i]);
        }

        var split = Synthetic.SplitByCellLine(_ml, drug, trainSize: 20, seed: 5);

        Assert.Equal(ids[..20].Order(StringComparer.Ordinal), split.TrainData.CellLineIds);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void SplitRejectsATrainSizeThatLeavesAPartEmpty(int trainSize)
    {
        var drug = Synthetic.DrugNames[0];
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Synthetic.SplitByCellLine(_ml, drug, trainSize, seed: 1));
        Assert.Contains($"Drug '{drug}' has {Synthetic.GetResponseCount(drug)} cell lines", e.Message);

        var all = Synthetic.GetResponseCount(drug);
        Assert.Throws<ArgumentOutOfRangeException>(() => Synthetic.SplitByCellLine(_ml, drug, all, seed: 1));
    }

    [Fact]
    public void UnknownDrugListsClosestNames()
    {
        var data = GdscTestData.WithDrugs("Venetoclax", "Navitoclax", "Vinorelbine", "Afatinib", "Sorafenib", "Camptothecin", "Vorinostat");

        var e = Assert.Throws<ArgumentException>(() => data.GetDrugData("venetoclx"));

        Assert.StartsWith("Unknown drug 'venetoclx' (names are case-sensitive; this dataset has 7 drugs). Closest names: 'Venetoclax', ", e.Message);
        Assert.Equal("drugName", e.ParamName);
        var listed = e.Message[(e.Message.IndexOf("Closest names: ", StringComparison.Ordinal) + 15)..].Split(", ").Length;
        Assert.Equal(5, listed);
    }

    [Fact]
    public void CaseOnlyMismatchSuggestsTheRightNameFirst()
    {
        var data = GdscTestData.WithDrugs("Venetoclax", "Navitoclax", "Afatinib");
        var e = Assert.Throws<ArgumentException>(() => data.GetDrugDataView(_ml, "AFATINIB"));
        Assert.Contains("Closest names: 'Afatinib', ", e.Message);
    }

    [Fact]
    public void UnknownCellLineIsReported()
    {
        var e = Assert.Throws<ArgumentException>(() => Synthetic.GetExpression("ACH-999999"));
        Assert.Contains("Unknown cell line 'ACH-999999'", e.Message);
    }
}
