using System.Buffers.Binary;
using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Qhml.MLNet.Tests.Loading;

public class GuardedModelLoadingTests
{
    private const string PredictorEntry = "Transform_001/Model/Model.key";

    // Ends a test that would otherwise hang; a correct guard answers in well under a second.
    private static readonly GuardedModelLoadOptions Bounded = new() { Timeout = TimeSpan.FromSeconds(30) };

    private static LoadingTestModels Models => LoadingTestModels.Instance;

    private static ModelLoadException LoadFails(byte[] zip, out string path)
    {
        path = Path.Combine(Path.GetTempPath(), $"qhml-guarded-{Guid.NewGuid():N}.zip");
        File.WriteAllBytes(path, zip);
        try
        {
            string file = path;
            return Assert.Throws<ModelLoadException>(() => new MLContext(1).Model.LoadGuarded(file, out _, Bounded));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ASoundFileLoadsAndPredictsBitIdentically()
    {
        var mlContext = new MLContext(seed: 1);
        var fromStream = mlContext.Model.LoadGuarded(new MemoryStream(Models.Zip), out var schema);
        Assert.True(Models.PredictsIdentically(Models.Score(mlContext, fromStream)));
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, 6), schema!["Features"].Type);

        string path = Path.Combine(Path.GetTempPath(), $"qhml-guarded-{Guid.NewGuid():N}.zip");
        File.WriteAllBytes(path, Models.Zip);
        try
        {
            var fromFile = mlContext.Model.LoadGuarded(path, out var fileSchema);
            Assert.True(Models.PredictsIdentically(Models.Score(mlContext, fromFile)));
            Assert.Equal(schema.Count, fileSchema!.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AFileThatIsNotAZipIsRefusedByName()
    {
        var e = LoadFails("not a model, just text"u8.ToArray(), out string path);
        Assert.Contains(path, e.Message);
        Assert.Contains("not a readable zip archive", e.Message);
        Assert.Null(e.Component);
    }

    [Fact]
    public void AFlippedByteInCompressedDataIsCaughtBeforeParsing()
    {
        byte[] zip = Models.Zip.ToArray();
        // The last local entry's data sits just before the central directory; flip a byte in the middle of the file.
        int offset = zip.Length / 2;
        zip[offset] ^= 0x10;
        var e = LoadFails(zip, out _);
        Assert.NotNull(e.Component);
        Assert.Matches("CRC-32|cannot be decompressed|corrupt", e.Reason);
        // Plain ML.NET does not check the CRC; the guard does, so a flip never loads as a different model.
    }

    [Fact]
    public void AnOversizedFileIsRefusedBeforeReading()
    {
        string path = Path.Combine(Path.GetTempPath(), $"qhml-guarded-{Guid.NewGuid():N}.zip");
        File.WriteAllBytes(path, Models.Zip);
        try
        {
            var e = Assert.Throws<ModelLoadException>(() => new MLContext(1).Model.LoadGuarded(path, out _, new GuardedModelLoadOptions { MaximumFileBytes = 1000 }));
            Assert.Contains("at most 1000 are accepted", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AnEntryLargerThanTheBudgetIsRefused()
    {
        var e = Assert.Throws<ModelLoadException>(() =>
            new MLContext(1).Model.LoadGuarded(new MemoryStream(Models.Zip), out _, new GuardedModelLoadOptions { MaximumUncompressedBytes = 500 }));
        Assert.Contains("uncompressed bytes; at most 500 are accepted", e.Message);
    }

    [Theory]
    [InlineData("Schema")]
    [InlineData("Transform_001/TrainSchema")]
    public void ACorruptCountInAStoredSchemaFailsInsteadOfSpinning(string entry)
    {
        // A vector column's codec stores its dimensions as (count = 1, size = 6). A count of 1M with a valid CRC
        // makes ML.NET's reader wait forever for bytes past the end of the entry.
        byte[] zip = ModelZip.WithEntry(Models.Zip, entry, data =>
        {
            int at = IndexOf(data, [1, 0, 0, 0, 6, 0, 0, 0]);
            Assert.True(at > 0, "The schema holds no (1, 6) dimension array.");
            BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(at), 1 << 20);
            return data;
        });
        var watch = Stopwatch.StartNew();
        var e = LoadFails(zip, out string path);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"The guard took {watch.Elapsed}.");
        Assert.EndsWith(entry, e.Component);
        Assert.Contains(path, e.Message);
        Assert.Contains("a stored count or length is corrupt", e.Message);
    }

    [Fact]
    public void AWrappedComponentErrorBecomesOneMessageNamingFileComponentAndReason()
    {
        // A newer hybrid payload version (the CRC is valid: this is what a model from a newer release looks like).
        byte[] zip = ModelZip.WithEntry(Models.Zip, PredictorEntry, data =>
        {
            int at = IndexOf(data, "QHMLYB"u8.ToArray());
            BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(at + 8), 99);
            return data;
        });
        var e = LoadFails(zip, out string path);
        Assert.Equal(nameof(QuantumHybridModelParameters), e.Component);
        Assert.Contains("version 99 is not supported", e.Reason);
        Assert.Contains(path, e.Message);
        Assert.DoesNotContain("class instantiation", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    internal static int IndexOf(byte[] data, byte[] pattern) => data.AsSpan().IndexOf(pattern);
}
