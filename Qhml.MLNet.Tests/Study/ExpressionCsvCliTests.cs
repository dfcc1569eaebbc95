using System.Globalization;

namespace Qhml.MLNet.Tests.Study;

/// <summary>
/// <c>train</c> (expression.csv in <c>--data</c>) and <c>predict</c> (<c>--input</c>) read an expression CSV with one
/// reader: the same files are accepted with the same numbers, the same files are refused with the same one-line error.
/// </summary>
[Collection(nameof(ConsoleErrorCollection))] // captures Console.Error
public sealed class ExpressionCsvCliTests : IClassFixture<ExpressionCsvCliTests.TrainedModel>, IDisposable
{
    private const int CellLines = 24;
    private static readonly string[] Genes = ["BCL2", "TP53", "EGFR"];
    private readonly TrainedModel _model;
    private readonly string _folder = Directory.CreateTempSubdirectory("qhml-csv-").FullName;

    public ExpressionCsvCliTests(TrainedModel model) => _model = model;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A bad expression.csv (header: depmap_id,BCL2,TP53,EGFR) and what its error must say.</summary>
    public static TheoryData<string, string, string> BadFiles => new()
    {
        { "semicolons", "depmap_id;BCL2;TP53;EGFR\nACH-000001;1;2;3\n", "expression.csv line 1: the file looks ';'-separated; expected ','." },
        { "tabs", "depmap_id\tBCL2\tTP53\tEGFR\nACH-000001\t1\t2\t3\n", "expression.csv line 1: the file looks tab-separated; expected ','." },
        { "duplicate gene", "depmap_id,BCL2,TP53,BCL2\nACH-000001,1,2,3\n", "expression.csv line 1, column 'BCL2': gene 'BCL2' appears twice in the header (columns 2 and 4)" },
        { "not a number", "depmap_id,BCL2,TP53,EGFR\nACH-000001,1,2,3\nACH-000002,1,abc,3\n", "expression.csv line 3, column 'TP53': 'abc' is not a number" },
        { "NaN", "depmap_id,BCL2,TP53,EGFR\nACH-000001,1,2,NaN\n", "expression.csv line 2, column 'EGFR': 'NaN' is not a finite number" },
        { "overflow", "depmap_id,BCL2,TP53,EGFR\nACH-000001,1e39,2,3\n", "expression.csv line 2, column 'BCL2': '1e39' is not a finite number" },
        { "missing value", "depmap_id,BCL2,TP53,EGFR\nACH-000001,1,,3\n", "expression.csv line 2, column 'TP53': the value is missing" },
        { "empty file", "", "expression.csv: the file is empty; a header row was expected." },
        { "header only", "depmap_id,BCL2,TP53,EGFR\n\n", "expression.csv: the file has a header row but no data rows" },
        { "ragged row", "depmap_id,BCL2,TP53,EGFR\nACH-000001,1,2\n", "expression.csv line 2: expected 4 fields (as in the header), found 3" },
        { "duplicate id", "depmap_id,BCL2,TP53,EGFR\nACH-000001,1,2,3\nACH-000001,1,2,3\n", "expression.csv line 3, column 'depmap_id': cell line 'ACH-000001' appears twice (first at line 2)" },
        { "empty id", "depmap_id,BCL2,TP53,EGFR\n\"\",1,2,3\n", "expression.csv line 2, column 'depmap_id': the identifier is empty." },
        { "unclosed quote", "depmap_id,BCL2,TP53,EGFR\nACH-000001,\"1,2,3\n", "expression.csv line 2: field 2 opens a quote that is not closed on the same line." },
        { "text after a quote", "depmap_id,BCL2,TP53,EGFR\nACH-000001,\"1\"x,2,3\n", "expression.csv line 2: field 2 has text after its closing quote." },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void TrainAndPredictRefuseABadFileWithTheSameShortLine(string caseName, string expression, string expected)
    {
        string expressionPath = WriteFolder(_folder, expression, Response(Values()));

        var (trainExit, trainError) = Run("train", "--data", _folder, "--drug", "Drug", "--model", "Sdca", "--output", Path.Combine(_folder, "m.zip"));
        var (predictExit, predictError) = Run("predict", "--model", _model.ModelPath, "--input", expressionPath);

        Assert.Equal(1, trainExit);
        Assert.Equal(1, predictExit);
        Assert.Equal(trainError, predictError);
        Assert.StartsWith("error: " + expected, trainError, StringComparison.Ordinal);
        Assert.EndsWith($"(file: {expressionPath})" + Environment.NewLine, trainError, StringComparison.Ordinal);
        Assert.Single(trainError.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.True(trainError.Replace(expressionPath, "", StringComparison.Ordinal).Length < 200,
            $"{caseName}: the message is {trainError.Length} characters: {trainError}");
        Assert.False(File.Exists(Path.Combine(_folder, "m.zip")));
    }

    [Fact]
    public void QuotedValuesAndSpacedHeadersGiveTheSameModelAndTheSamePredictions()
    {
        float[][] values = Values();
        string quotedFolder = Path.Combine(_folder, "quoted");
        Directory.CreateDirectory(quotedFolder);
        string quoted = WriteFolder(quotedFolder, Expression(values, quoted: true), Response(values));
        string plain = Path.Combine(_folder, "plain.csv");
        File.WriteAllText(plain, Expression(values, quoted: false));
        string quotedModel = Path.Combine(_folder, "quoted.zip");

        Assert.Equal((0, ""), Run("train", "--data", quotedFolder, "--drug", "Drug", "--model", "Sdca", "--train-size", "0", "--output", quotedModel));
        string fromPlain = Predict(_model.ModelPath, plain);
        string quotedInput = Predict(_model.ModelPath, quoted);
        string quotedTraining = Predict(quotedModel, plain);

        string[] rows = fromPlain.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(CellLines + 1, rows.Length);
        Assert.Equal("id,prediction", rows[0]);
        Assert.StartsWith("ACH-000001,", rows[1], StringComparison.Ordinal);
        // The fitted model follows the labels: predictions vary from row to row (a constant would hide a misread column).
        float[] scores = rows.Skip(1).Select(r => float.Parse(r.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();
        Assert.True(scores.Max() - scores.Min() > 0.5f, $"predictions span {scores.Min()}..{scores.Max()}");
        Assert.Equal(fromPlain, quotedInput);
        Assert.Equal(fromPlain, quotedTraining);
    }

    [Fact]
    public void PredictNamesTheMissingGeneColumnsAndHowMany()
    {
        string input = Path.Combine(_folder, "input.csv");
        File.WriteAllText(input, "id,BCL2,OTHER\nx,1,2\n");
        var (exit, error) = Run("predict", "--model", _model.ModelPath, "--input", input);
        Assert.Equal(1, exit);
        Assert.StartsWith("error: input.csv line 1: 2 of the 3 required gene columns are missing, e.g. TP53, EGFR.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AnErrorWithALongPathIsOneUnbrokenLineWhenPiped()
    {
        // Spectre.Console would break this at 80 columns when stderr is redirected.
        string deep = Path.Combine(_folder, new string('d', 120), "a folder with spaces");
        Directory.CreateDirectory(deep);
        string input = Path.Combine(deep, "scores.csv");
        File.WriteAllText(input, "id;BCL2;TP53;EGFR\nx;1;2;3\n");

        var (exit, error) = Run("predict", "--model", _model.ModelPath, "--input", input);

        Assert.Equal(1, exit);
        Assert.Equal($"error: scores.csv line 1: the file looks ';'-separated; expected ','. (file: {input}){Environment.NewLine}", error);
    }

    private static (int Exit, string Error) Run(params string[] args) => CapturedCli.Run(args);

    private string Predict(string model, string input)
    {
        string output = Path.Combine(_folder, "predictions.csv");
        Assert.Equal((0, ""), Run("predict", "--model", model, "--input", input, "--output", output));
        return File.ReadAllText(output);
    }

    private static string WriteFolder(string folder, string expression, string response)
    {
        string expressionPath = Path.Combine(folder, "expression.csv");
        File.WriteAllText(expressionPath, expression);
        File.WriteAllText(Path.Combine(folder, "response.csv"), response);
        return expressionPath;
    }

    // Deterministic values with some spread; the label is a linear function of them.
    private static float[][] Values()
        => Enumerable.Range(0, CellLines)
            .Select(i => Enumerable.Range(0, Genes.Length).Select(g => MathF.Round(MathF.Sin((i + 1) * (g + 2) * 0.7f) * 2, 3)).ToArray())
            .ToArray();

    private static string Id(int row) => string.Create(CultureInfo.InvariantCulture, $"ACH-{row + 1:D6}");

    private static string Number(float v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string Expression(float[][] values, bool quoted)
    {
        // Quoted: RFC 4180 quotes on names, ids and numbers, and spaces around fields ("a, b" headers).
        string header = quoted ? "depmap_id, BCL2 ,\"TP53\",  EGFR" : "depmap_id," + string.Join(',', Genes);
        IEnumerable<string> rows = values.Select((row, i) => quoted
            ? $"\"{Id(i)}\", \"{Number(row[0])}\" ,{Number(row[1])}, \"{Number(row[2])}\""
            : $"{Id(i)},{string.Join(',', row.Select(Number))}");
        return string.Join('\n', rows.Prepend(header)) + "\n";
    }

    private static string Response(float[][] values)
        => "depmap_id,drug_name,ln_ic50\n" + string.Concat(values.Select((row, i) =>
            $"{Id(i)},Drug,{Number(1 + (0.5f * row[0]) - row[1] + (0.25f * row[2]))}\n"));

    /// <summary>One Sdca model trained through the CLI on the plain 24 x 3 file, shared by the tests.</summary>
    public sealed class TrainedModel : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("qhml-csv-model-").FullName;

        public TrainedModel()
        {
            float[][] values = Values();
            WriteFolder(_folder, Expression(values, quoted: false), Response(values));
            ModelPath = Path.Combine(_folder, "model.zip");
            var (exit, error) = Run("train", "--data", _folder, "--drug", "Drug", "--model", "Sdca", "--train-size", "0", "--output", ModelPath);
            if (exit != 0)
                throw new InvalidOperationException($"Training the shared model failed: {error}");
        }

        public string ModelPath { get; }

        public void Dispose() => Directory.Delete(_folder, recursive: true);
    }
}
