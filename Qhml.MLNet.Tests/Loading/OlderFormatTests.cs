using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Qhml.MLNet.Tests.Loading;

/// <summary>
/// A pipeline saved by the release before payload checksums (transform 0x00010001, predictor 0x00010001, hybrid
/// format 3), with the scores it gave when saved (Loading/Data). It must keep loading and scoring bit-identically.
/// </summary>
public class OlderFormatTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Loading", "Data");

    private static float[] SavedScores()
        => File.ReadAllLines(Path.Combine(Folder, "format-v1-model.scores.txt")).Select(s => float.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    private static int[] Bits(float[] scores) => scores.Select(BitConverter.SingleToInt32Bits).ToArray();

    [Fact]
    public void AModelWithoutPayloadChecksumsLoadsAndScoresAsWhenSaved()
    {
        var mlContext = new MLContext(seed: 1);
        string path = Path.Combine(Folder, "format-v1-model.zip");
        var data = LoadingTestModels.Instance.Data; // the 64 rows the file was scored on (seed 3)

        var plain = mlContext.Model.Load(path, out _);
        var guarded = mlContext.Model.LoadGuarded(path, out _);
        Assert.Equal(Bits(SavedScores()), Bits(plain.Transform(data).GetColumn<float>("Score").ToArray()));
        Assert.Equal(Bits(SavedScores()), Bits(guarded.Transform(data).GetColumn<float>("Score").ToArray()));

        // Saving it again writes the current (checksummed) format, which scores the same.
        using var resaved = new MemoryStream();
        mlContext.Model.Save(plain, data.Schema, resaved);
        resaved.Position = 0;
        var again = mlContext.Model.LoadGuarded(resaved, out _);
        Assert.Equal(Bits(SavedScores()), Bits(again.Transform(data).GetColumn<float>("Score").ToArray()));
        Assert.NotEqual(ModelZip.Entry(File.ReadAllBytes(path), HybridPayloadChecksTests.PredictorEntry).Length,
            ModelZip.Entry(resaved.ToArray(), HybridPayloadChecksTests.PredictorEntry).Length);
    }
}
