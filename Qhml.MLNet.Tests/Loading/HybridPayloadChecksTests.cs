using System.Buffers.Binary;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Qhml.MLNet.Tests.Loading;

/// <summary>
/// Stored fields that are out of domain, re-sealed with a valid checksum (a crafted file, or one written by a buggy
/// writer), are refused by the hybrid predictor's own loader: plain <c>mlContext.Model.Load</c> users get this too.
/// </summary>
public class HybridPayloadChecksTests
{
    internal const string PredictorEntry = "Transform_001/Model/Model.key";

    // Offsets in the test model's hybrid blob (HybridModel.Save, one hidden layer).
    private const int HiddenCount = 16, HiddenUnits = 20, HalfRange = 49, Moderation = 57, LabelMean = 82, LabelSd = 90, FirstWeight = 102;

    private static byte[] WithHybridField(Action<Span<byte>> patch)
        => ModelZip.WithEntry(LoadingTestModels.Instance.Zip, PredictorEntry, entry => PayloadEnvelope.Patch(entry, p => patch(p)));

    private static byte[] WithDouble(int offset, double value) => WithHybridField(p => BinaryPrimitives.WriteDoubleLittleEndian(p[offset..], value));

    private static string PlainLoadError(byte[] zip)
    {
        var e = Assert.ThrowsAny<Exception>(() => new MLContext(1).Model.Load(new MemoryStream(zip), out _));
        var messages = new List<string>();
        for (Exception? x = e; x is not null; x = x.InnerException)
            messages.Add(x.Message);
        return string.Join(" | ", messages);
    }

    public static TheoryData<string, int, double, string> BadDoubles => new()
    {
        { "NaN label SD", LabelSd, double.NaN, "label standard deviation NaN" },
        { "zero label SD", LabelSd, 0, "label standard deviation 0" },
        { "negative label SD", LabelSd, -1.5, "label standard deviation -1.5" },
        { "NaN label mean", LabelMean, double.NaN, "label mean NaN" },
        { "infinite half-range", HalfRange, double.PositiveInfinity, "angle half-range Infinity" },
        { "NaN moderation", Moderation, double.NaN, "moderation NaN" },
        { "NaN weight", FirstWeight, double.NaN, "parameter 0 = NaN" },
    };

    [Theory]
    [MemberData(nameof(BadDoubles))]
    public void AnOutOfDomainStatisticIsRefusedByPlainLoad(string caseName, int offset, double value, string expected)
    {
        byte[] zip = WithDouble(offset, value);
        Assert.True(PlainLoadError(zip).Contains(expected, StringComparison.Ordinal), $"{caseName}: {PlainLoadError(zip)}");
        var guarded = Assert.Throws<ModelLoadException>(() => new MLContext(1).Model.LoadGuarded(new MemoryStream(zip), out _));
        Assert.Equal(nameof(QuantumHybridModelParameters), guarded.Component);
        Assert.Contains(expected, guarded.Reason);
    }

    [Fact]
    public void TheFieldOffsetsOfTheseTestsAreRight()
    {
        // Guards the constants above: the unpatched values are the ones the model reports.
        var model = (RegressionPredictionTransformer<QuantumHybridModelParameters>)
            ((TransformerChain<ITransformer>)new MLContext(1).Model.Load(new MemoryStream(LoadingTestModels.Instance.Zip), out _)).Last();
        byte[] entry = ModelZip.Entry(LoadingTestModels.Instance.Zip, PredictorEntry);
        var (start, _) = PayloadEnvelope.Find(entry);
        var blob = entry.AsSpan(start);
        var hybrid = model.Model.Model;
        Assert.Equal(1, BinaryPrimitives.ReadInt32LittleEndian(blob[HiddenCount..]));
        Assert.Equal(hybrid.Architecture.HiddenLayers[0], BinaryPrimitives.ReadInt32LittleEndian(blob[HiddenUnits..]));
        Assert.Equal(hybrid.Architecture.AngleHalfRange, BinaryPrimitives.ReadDoubleLittleEndian(blob[HalfRange..]));
        Assert.Equal(hybrid.Architecture.Moderation, BinaryPrimitives.ReadDoubleLittleEndian(blob[Moderation..]));
        Assert.Equal(hybrid.LabelMean, BinaryPrimitives.ReadDoubleLittleEndian(blob[LabelMean..]));
        Assert.Equal(hybrid.LabelStandardDeviation, BinaryPrimitives.ReadDoubleLittleEndian(blob[LabelSd..]));
        Assert.Equal(hybrid.GetLayerWeights(0).Span[0], BinaryPrimitives.ReadDoubleLittleEndian(blob[FirstWeight..]));
    }

    [Theory]
    [InlineData(HiddenUnits, int.MaxValue, "more than the remaining")]
    [InlineData(HiddenCount, 1 << 28, "an array length of 268435456")]
    public void ASizeBombIsRefusedBeforeAllocating(int offset, int value, string expected)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        byte[] zip = WithHybridField(p => BinaryPrimitives.WriteInt32LittleEndian(p[offset..], value));
        Assert.Contains(expected, PlainLoadError(zip));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 64 << 20, $"Loading allocated {allocated} bytes.");
    }

    [Fact]
    public void AFlippedBitUnderAValidZipCrcIsCaughtByThePayloadChecksum()
    {
        // What plain Model.Load sees when a file was damaged before being zipped (or the zip CRC was rewritten).
        byte[] zip = ModelZip.WithEntry(LoadingTestModels.Instance.Zip, PredictorEntry, entry =>
        {
            var (start, _) = PayloadEnvelope.Find(entry);
            entry[start + LabelMean + 3] ^= 0x04;
            return entry;
        });
        Assert.Contains("Stored hybrid model is corrupt: its CRC-32 is", PlainLoadError(zip));
    }
}
