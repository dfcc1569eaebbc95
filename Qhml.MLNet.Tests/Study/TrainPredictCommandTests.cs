using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Qhml.MLNet.Data;
using Qhml.MLNet.Samples.Cli;
using Qhml.MLNet.Study;

namespace Qhml.MLNet.Tests.Study;

[Collection(nameof(ConsoleErrorCollection))] // captures Console.Error
public sealed class TrainPredictCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("qhml-train-predict-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TrainSavesAModelThatPredictScoresByGeneNameThroughAPredictionEngine()
    {
        string model = Path.Combine(_folder, "model.zip");
        string input = Path.Combine(_folder, "input.csv");
        string output = Path.Combine(_folder, "predictions.csv");
        GdscDataset gdsc = SyntheticGdscGenerator.Generate();
        StudyDataset drug = StudyDataset.FromGdsc(gdsc, "Drug001");

        int trained = SamplesCli.Create().Parse(["train", "--drug", "Drug001", "--model", "Sdca", "--train-size", "100", "--output", model]).Invoke();
        Assert.Equal(0, trained);
        Assert.True(File.Exists(model));

        // The scoring file lists the genes in reverse order: predict must line them up by name.
        string[] genes = gdsc.GeneNames.Reverse().ToArray();
        var lines = new List<string> { "id," + string.Join(',', genes) };
        for (int row = 0; row < 12; row++)
        {
            float[] features = drug.GetFeatures(row).ToArray();
            lines.Add($"line{row}," + string.Join(',', features.Reverse().Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        }
        File.WriteAllLines(input, lines);

        int predicted = SamplesCli.Create().Parse(["predict", "--model", model, "--input", input, "--output", output]).Invoke();
        Assert.Equal(0, predicted);

        string[] rows = File.ReadAllLines(output);
        Assert.Equal("id,prediction", rows[0]);
        Assert.Equal(13, rows.Length);
        // Same numbers as the loaded model scoring the rows in their original gene order through IDataView.
        var mlContext = new MLContext(0);
        ITransformer loaded = mlContext.Model.Load(model, out _);
        float[] expected = loaded.Transform(drug.ToDataView(mlContext, Enumerable.Range(0, 12).ToArray())).GetColumn<float>("Score").ToArray();
        for (int row = 0; row < 12; row++)
        {
            string[] cells = rows[row + 1].Split(',');
            Assert.Equal($"line{row}", cells[0]);
            Assert.Equal(expected[row], float.Parse(cells[1], CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void PredictNamesTheMissingGenes()
    {
        string model = Path.Combine(_folder, "model.zip");
        string input = Path.Combine(_folder, "input.csv");
        Assert.Equal(0, SamplesCli.Create().Parse(["train", "--drug", "Drug001", "--model", "Sdca", "--train-size", "50", "--output", model]).Invoke());
        File.WriteAllLines(input, ["id,NOTAGENE", "a,1.0"]);

        var error = new StringWriter();
        TextWriter original = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(1, SamplesCli.Create().Parse(["predict", "--model", model, "--input", input]).Invoke());
        }
        finally
        {
            Console.SetError(original);
        }
        Assert.Contains("input.csv line 1: 706 of the 706 required gene columns are missing, e.g. GENE0001", error.ToString().ReplaceLineEndings(" "));
    }
}
