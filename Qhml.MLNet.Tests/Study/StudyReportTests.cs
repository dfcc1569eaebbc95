using System.Globalization;
using Qhml.MLNet.Samples.Study;
using Qhml.MLNet.Study;

namespace Qhml.MLNet.Tests.Study;

public sealed class StudyReportTests : IDisposable
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "qhml-study-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void TinyStudyRunsEndToEndAndWritesCsvAndPngs()
    {
        StudyDataset drugA = StudyTestData.Linear("Drug A", rows: 60, features: 8, seed: 11);
        StudyDataset drugB = StudyTestData.Linear("DrugB", rows: 50, features: 8, seed: 12);
        var options = new StudyOptions { TrainSizes = [15, 30], Seeds = 2, MaxDegreeOfParallelism = 2 };
        ModelSpec hybrid = HybridModelSpecs.Create("QHML-Tiny", o => { o.HiddenLayers = [4]; o.NumberOfQubits = 2; o.NumberOfLayers = 1; o.NumberOfEpochs = 8; });
        var runner = new StudyRunner([drugA, drugB], [.. BuiltInModelSpecs.All, hybrid], options);
        StudyResult result = runner.Run();

        IReadOnlyList<string> written = StudyReport.Write(_folder, result, runner.Identity);

        string[] lines = File.ReadAllLines(Path.Combine(_folder, StudyReport.ResultsFileName))[1..];
        Assert.Equal(string.Join(',', StudyResultsCsv.Columns), lines[0]);
        Assert.Equal(2 * 2 * 2 * 4, lines.Length - 1);   // drugs x sizes x seeds x models
        int Column(string name) => StudyResultsCsv.Columns.ToList().IndexOf(name);
        foreach (string line in lines.Skip(1))
        {
            string[] cells = line.Split(',');
            Assert.Equal(StudyResultsCsv.Columns.Count, cells.Length);
            // Pearson parses with the invariant culture and is a correlation.
            double r = double.Parse(cells[Column("pearson")], CultureInfo.InvariantCulture);
            Assert.InRange(r, -1, 1);
            Assert.Equal("false", cells[Column("failed")]);
            // Only the hybrid reports a saturation fraction and epochs.
            bool isHybrid = cells[1] == "QHML-Tiny";
            Assert.Equal(isHybrid, cells[Column("saturation_fraction")].Length > 0);
            Assert.Equal(isHybrid, int.Parse(cells[Column("epochs")], CultureInfo.InvariantCulture) > 0);
        }
        Assert.Equal(32, lines.Skip(1).Select(l => string.Join(',', l.Split(',')[..4])).Distinct().Count());

        string[] pngs =
        [
            "pearson_vs_size_Drug_A.png", "predicted_vs_observed_Drug_A.png", "interface_histograms_Drug_A.png", "learning_curves_Drug_A.png",
            "pearson_vs_size_DrugB.png", "predicted_vs_observed_DrugB.png", "interface_histograms_DrugB.png", "learning_curves_DrugB.png",
        ];
        foreach (string png in pngs)
        {
            string path = Path.Combine(_folder, png);
            Assert.Contains(path, written);
            AssertIsPng(path);
        }
        string summary = File.ReadAllText(Path.Combine(_folder, StudyReport.SummaryFileName));
        Assert.Contains("### Drug A", summary);
        Assert.Contains("| LightGbm | 30 | 2 |", summary);
    }

    [Fact]
    public void HybridDiagnosticsFiguresDrawFromPlainArrays()
    {
        string histograms = Path.Combine(_folder, "h.png");
        string curves = Path.Combine(_folder, "c.png");
        Directory.CreateDirectory(_folder);
        InterfaceHistogram tanh = InterfaceHistogram.FromValues([-1.5, -1.5, 1.5, 0.2], -Math.PI / 2, Math.PI / 2, 10);

        StudyFigures.InterfaceHistograms(histograms,
            [new HistogramSeries("Tanh", tanh.BinEdges, tanh.Counts), new HistogramSeries("ModeratedTanh", tanh.BinEdges, [0, 1, 2, 3, 4, 4, 3, 2, 1, 0])]);
        StudyFigures.LearningCurves(curves, [new LearningCurve("QHML", [3, 2, 1.5], [3.2, 2.5, 2.4])]);

        AssertIsPng(histograms);
        AssertIsPng(curves);
    }

    [Fact]
    public void HistogramFigureRejectsMismatchedEdges()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            StudyFigures.InterfaceHistograms(Path.Combine(_folder, "x.png"), [new HistogramSeries("Tanh", [0, 1], [1, 2])]));
        Assert.Contains("'Tanh' has 2 edges for 2 bins", ex.Message);
    }

    [Fact]
    public void CsvWritesNaNAsEmptyAndQuotesErrors()
    {
        var run = new StudyRun("d", "m", 10, 0, 1, 2);
        var failed = new StudyRunResult(run, 5, new RegressionScores(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN),
            false, null, [], [], "Boom: a, b", TimeSpan.FromSeconds(1.5));
        var writer = new StringWriter();

        StudyResultsCsv.Write(writer, [failed]);

        string row = writer.ToString().Split('\n')[1];
        Assert.Equal("d,m,10,0,1,2,5,,,,,,false,false,true,,0,,,,,1.5,\"Boom: a, b\",,,,,,", row);
    }

    private static void AssertIsPng(string path)
    {
        Assert.True(File.Exists(path), $"{path} was not written");
        byte[] head = new byte[8];
        using (FileStream stream = File.OpenRead(path))
            Assert.Equal(8, stream.Read(head, 0, 8));
        Assert.Equal(PngSignature, head);
        Assert.True(new FileInfo(path).Length > 1000, $"{path} is suspiciously small");
    }
}
