using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Qhml.MLNet.Tests.Transforms;

/// <summary>
/// The transform's own model-format version (signature QMTANHNM, version 0x00010002) is checked on load:
/// a model from a newer, incompatible writer or an older unsupported one fails with a clear message
/// instead of misreading bytes.
/// </summary>
public class ModeratedTanhModelVersionTests
{
    // Offsets of the ML.NET model header (ModelHeader.cs): model signature, written and readable versions.
    private const int ModelSignatureOffset = 0x40;
    private const int ModelVerWrittenOffset = 0x48;
    private const int ModelVerReadableOffset = 0x4C;

    private static byte[] SavedModel(out MLContext mlContext, out IDataView data)
    {
        mlContext = new MLContext(seed: 1);
        data = ModeratedTanhTestData.MixedView(mlContext, 100, seed: 7);
        var model = mlContext.Transforms.NormalizeModeratedTanh("Features").Fit(data);
        using var stream = new MemoryStream();
        mlContext.Model.Save(model, data.Schema, stream);
        return stream.ToArray();
    }

    /// <summary>Rewrites the versions in the header of the transform's entry inside the model zip.</summary>
    private static byte[] WithVersions(byte[] zip, uint written, uint readable, out uint originalWritten)
    {
        ulong signature = BinaryPrimitives.ReadUInt64LittleEndian(Encoding.ASCII.GetBytes("QMTANHNM"));
        using var stream = new MemoryStream();
        stream.Write(zip);
        originalWritten = 0;
        int patched = 0;
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            foreach (var entry in archive.Entries.ToList())
            {
                byte[] bytes;
                using (var s = entry.Open())
                using (var copy = new MemoryStream())
                {
                    s.CopyTo(copy);
                    bytes = copy.ToArray();
                }
                if (bytes.Length < 0x50 || BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(ModelSignatureOffset)) != signature)
                    continue;
                originalWritten = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(ModelVerWrittenOffset));
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(ModelVerWrittenOffset), written);
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(ModelVerReadableOffset), readable);
                string name = entry.FullName;
                entry.Delete();
                using var target = archive.CreateEntry(name).Open();
                target.Write(bytes);
                patched++;
            }
        }
        Assert.Equal(1, patched);
        return stream.ToArray();
    }

    [Fact]
    public void CurrentVersionIsWrittenAndLoads()
    {
        var zip = SavedModel(out var mlContext, out var data);
        var same = WithVersions(zip, 0x00010002, 0x00010001, out uint written);
        Assert.Equal(0x00010002u, written);
        var loaded = mlContext.Model.Load(new MemoryStream(same), out _);
        Assert.Equal(4, loaded.Transform(data).GetColumn<float[]>("Features").First().Length);
    }

    [Fact]
    public void ModelFromANewerIncompatibleWriterIsRejectedClearly()
    {
        var zip = WithVersions(SavedModel(out var mlContext, out _), 0x00020001, 0x00020001, out _);
        var e = Assert.ThrowsAny<Exception>(() => mlContext.Model.Load(new MemoryStream(zip), out _));
        string all = string.Join(" | ", Flatten(e).Select(x => x.Message));
        Assert.Contains("QhmlModeratedTanhNorm", all);
        Assert.Contains("too new", all);
    }

    [Fact]
    public void ModelOlderThanTheOldestReadableVersionIsRejectedClearly()
    {
        var zip = WithVersions(SavedModel(out var mlContext, out _), 0x00010000, 0x00010000, out _);
        var e = Assert.ThrowsAny<Exception>(() => mlContext.Model.Load(new MemoryStream(zip), out _));
        string all = string.Join(" | ", Flatten(e).Select(x => x.Message));
        Assert.Contains("QhmlModeratedTanhNorm", all);
        Assert.Contains("too old", all);
    }

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        for (Exception? x = e; x != null; x = x.InnerException)
            yield return x;
    }
}
