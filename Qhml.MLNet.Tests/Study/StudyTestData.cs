using Qhml.MLNet.Study;

namespace Qhml.MLNet.Tests.Study;

/// <summary>Small synthetic data with a known linear signal, for study tests.</summary>
internal static class StudyTestData
{
    /// <summary>y = 2 x0 - x1 + 0.5 x2 + noise (SD <paramref name="noise"/>), features standard normal.</summary>
    public static StudyDataset Linear(string name, int rows, int features, int seed, double noise = 0.3)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var x = new float[rows][];
        var y = new float[rows];
        for (int i = 0; i < rows; i++)
        {
            x[i] = Enumerable.Range(0, features).Select(_ => (float)Normal()).ToArray();
            y[i] = (float)(2 * x[i][0] - x[i][1] + 0.5 * x[i][2] + noise * Normal());
        }
        return new StudyDataset(name, x, y, Enumerable.Range(0, features).Select(j => $"g{j}").ToArray());
    }

    /// <summary>A study results file's settings line and rows with the seconds column emptied: every other cell must be bit-identical.</summary>
    public static string[] RowsWithoutTime(string path)
    {
        StudyResultsFileContent content = StudyResultsFile.Read(path);
        var text = new StringWriter();
        StudyResultsCsv.Write(text, content.Runs.Select(r => r with { Duration = TimeSpan.Zero }));
        return [content.Identity, .. text.ToString().Split('\n')];
    }
}
