using Microsoft.ML;
using Microsoft.ML.Data;
using Qhml.MLNet.Tests.FreshProcess;

namespace Qhml.MLNet.Tests.Trainers;

public class QuantumHybridPersistenceTests
{
    [Fact]
    public void SavedPipelineScoresBitIdenticallyInAFreshProcess()
    {
        var mlContext = new MLContext(seed: 1);
        var data = TrainerTestData.ScalarView(mlContext, 150, seed: 21, missingFraction: 0.05);
        var model = mlContext.Transforms.ReplaceMissingValues([new("X0"), new("X1"), new("X2"), new("X3"), new("X4"), new("Noise")])
            .Append(mlContext.Transforms.Concatenate("Features", "X0", "X1", "X2", "X3", "X4", "Noise"))
            .Append(mlContext.Transforms.NormalizeMeanVariance("Features"))
            .Append(mlContext.Regression.Trainers.QuantumHybrid(TrainerTestData.SmallOptions()))
            .Fit(data);
        var expected = model.Transform(data).GetColumn<float>("Score").ToArray();

        using var scored = FreshProcessScoring.Run(mlContext, model, data);

        Assert.False(scored.QhmlLoadedBeforeModelLoad);
        Assert.True(scored.QhmlLoadedAfterModelLoad);
        Assert.Equal(TrainerTestData.Bits(expected), TrainerTestData.Bits(scored.Output.GetColumn<float>("Score")));
    }

    [Fact]
    public void LoadedModelKeepsItsParametersAndCanBeSavedAndLoadedAgain()
    {
        var mlContext = new MLContext(seed: 1);
        var options = TrainerTestData.SmallOptions();
        options.InterfaceNormalization = Qhml.MLNet.Hybrid.InterfaceNormalization.AdaptiveModeratedTanh;
        var data = TrainerTestData.VectorView(mlContext, 120, seed: 22);
        var model = mlContext.Regression.Trainers.QuantumHybrid(options).Fit(data, TrainerTestData.VectorView(mlContext, 40, seed: 23));
        var expected = model.Transform(data).GetColumn<float>("Score").ToArray();

        string directory = Path.Combine(Path.GetTempPath(), "qhml-trainer-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            string first = Path.Combine(directory, "first.zip"), second = Path.Combine(directory, "second.zip");
            mlContext.Model.Save(model, data.Schema, first);
            var loaded = mlContext.Model.Load(first, out var schema);

            // The loaded model parameters are ours, with the same numbers.
            var loadedParameters = Assert.IsType<QuantumHybridModelParameters>(((ISingleFeaturePredictionTransformer<object>)loaded).Model);
            Assert.Equal(model.Model.CircuitAngles.ToArray(), loadedParameters.CircuitAngles.ToArray());
            Assert.Equal(model.Model.GetLayerWeights(0).ToArray(), loadedParameters.GetLayerWeights(0).ToArray());
            Assert.Equal(model.Model.InterfaceMean.ToArray(), loadedParameters.InterfaceMean.ToArray());
            Assert.Equal(model.Model.InterfaceVariance.ToArray(), loadedParameters.InterfaceVariance.ToArray());
            Assert.Equal(model.Model.EpochValidationLoss, loadedParameters.EpochValidationLoss);
            Assert.Equal(model.Model.InterfaceHistogram.Counts, loadedParameters.InterfaceHistogram.Counts);

            // Saved again from the loaded copy, it loads and scores identically in this and a fresh process.
            mlContext.Model.Save(loaded, schema, second);
            var reloaded = mlContext.Model.Load(second, out _);
            Assert.Equal(TrainerTestData.Bits(expected), TrainerTestData.Bits(reloaded.Transform(data).GetColumn<float>("Score")));
            using var scored = FreshProcessScoring.Run(mlContext, second, data);
            Assert.Equal(TrainerTestData.Bits(expected), TrainerTestData.Bits(scored.Output.GetColumn<float>("Score")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void CorruptModelBytesGiveAClearError()
    {
        var mlContext = new MLContext(seed: 1);
        var data = TrainerTestData.VectorView(mlContext, 60, seed: 24);
        var model = mlContext.Regression.Trainers.QuantumHybrid(TrainerTestData.SmallOptions(epochs: 1)).Fit(data);
        using var stream = new MemoryStream();
        mlContext.Model.Save(model, data.Schema, stream);
        byte[] bytes = stream.ToArray();

        byte[] zipped = DamageHybridMagic(bytes);
        var e = Assert.ThrowsAny<Exception>(() => mlContext.Model.Load(new MemoryStream(zipped), out _));
        Assert.Contains("hybrid model", e.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    // Rewrites the model zip with the hybrid model's magic number (inside the predictor's entry) flipped.
    private static byte[] DamageHybridMagic(byte[] zip)
    {
        using var input = new System.IO.Compression.ZipArchive(new MemoryStream(zip), System.IO.Compression.ZipArchiveMode.Read);
        var output = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(output, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            byte[] magic = BitConverter.GetBytes(0x0142594C4D4851L);
            foreach (var entry in input.Entries)
            {
                using var source = entry.Open();
                var content = new MemoryStream();
                source.CopyTo(content);
                byte[] b = content.ToArray();
                int at = IndexOf(b, magic);
                if (at >= 0)
                    b[at] ^= 0xFF;
                using var target = archive.CreateEntry(entry.FullName).Open();
                target.Write(b);
            }
        }
        return output.ToArray();
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
                return i;
        return -1;
    }
}
