using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Runtime;
using Qhml.MLNet.Hybrid;
using Qhml.MLNet.Persistence;

namespace Qhml.MLNet;

public sealed partial class QuantumHybridModelParameters
{
    // Model format history (add a line, bump VersionWritten, keep reading the old ones):
    //   0x00010001  initial: length-prefixed HybridModel blob (its own magic number and format version inside).
    //   0x00010002  the blob is followed by its CRC-32 (QhmlPayloadChecksum).
    private const uint VersionInitial = 0x00010001;
    private const uint VersionChecksum = 0x00010002;
    private const uint VersionWritten = VersionChecksum;
    private const uint VersionOldestReadable = VersionInitial;

    // Refuse absurd lengths from a corrupt file before allocating.
    private const int MaxBlobLength = 1 << 30;

    private static VersionInfo GetVersionInfo()
        => QhmlModelFormat.Create(
            modelSignature: "QHYBRREG",
            verWrittenCur: VersionWritten,
            verReadableCur: VersionOldestReadable,
            verWeCanReadBack: VersionOldestReadable,
            loaderSignature: LoaderSignature);

    // Factory for SignatureLoadModel, found by ML.NET's ComponentCatalog through the LoadableClass attribute.
    private static QuantumHybridModelParameters Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        Contracts.CheckValue(env, nameof(env));
        env.CheckValue(ctx, nameof(ctx));
        ctx.CheckAtModel(GetVersionInfo());
        return new QuantumHybridModelParameters(env.Register(LoaderSignature), ctx);
    }

    // Takes an IHost, not an IHostEnvironment: ML.NET's catalog refuses a class whose loading constructor
    // and Create method have the same signature and visibility; Create (which checks the header) must win.
    private QuantumHybridModelParameters(IHost host, ModelLoadContext ctx)
        : base(host, LoaderSignature, ctx)
    {
        // *** Binary format (see SaveCore) ***
        uint version = ctx.Header.ModelVerWritten;
        Host.CheckDecode(version >= VersionOldestReadable,
            string.Create(CultureInfo.InvariantCulture, $"Quantum hybrid model version 0x{version:X8} is older than the oldest readable 0x{VersionOldestReadable:X8}."));
        byte[] blob = version >= VersionChecksum
            ? QhmlPayloadChecksum.Read(ctx.Reader, Host, "hybrid model", CheckHybridVersion)
            : ReadUncheckedBlob(ctx.Reader);
        int length = blob.Length;
        using var stream = new MemoryStream(blob, writable: false);
        using var reader = new BinaryReader(stream);
        try
        {
            Model = HybridModel.Load(reader);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ArgumentException)
        {
            throw Host.ExceptDecode(e, $"Stored hybrid model cannot be read: {e.Message}");
        }
        Host.CheckDecode(stream.Position == length, string.Create(CultureInfo.InvariantCulture, $"Stored hybrid model has {length - stream.Position} unread trailing bytes."));
        _inputType = new Microsoft.ML.Data.VectorDataViewType(Microsoft.ML.Data.NumberDataViewType.Single, Model.FeatureCount);
    }

    private byte[] ReadUncheckedBlob(BinaryReader reader)
    {
        int length = reader.ReadInt32();
        long remaining = reader.BaseStream.CanSeek ? reader.BaseStream.Length - reader.BaseStream.Position : MaxBlobLength;
        Host.CheckDecode(length > 0 && length <= Math.Min(MaxBlobLength, remaining), string.Create(CultureInfo.InvariantCulture, $"Stored hybrid model has an invalid length {length}."));
        byte[] blob = reader.ReadBytes(length);
        Host.CheckDecode(blob.Length == length, string.Create(CultureInfo.InvariantCulture, $"Stored hybrid model is truncated: {blob.Length} of {length} bytes."));
        return blob;
    }

    // A blob from a newer release names its version rather than failing its checksum.
    private void CheckHybridVersion(byte[] blob)
    {
        try
        {
            HybridModel.CheckFormatVersion(blob);
        }
        catch (InvalidDataException e)
        {
            throw Host.ExceptDecode(e, $"Stored hybrid model cannot be read: {e.Message}");
        }
    }

    /// <inheritdoc/>
    protected override void SaveCore(ModelSaveContext ctx)
    {
        base.SaveCore(ctx);
        ctx.SetVersionInfo(GetVersionInfo());

        // *** Binary format ***
        // <base: sizeof(float)>
        // int     length of the hybrid model blob
        // byte[]  HybridModel.Save output (magic, hybrid format version, architecture, parameters,
        //         interface statistics, label scaling, diagnostics)
        // uint    CRC-32 of the blob
        QhmlPayloadChecksum.Write(ctx.Writer, Model.Save);
    }
}
