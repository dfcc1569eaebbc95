using Qhml.MLNet.Data;

namespace Qhml.MLNet.Tests.Data;

public sealed class GdscMetadataTests : IDisposable
{
    private const string CellLines =
        "depmap_id,cosmic_id,cell_line_name,stripped_name,sanger_model_id,lineage,primary_disease\n" +
        "ACH-000001,905933,NIH:OVCAR-3,NIHOVCAR3,SIDM00105,ovary,Ovarian Cancer\n" +
        "ACH-000002,,HL-60,HL60,SIDM00829,blood,Leukemia\n";

    private const string Drugs =
        "drug_name,pubchem_cid,canonical_smiles\n" +
        "Venetoclax,49846579,\"CC1(CCC(=C(C1)C2=CC=C(C=C2)Cl)CN3CCN(CC3)C4=CC(=C(C=C4)C(=O)NS(=O)(=O)C5)\"\n" +
        "Navitoclax,,\n";

    private readonly TempDataFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void ReadsOptionalCellLineAndDrugMetadata()
    {
        TidyFixture.WriteFolder(_folder);
        _folder.Write("cell_lines.csv", CellLines);
        _folder.Write("drugs.csv", Drugs);

        var data = GdscTidyLoader.Load(_folder.Path);

        Assert.Equal(new GdscCellLineInfo("ACH-000001", "905933", "NIH:OVCAR-3", "ovary", "Ovarian Cancer"), data.CellLineInfo["ACH-000001"]);
        Assert.Null(data.CellLineInfo["ACH-000002"].CosmicId);
        Assert.Equal(2, data.CellLineInfo.Count);
        Assert.Equal("49846579", data.DrugInfo["Venetoclax"].PubChemCid);
        Assert.StartsWith("CC1(CCC(=C(C1)C2", data.DrugInfo["Venetoclax"].CanonicalSmiles);
        Assert.Equal(new GdscDrugInfo("Navitoclax", null, null), data.DrugInfo["Navitoclax"]);
    }

    [Fact]
    public void MetadataIsOptional()
    {
        var data = GdscTidyLoader.Load(TidyFixture.WriteFolder(_folder));

        Assert.Empty(data.CellLineInfo);
        Assert.Empty(data.DrugInfo);
    }

    [Fact]
    public void DuplicateMetadataIdIsRejected()
    {
        TidyFixture.WriteFolder(_folder);
        _folder.Write("cell_lines.csv", CellLines + "ACH-000001,1,X,X,S,lung,Lung Cancer\n");

        var e = Assert.Throws<GdscDataFormatException>(() => GdscTidyLoader.Load(_folder.Path));
        Assert.StartsWith("cell_lines.csv line 4, column 'depmap_id': 'ACH-000001' appears twice (first at line 2)", e.Message);
    }

    [Fact]
    public void MetadataMissingAColumnIsRejected()
    {
        TidyFixture.WriteFolder(_folder);
        _folder.Write("drugs.csv", "drug_name,canonical_smiles\nVenetoclax,C\n");

        var e = Assert.Throws<GdscDataFormatException>(() => GdscTidyLoader.Load(_folder.Path));
        Assert.StartsWith("drugs.csv line 1: required column 'pubchem_cid' not found", e.Message);
    }

    [Fact]
    public void SyntheticDataHasNoMetadata()
    {
        var data = SyntheticGdscGenerator.Generate(new SyntheticGdscGenerator.Options { CellLineCount = 10, GeneCount = 4, DrugCount = 2 });
        Assert.Empty(data.CellLineInfo);
        Assert.Empty(data.DrugInfo);
    }
}
