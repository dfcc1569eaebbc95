using Qhml.MLNet.Data;

namespace Qhml.MLNet.Tests.Data;

public sealed class GdscTidyLoaderTests : IDisposable
{
    private readonly TempDataFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void LoadsTheTidyLayoutSortedByCellLine()
    {
        var data = GdscTidyLoader.Load(TidyFixture.WriteFolder(_folder));

        Assert.Equal(["BCL2", "TP53", "EGFR"], data.GeneNames);
        Assert.Equal(["ACH-000001", "ACH-000002", "ACH-000003"], data.CellLineIds);
        Assert.Equal([-1f, 0.5f, 0.1f], data.GetExpression("ACH-000001").ToArray());
        Assert.Equal([0f, 3.25f, -2.5f], data.GetExpression("ACH-000002").ToArray());
        Assert.Equal(["Navitoclax", "Venetoclax"], data.DrugNames);
        Assert.Equal(5, data.ResponseCount);
        Assert.False(data.IsSynthetic);
        Assert.Contains(_folder.Path, data.Source);

        var venetoclax = data.GetDrugData("Venetoclax");
        Assert.Equal(["ACH-000001", "ACH-000003"], venetoclax.CellLineIds);
        Assert.Equal([-2.5f, 1.25f], venetoclax.Labels);
        Assert.Equal([1.5f, -0.25f, 2f], venetoclax.Features[1]);
        Assert.Equal(3, data.GetResponseCount("Navitoclax"));
    }

    [Fact]
    public void Utf8ByteOrderMarkIsIgnored()
    {
        TidyFixture.WriteFolder(_folder);
        File.WriteAllText(Path.Combine(_folder.Path, "expression.csv"), TidyFixture.Expression, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        var data = GdscTidyLoader.Load(_folder.Path);

        Assert.Equal(3, data.CellLineCount);
        Assert.Equal("BCL2", data.GeneNames[0]);
    }

    [Fact]
    public void ResponsesWithoutExpressionAreCountedNotSilentlyDropped()
    {
        var data = GdscTidyLoader.Load(TidyFixture.WriteFolder(_folder));

        Assert.Equal(1, data.MissingExpressionResponseCount);
        Assert.Equal(["ACH-000009"], data.MissingExpressionCellLineIds);
        Assert.DoesNotContain("ACH-000009", data.GetDrugData("Venetoclax").CellLineIds);
        Assert.Contains("5 responses (1 responses of 1 cell lines without expression left out)", data.ToString());
    }

    [Fact]
    public void MissingFolderNamesThePath()
    {
        var path = Path.Combine(_folder.Path, "nowhere");
        var e = Assert.Throws<DirectoryNotFoundException>(() => GdscTidyLoader.Load(path));
        Assert.Contains(path, e.Message);
    }

    [Theory]
    [InlineData("expression.csv", "expression")]
    [InlineData("response.csv", "response")]
    public void MissingFileNamesTheFileAndItsPath(string missing, string role)
    {
        TidyFixture.WriteFolder(_folder);
        File.Delete(Path.Combine(_folder.Path, missing));

        var e = Assert.Throws<FileNotFoundException>(() => GdscTidyLoader.Load(_folder.Path));

        Assert.Contains($"The {role} file '{missing}' was not found", e.Message);
        Assert.Contains(Path.Combine(_folder.Path, missing), e.Message);
    }

    [Fact]
    public void RaggedRowWithTooFewFieldsIsRejected()
    {
        var expression = "depmap_id,BCL2,TP53,EGFR\nACH-000001,1,2,3\nACH-000002,1,2\n";
        var e = Assert.Throws<GdscDataFormatException>(() => Load(expression, TidyFixture.Response));

        Assert.StartsWith("expression.csv line 3: expected 4 fields (as in the header), found 3", e.Message);
        Assert.Equal(3, e.LineNumber);
    }

    [Fact]
    public void RaggedRowWithTooManyFieldsIsRejected()
    {
        var response = "depmap_id,drug_name,ln_ic50\nACH-000001,Venetoclax,1,9,9\n";
        var e = Assert.Throws<GdscDataFormatException>(() => Load(TidyFixture.Expression, response));

        Assert.StartsWith("response.csv line 2: expected 3 fields (as in the header), found 5", e.Message);
    }

    [Fact]
    public void NonNumericExpressionNamesFileLineAndColumn()
    {
        var expression = "depmap_id,BCL2,TP53,EGFR\nACH-000001,1,2,3\nACH-000002,1,abc,3\n";
        var e = Assert.Throws<GdscDataFormatException>(() => Load(expression, TidyFixture.Response));

        Assert.StartsWith("expression.csv line 3, column 'TP53': 'abc' is not a number", e.Message);
        Assert.Equal("TP53", e.ColumnName);
        Assert.EndsWith($"(file: {Path.Combine(_folder.Path, "expression.csv")})", e.Message);
    }

    [Fact]
    public void CommaDecimalIsNotANumber()
    {
        var expression = "depmap_id,BCL2\nACH-000001,\"1,5\"\n";
        var e = Assert.Throws<GdscDataFormatException>(() => Load(expression, TidyFixture.Response));
        Assert.StartsWith("expression.csv line 2, column 'BCL2': '1,5' is not a number", e.Message);
    }

    [Theory]
    [InlineData("", "the value is missing")]
    [InlineData("NA", "the value is missing")]
    [InlineData("NaN", "'NaN' is not a finite number")]
    [InlineData("-Infinity", "'-Infinity' is not a finite number")]
    public void MissingOrNonFiniteExpressionIsAnError(string value, string expected)
    {
        var expression = $"depmap_id,BCL2,TP53\nACH-000001,1,2\nACH-000002,{value},3\n";
        var e = Assert.Throws<GdscDataFormatException>(() => Load(expression, TidyFixture.Response));

        Assert.StartsWith($"expression.csv line 3, column 'BCL2': {expected}", e.Message);
    }

    [Fact]
    public void NonNumericResponseNamesFileLineAndColumn()
    {
        var response = "depmap_id,drug_name,ln_ic50\nACH-000001,Venetoclax,1\nACH-000002,Venetoclax,high\n";
        var e = Assert.Throws<GdscDataFormatException>(() => Load(TidyFixture.Expression, response));

        Assert.StartsWith("response.csv line 3, column 'ln_ic50': 'high' is not a number", e.Message);
    }

    [Fact]
    public void DuplicateCellLineNamesBothLines()
    {
        var expression = "depmap_id,BCL2\nACH-000001,1\nACH-000002,2\nACH-000001,3\n";
        var e = Assert.Throws<GdscDataFormatException>(() => Load(expression, TidyFixture.Response));

        Assert.StartsWith("expression.csv line 4, column 'depmap_id': cell line 'ACH-000001' appears twice (first at line 2)", e.Message);
    }

    [Fact]
    public void DuplicateResponseNamesBothLines()
    {
        var response = "depmap_id,drug_name,ln_ic50\nACH-000001,Venetoclax,1\nACH-000002,Venetoclax,2\nACH-000001,Venetoclax,3\n";
        var e = Assert.Throws<GdscDataFormatException>(() => Load(TidyFixture.Expression, response));

        Assert.StartsWith("response.csv line 4: the response of cell line 'ACH-000001' to drug 'Venetoclax' appears twice (first at line 2)", e.Message);
    }

    [Fact]
    public void DuplicateGeneIsRejected()
    {
        var expression = "depmap_id,BCL2,TP53,BCL2\nACH-000001,1,2,3\n";
        var e = Assert.Throws<GdscDataFormatException>(() => Load(expression, TidyFixture.Response));

        Assert.StartsWith("expression.csv line 1, column 'BCL2': gene 'BCL2' appears twice in the header (columns 2 and 4)", e.Message);
    }

    [Fact]
    public void MissingResponseColumnListsTheHeader()
    {
        var response = "depmap_id,drug,ln_ic50\nACH-000001,Venetoclax,1\n";
        var e = Assert.Throws<GdscDataFormatException>(() => Load(TidyFixture.Expression, response));

        Assert.StartsWith("response.csv line 1: required column 'drug_name' not found (matched case-insensitively); the header has: depmap_id, drug, ln_ic50.", e.Message);
    }

    [Fact]
    public void WrongFirstExpressionColumnIsRejected()
    {
        var expression = "cell,BCL2\nACH-000001,1\n";
        var e = Assert.Throws<GdscDataFormatException>(() => Load(expression, TidyFixture.Response));
        Assert.StartsWith("expression.csv line 1, column 'cell': the first column must be 'depmap_id'", e.Message);
    }

    [Fact]
    public void EmptyCellLineIdIsRejected()
    {
        var expression = "depmap_id,BCL2\n,1\n";
        var e = Assert.Throws<GdscDataFormatException>(() => Load(expression, TidyFixture.Response));
        Assert.StartsWith("expression.csv line 2, column 'depmap_id': the identifier is empty.", e.Message);
    }

    [Fact]
    public void UnclosedQuoteIsRejected()
    {
        var response = "depmap_id,drug_name,ln_ic50\nACH-000001,\"Venetoclax,1\n";
        var e = Assert.Throws<GdscDataFormatException>(() => Load(TidyFixture.Expression, response));
        Assert.StartsWith("response.csv line 2: field 2 opens a quote that is not closed on the same line.", e.Message);
    }

    [Fact]
    public void EmptyFileIsRejected()
    {
        var e = Assert.Throws<GdscDataFormatException>(() => Load("", TidyFixture.Response));
        Assert.StartsWith("expression.csv: the file is empty; a header row was expected.", e.Message);
    }

    [Fact]
    public void LoadExpressionReadsAnyIdColumnWithTheTrainingRules()
    {
        var path = _folder.Write("scores.csv", "sample, BCL2 ,\"TP53\"\n\"s,1\", \"1.5\" ,-2\n\ns2,0,3e-1\n");

        var table = GdscTidyLoader.LoadExpression(path);

        Assert.Equal("sample", table.IdColumnName);
        Assert.Equal(["BCL2", "TP53"], table.GeneNames);
        Assert.Equal(["s,1", "s2"], table.RowIds);
        Assert.Equal([1.5f, -2f], table.GetExpression(0).ToArray());
        Assert.Equal([0f, 0.3f], table.GetExpression(1).ToArray());
        Assert.Equal([1, 0], table.GetGeneColumns(["TP53", "BCL2"]));
        var e = Assert.Throws<GdscDataFormatException>(() => table.GetGeneColumns(["BCL2", "EGFR", "MYC"]));
        Assert.StartsWith("scores.csv line 1: 2 of the 3 required gene columns are missing, e.g. EGFR, MYC.", e.Message);
    }

    [Fact]
    public void AHeaderMisreadAsOneLongColumnGivesAShortMessage()
    {
        // A '|'-separated file with 700 genes: the message names the separator, not the 5 KB "column".
        var header = "depmap_id|" + string.Join('|', Enumerable.Range(0, 700).Select(i => $"GENE{i:D4}"));
        var e = Assert.Throws<GdscDataFormatException>(() => Load(header + "\nACH-000001|1\n", TidyFixture.Response));
        Assert.StartsWith("expression.csv line 1: the file looks '|'-separated; expected ','. (file: ", e.Message);
        Assert.True(e.Message.Length < 200 + _folder.Path.Length, e.Message);

        // A name too long for a message is cut there; the exception keeps it whole.
        var longName = new string('x', 5000);
        e = Assert.Throws<GdscDataFormatException>(() => Load($"{longName},BCL2\nACH-000001,1\n", TidyFixture.Response));
        Assert.StartsWith($"expression.csv line 1, column '{longName[..60]}... (5000 characters)': the first column must be 'depmap_id'", e.Message);
        Assert.Equal(longName, e.ColumnName);
    }

    [Fact]
    public void AHeaderOnlyFileIsToldApartFromAnEmptyOne()
    {
        var e = Assert.Throws<GdscDataFormatException>(() => Load("depmap_id,BCL2\n\n", TidyFixture.Response));
        Assert.StartsWith("expression.csv: the file has a header row but no data rows; expected one row per cell line.", e.Message);
    }

    private GdscDataset Load(string expression, string response)
        => GdscTidyLoader.Load(TidyFixture.WriteFolder(_folder, expression, response));
}
