using MathNet.Numerics.Statistics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Qhml.MLNet.Data;
using Xunit.Abstractions;

namespace Qhml.MLNet.Tests.Data;

/// <summary>Checks against the real GDSC2 data in ../shared/data/gdsc2 (skipped when absent).</summary>
public sealed class GdscRealDataTests(ITestOutputHelper output)
{
    private static readonly Lazy<GdscDataset> Real = new(GdscTidyLoader.LoadDefault);

    private static string Folder => GdscDataLocator.FindDefaultDataFolder()!;

    [RealDataFact]
    public void HasTheDocumentedShape()
    {
        var data = Real.Value;

        Assert.Equal(580, data.CellLineCount);
        Assert.Equal(706, data.GeneCount);
        Assert.Equal(82_833, data.ResponseCount);
        Assert.Equal(170, data.DrugCount);
        Assert.Equal(0, data.MissingExpressionResponseCount);
        Assert.Empty(data.MissingExpressionCellLineIds);
        Assert.False(data.IsSynthetic);
    }

    [RealDataFact]
    public void CarriesCellLineAndDrugMetadata()
    {
        var data = Real.Value;

        Assert.Equal(580, data.CellLineInfo.Count);
        Assert.Equal(new GdscCellLineInfo("ACH-000001", "905933", "NIH:OVCAR-3", "ovary", "Ovarian Cancer"), data.CellLineInfo["ACH-000001"]);
        Assert.Null(data.CellLineInfo["ACH-000109"].CosmicId);
        Assert.Equal(170, data.DrugInfo.Count);
        Assert.Equal(new GdscDrugInfo("5-Fluorouracil", "3385", "C1=C(C(=O)NC(=O)N1)F"), data.DrugInfo["5-Fluorouracil"]);
        Assert.All(data.DrugNames, d => Assert.True(data.DrugInfo.ContainsKey(d), d));
        Assert.All(data.CellLineIds, id => Assert.True(data.CellLineInfo.ContainsKey(id), id));
    }

    [RealDataFact]
    public void PanDrugViewHasEveryResponse()
    {
        var view = Real.Value.GetPanDrugDataView(new MLContext(1));
        var drugs = view.GetColumn<string>(GdscColumnNames.Drug).ToList();

        Assert.Equal(82_833, drugs.Count);
        Assert.Equal(579, drugs.Count(d => d == "Camptothecin")); // README: most measured drug
        Assert.Equal(706, ((VectorDataViewType)view.Schema[GdscColumnNames.Features].Type).Size);
    }

    [RealDataFact]
    public void GenesFollowGenesCsv()
    {
        var symbols = File.ReadLines(Path.Combine(Folder, "genes.csv")).Skip(1).Select(l => l.Split(',')[0]).ToArray();

        Assert.Equal(symbols[0], Real.Value.GeneNames[0]);
        Assert.Equal(symbols, Real.Value.GeneNames);
    }

    [RealDataFact]
    public void VenetoclaxRowCountMatchesResponseCsv()
    {
        var expected = File.ReadLines(Path.Combine(Folder, "response.csv")).Count(l => l.Split(',')[1] == "Venetoclax");

        Assert.Equal(expected, Real.Value.GetResponseCount("Venetoclax"));
        Assert.Equal(expected, Real.Value.GetDrugDataView(new MLContext(1), "Venetoclax").GetColumn<float>(GdscColumnNames.Label).Count());
    }

    [RealDataFact]
    public void Bcl2ExpressionCorrelatesWithVenetoclaxResponseAsDocumented()
    {
        var venetoclax = Real.Value.GetDrugData("Venetoclax");
        var bcl2 = venetoclax.GetGeneColumn(Real.Value.IndexOfGene("BCL2")).Select(v => (double)v);

        var r = Correlation.Pearson(bcl2, venetoclax.Labels.Select(v => (double)v));

        output.WriteLine($"Pearson r(BCL2, Venetoclax ln IC50) = {r:F4} over {venetoclax.Count} cell lines");
        Assert.Equal(-0.64, r, 0.005); // README: -0.64 (two decimals)
    }

    [RealDataFact]
    public void DrugViewSchemaCarriesGeneNames()
    {
        var view = Real.Value.GetDrugDataView(new MLContext(1), "Venetoclax");

        var features = view.Schema[GdscColumnNames.Features];
        var type = Assert.IsType<VectorDataViewType>(features.Type);
        Assert.Equal(706, type.Size);
        Assert.Equal(NumberDataViewType.Single, type.ItemType);
        var slotNames = default(VBuffer<ReadOnlyMemory<char>>);
        features.GetSlotNames(ref slotNames);
        Assert.Equal(Real.Value.GeneNames, slotNames.DenseValues().Select(s => s.ToString()));
        Assert.Equal(NumberDataViewType.Single, view.Schema[GdscColumnNames.Label].Type);
        Assert.Equal(TextDataViewType.Instance, view.Schema[GdscColumnNames.CellLineId].Type);
    }

    [RealDataFact]
    public void SplitOfARealDrugIsDeterministicDisjointAndCovering()
    {
        var ml = new MLContext(1);
        var a = Real.Value.SplitByCellLine(ml, "Venetoclax", 400, seed: 1);
        var b = Real.Value.SplitByCellLine(ml, "Venetoclax", 400, seed: 1);
        var c = Real.Value.SplitByCellLine(ml, "Venetoclax", 400, seed: 2);

        Assert.Equal(a.TrainData.CellLineIds, b.TrainData.CellLineIds);
        Assert.NotEqual(a.TrainData.CellLineIds, c.TrainData.CellLineIds);
        Assert.Equal(400, a.TrainData.Count);
        Assert.Equal(Real.Value.GetResponseCount("Venetoclax") - 400, a.TestData.Count);
        Assert.Empty(a.TrainData.CellLineIds.Intersect(a.TestData.CellLineIds));
        Assert.Equal(Real.Value.GetDrugData("Venetoclax").CellLineIds.Order(StringComparer.Ordinal),
            a.TrainData.CellLineIds.Concat(a.TestData.CellLineIds).Order(StringComparer.Ordinal));
    }

    [RealDataFact]
    public void ValuesMatchTheFileAndMisspeltDrugIsHelped()
    {
        var firstRow = File.ReadLines(Path.Combine(Folder, "expression.csv")).Skip(1).First().Split(',');
        var expression = Real.Value.GetExpression(firstRow[0]);
        Assert.Equal(float.Parse(firstRow[1], System.Globalization.CultureInfo.InvariantCulture), expression[0]);
        Assert.Equal(float.Parse(firstRow[706], System.Globalization.CultureInfo.InvariantCulture), expression[705]);

        var e = Assert.Throws<ArgumentException>(() => Real.Value.GetDrugData("venetoclax"));
        Assert.Contains("Closest names: 'Venetoclax', ", e.Message);
    }

    [RealDataFact]
    public void DefaultOrSyntheticPicksTheRealData()
    {
        var data = GdscDataset.LoadDefaultOrSynthetic();
        Assert.False(data.IsSynthetic);
        Assert.Equal(Path.GetFullPath(Folder), data.Source[(data.Source.IndexOf('\'') + 1)..^1]);
    }
}
