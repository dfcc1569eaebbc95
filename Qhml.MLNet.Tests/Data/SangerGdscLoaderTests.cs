using MathNet.Numerics.Statistics;
using Qhml.MLNet.Data;

namespace Qhml.MLNet.Tests.Data;

public sealed class SangerGdscLoaderTests : IDisposable
{
    // Genes in rows, cell lines in DATA.<COSMIC_ID> columns; one probe without a gene symbol.
    private const string Rma =
        "GENE_SYMBOLS\tGENE_title\tDATA.906826\tDATA.687983\tDATA.910927\tDATA.1240138\n" +
        "TSPAN6\ttetraspanin 6 [Source:HGNC Symbol;Acc:11858]\t7.63\t7.55\t8.02\t6.5\n" +
        "\tprobe without gene, skipped\t1\t2\t3\t4\n" +
        "BCL2\tBCL2, apoptosis regulator\t3.5\t4.25\t2\t5\n" +
        "TP53\ttumor protein p53\t9\t9\t9\t9\n";

    // Lower-case header names, extra columns, a quoted field with a comma, a float-formatted COSMIC id,
    // and a COSMIC id (999999) without expression.
    private const string DoseResponse =
        "dataset,nlme_result_id,cosmic_id,cell_line_name,drug_id,drug_name,putative_target,ln_ic50,auc\n" +
        "GDSC2,343,906826,CAL-120,1003,Camptothecin,\"TOP1, DNA\",-1.5,0.93\n" +
        "GDSC2,343,687983,EW-12,1003,Camptothecin,\"TOP1, DNA\",-2.25,0.8\n" +
        "GDSC2,343,910927.0,SK-ES-1,1909,Venetoclax,BCL2,3.75,0.97\n" +
        "GDSC2,343,1240138,HCC1954,1909,Venetoclax,BCL2,1,0.6\n" +
        "GDSC2,343,999999,NOPE,1909,Venetoclax,BCL2,2,0.7\n";

    private readonly TempDataFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void TransposesTheRmaMatrixAndJoinsOnCosmicIds()
    {
        var data = Load(Rma, DoseResponse, new SangerGdscLoader.Options { StandardizeGenes = false });

        Assert.Equal(["TSPAN6", "BCL2", "TP53"], data.GeneNames);
        Assert.Equal(["1240138", "687983", "906826", "910927"], data.CellLineIds);
        Assert.Equal([7.63f, 3.5f, 9f], data.GetExpression("906826").ToArray());
        Assert.Equal([6.5f, 5f, 9f], data.GetExpression("1240138").ToArray());
        Assert.Equal(["Camptothecin", "Venetoclax"], data.DrugNames);

        var venetoclax = data.GetDrugData("Venetoclax");
        Assert.Equal(["1240138", "910927"], venetoclax.CellLineIds);
        Assert.Equal([1f, 3.75f], venetoclax.Labels);
        Assert.Equal(1, data.MissingExpressionResponseCount);
        Assert.Equal(["999999"], data.MissingExpressionCellLineIds);
    }

    [Fact]
    public void StandardizesGenesByDefaultAndZeroesConstantOnes()
    {
        var data = Load(Rma, DoseResponse);
        var matrix = data.CopyExpressionMatrix();
        var bcl2 = Enumerable.Range(0, 4).Select(i => (double)matrix[i, 1]).ToArray();

        Assert.Equal(0, bcl2.Mean(), 6);
        Assert.Equal(1, bcl2.StandardDeviation(), 6);
        var raw = new[] { 5.0, 4.25, 3.5, 2 }; // BCL2 in CellLineIds order 1240138, 687983, 906826, 910927
        Assert.Equal((raw[0] - raw.Mean()) / raw.StandardDeviation(), bcl2[0], 5);
        Assert.All(Enumerable.Range(0, 4), i => Assert.Equal(0f, matrix[i, 2]));
    }

    [Fact]
    public void GeneListSelectsAndOrdersGenes()
    {
        var data = Load(Rma, DoseResponse, new SangerGdscLoader.Options { Genes = ["TP53", "BCL2"], StandardizeGenes = false });

        Assert.Equal(["TP53", "BCL2"], data.GeneNames);
        Assert.Equal([9f, 3.5f], data.GetExpression("906826").ToArray());
    }

    [Fact]
    public void RequestedGeneAbsentFromTheFileIsAnError()
    {
        var e = Assert.Throws<GdscDataFormatException>(() =>
            Load(Rma, DoseResponse, new SangerGdscLoader.Options { Genes = ["BCL2", "KRAS"] }));
        Assert.StartsWith("rma.txt, column 'GENE_SYMBOLS': 1 requested gene(s) are not in the file: KRAS.", e.Message);
    }

    [Fact]
    public void GeneListedTwiceIsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            Load(Rma, DoseResponse, new SangerGdscLoader.Options { Genes = ["BCL2", "TP53", "BCL2"] }));
        Assert.StartsWith("Gene 'BCL2' is listed twice in Options.Genes.", e.Message);
    }

    [Fact]
    public void AucCanBeTheResponse()
    {
        var data = Load(Rma, DoseResponse, new SangerGdscLoader.Options { ResponseColumn = "AUC" });
        Assert.Equal([0.6f, 0.97f], data.GetDrugData("Venetoclax").Labels);
    }

    [Fact]
    public void RepeatedDrugNameIsAnErrorUnlessAveraged()
    {
        var repeated = DoseResponse + "GDSC2,343,906826,CAL-120,1004,Camptothecin,\"TOP1, DNA\",-0.5,0.9\n";

        var e = Assert.Throws<GdscDataFormatException>(() => Load(Rma, repeated));
        Assert.StartsWith("response.csv line 7: the response of cell line '906826' to drug 'Camptothecin' appears twice (first at line 2)", e.Message);

        var averaged = Load(Rma, repeated, new SangerGdscLoader.Options { AverageDuplicateResponses = true });
        Assert.Equal([-2.25f, -1f], averaged.GetDrugData("Camptothecin").Labels);
    }

    [Fact]
    public void NonNumericExpressionNamesTheCellLineColumn()
    {
        var bad = Rma.Replace("\t4.25\t", "\tn/a\t", StringComparison.Ordinal);
        var e = Assert.Throws<GdscDataFormatException>(() => Load(bad, DoseResponse));
        Assert.StartsWith("rma.txt line 4, column 'DATA.687983': 'n/a' is not a number", e.Message);
    }

    [Fact]
    public void RaggedExpressionRowIsRejected()
    {
        var bad = Rma + "KRAS\tKRAS proto-oncogene\t1\t2\t3\n";
        var e = Assert.Throws<GdscDataFormatException>(() => Load(bad, DoseResponse));
        Assert.StartsWith("rma.txt line 6: expected 6 fields (as in the header), found 5", e.Message);
    }

    [Fact]
    public void DuplicateCellLineColumnIsRejected()
    {
        var bad = Rma.Replace("DATA.910927", "DATA.906826", StringComparison.Ordinal);
        var e = Assert.Throws<GdscDataFormatException>(() => Load(bad, DoseResponse));
        Assert.StartsWith("rma.txt line 1, column 'DATA.906826': cell line '906826' appears twice (first at column 'DATA.906826')", e.Message);
    }

    [Fact]
    public void DuplicateGeneRowIsRejected()
    {
        var bad = Rma + "BCL2\tagain\t1\t2\t3\t4\n";
        var e = Assert.Throws<GdscDataFormatException>(() => Load(bad, DoseResponse));
        Assert.StartsWith("rma.txt line 6, column 'GENE_SYMBOLS': gene 'BCL2' appears twice (first at line 4)", e.Message);
    }

    [Fact]
    public void BadCellColumnNameIsRejected()
    {
        var bad = Rma.Replace("DATA.687983", "EW-12", StringComparison.Ordinal);
        var e = Assert.Throws<GdscDataFormatException>(() => Load(bad, DoseResponse));
        Assert.StartsWith("rma.txt line 1, column 'EW-12': cell line columns must be named 'DATA.<COSMIC_ID>'.", e.Message);
    }

    [Fact]
    public void WrongLeadingColumnsAreRejected()
    {
        var bad = Rma.Replace("GENE_title", "DESCRIPTION", StringComparison.Ordinal);
        var e = Assert.Throws<GdscDataFormatException>(() => Load(bad, DoseResponse));
        Assert.StartsWith("rma.txt line 1: expected the columns 'GENE_SYMBOLS', 'GENE_title', then 'DATA.<COSMIC_ID>' columns", e.Message);
    }

    [Fact]
    public void NonIntegerCosmicIdIsRejected()
    {
        var bad = DoseResponse.Replace("687983", "EW12", StringComparison.Ordinal);
        var e = Assert.Throws<GdscDataFormatException>(() => Load(Rma, bad));
        Assert.StartsWith("response.csv line 3, column 'cosmic_id': 'EW12' is not a COSMIC id (a positive integer).", e.Message);
    }

    [Fact]
    public void MissingResponseColumnIsRejected()
    {
        var e = Assert.Throws<GdscDataFormatException>(() =>
            Load(Rma, DoseResponse, new SangerGdscLoader.Options { ResponseColumn = "IC50_UM" }));
        Assert.StartsWith("response.csv line 1: required column 'IC50_UM' not found (matched case-insensitively)", e.Message);
    }

    [Fact]
    public void MissingFilesAreNamed()
    {
        var rma = _folder.Write("rma.txt", Rma);
        var missing = Path.Combine(_folder.Path, "GDSC2_fitted_dose_response.csv");

        var e = Assert.Throws<FileNotFoundException>(() => SangerGdscLoader.Load(missing, rma));
        Assert.Equal($"The GDSC dose-response file 'GDSC2_fitted_dose_response.csv' was not found at '{missing}'.", e.Message);

        var response = _folder.Write("response.csv", DoseResponse);
        var noRma = Path.Combine(_folder.Path, "Cell_line_RMA_proc_basalExp.txt");
        e = Assert.Throws<FileNotFoundException>(() => SangerGdscLoader.Load(response, noRma));
        Assert.Equal($"The RMA expression file 'Cell_line_RMA_proc_basalExp.txt' was not found at '{noRma}'.", e.Message);
    }

    private GdscDataset Load(string rma, string doseResponse, SangerGdscLoader.Options? options = null)
        => SangerGdscLoader.Load(_folder.Write("response.csv", doseResponse), _folder.Write("rma.txt", rma), options);
}
