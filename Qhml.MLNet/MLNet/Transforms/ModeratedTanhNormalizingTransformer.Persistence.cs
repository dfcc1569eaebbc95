using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Qhml.MLNet.Persistence;

namespace Qhml.MLNet;

public sealed partial class ModeratedTanhNormalizingTransformer
{
    // Model format history (add a line, bump VersionWritten, keep reading the old ones):
    //   0x00010001  initial: per column item kind, vector size, scaling, flags, R, c/s/m per slot.
    //   0x00010002  the columns' bytes are length-prefixed and followed by their CRC-32 (QhmlPayloadChecksum).
    private const uint VersionInitial = 0x00010001;
    private const uint VersionChecksum = 0x00010002;
    private const uint VersionWritten = VersionChecksum;
    private const uint VersionOldestReadable = VersionInitial;

    private const byte KindSingle = 1;
    private const byte KindDouble = 2;

    private static VersionInfo GetVersionInfo()
        => QhmlModelFormat.Create(
            modelSignature: "QMTANHNM",
            verWrittenCur: VersionWritten,
            verReadableCur: VersionOldestReadable,
            verWeCanReadBack: VersionOldestReadable,
            loaderSignature: LoaderSignature);

    // Factory for SignatureLoadModel: found by ML.NET's ComponentCatalog through the LoadableClass attributes.
    private static ModeratedTanhNormalizingTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        Contracts.CheckValue(env, nameof(env));
        env.CheckValue(ctx, nameof(ctx));
        ctx.CheckAtModel(GetVersionInfo());
        return new ModeratedTanhNormalizingTransformer(env.Register(nameof(ModeratedTanhNormalizingTransformer)), ctx);
    }

    // Factory for SignatureLoadDataTransform.
    [SuppressMessage("Performance", "CA1859:Use concrete types when possible for improved performance",
        Justification = "The return type is SignatureLoadDataTransform's contract, which ML.NET's component catalog matches.")]
    private static IDataTransform Create(IHostEnvironment env, ModelLoadContext ctx, IDataView input)
        => Create(env, ctx).MakeDataTransform(input);

    // Factory for SignatureLoadRowMapper.
    private static IRowMapper Create(IHostEnvironment env, ModelLoadContext ctx, DataViewSchema inputSchema)
        => Create(env, ctx).MakeRowMapper(inputSchema);

    private ModeratedTanhNormalizingTransformer(IHost host, ModelLoadContext ctx)
        : base(host, ctx)
    {
        // *** Binary format (see SaveModel) ***
        uint version = ctx.Header.ModelVerWritten;
        Host.CheckDecode(version >= VersionOldestReadable, string.Create(CultureInfo.InvariantCulture, $"Moderated-tanh normalizer model version 0x{version:X8} is older than the oldest readable 0x{VersionOldestReadable:X8}."));
        using var reader = version >= VersionChecksum
            ? new BinaryReader(new MemoryStream(QhmlPayloadChecksum.Read(ctx.Reader, Host, "moderated-tanh normalizer"), writable: false))
            : null;
        if (reader is not null)
            CheckColumnNames(reader);
        _columns = new ModeratedTanhNormalizerModelParameters[ColumnPairs.Length];
        for (int i = 0; i < _columns.Length; i++)
            _columns[i] = ReadColumn(reader ?? ctx.Reader, ColumnPairs[i].outputColumnName, ColumnPairs[i].inputColumnName);
        if (reader is not null)
            Host.CheckDecode(reader.BaseStream.Position == reader.BaseStream.Length,
                string.Create(CultureInfo.InvariantCulture, $"Stored moderated-tanh normalizer has {reader.BaseStream.Length - reader.BaseStream.Position} unread trailing bytes."));
    }

    // The base class keeps the names in ML.NET's string table, outside the checksum: a flipped letter there would
    // silently normalize another column, so the payload repeats them.
    private void CheckColumnNames(BinaryReader reader)
    {
        int count = reader.ReadInt32();
        Host.CheckDecode(count == ColumnPairs.Length,
            string.Create(CultureInfo.InvariantCulture, $"Stored moderated-tanh normalizer has {count} columns in its payload and {ColumnPairs.Length} in its header."));
        foreach (var (output, input) in ColumnPairs)
        {
            string storedOutput = reader.ReadString(), storedInput = reader.ReadString();
            Host.CheckDecode(storedOutput == output && storedInput == input,
                $"Stored moderated-tanh normalizer maps '{storedInput}' to '{storedOutput}' in its payload and '{input}' to '{output}' in its header.");
        }
    }

    private ModeratedTanhNormalizerModelParameters ReadColumn(BinaryReader reader, string outputName, string inputName)
    {
        byte kind = reader.ReadByte();
        Host.CheckDecode(kind == KindSingle || kind == KindDouble, string.Create(CultureInfo.InvariantCulture, $"Column '{outputName}': unknown item kind {kind}."));
        int vectorSize = reader.ReadInt32();
        Host.CheckDecode(vectorSize >= 0, string.Create(CultureInfo.InvariantCulture, $"Column '{outputName}': negative vector size {vectorSize}."));
        var scaling = (ModeratedTanhScaling)reader.ReadByte();
        Host.CheckDecode(Enum.IsDefined(scaling), string.Create(CultureInfo.InvariantCulture, $"Column '{outputName}': unknown scaling {(int)scaling}."));
        bool moderationFitted = reader.ReadBoolean();
        bool throwOnNaN = reader.ReadBoolean();
        double halfRange = reader.ReadDouble();
        Host.CheckDecode(halfRange > 0 && double.IsFinite(halfRange), string.Create(CultureInfo.InvariantCulture, $"Column '{outputName}': invalid half-range {halfRange}."));

        int slots = Math.Max(vectorSize, 1);
        var center = QhmlModelFormat.ReadDoubles(reader, Host, slots, double.IsFinite, $"center of column '{outputName}'");
        var scale = QhmlModelFormat.ReadDoubles(reader, Host, slots, s => s >= 0 && double.IsFinite(s), $"scale of column '{outputName}'");
        var moderation = QhmlModelFormat.ReadDoubles(reader, Host, slots, m => m > 0 && double.IsFinite(m), $"moderation of column '{outputName}'");

        DataViewType item = kind == KindSingle ? NumberDataViewType.Single : NumberDataViewType.Double;
        DataViewType type = vectorSize == 0 ? item : new VectorDataViewType((PrimitiveDataViewType)item, vectorSize);
        return new ModeratedTanhNormalizerModelParameters(outputName, inputName, type, scaling, moderationFitted, halfRange, throwOnNaN, center, scale, moderation);
    }

    /// <inheritdoc/>
    protected override void SaveModel(ModelSaveContext ctx)
    {
        Host.CheckValue(ctx, nameof(ctx));
        ctx.CheckAtModel();
        ctx.SetVersionInfo(GetVersionInfo());

        // *** Binary format ***
        // <base: column name pairs>
        // int    length of the column bytes
        // int    column count; per column: string output name, string input name (as in the header)
        // per column:
        //   byte   item kind (1 = Single, 2 = Double)
        //   int    vector size (0 = scalar)
        //   byte   scaling; bool moderation fitted; bool throw on NaN
        //   double half-range R
        //   double[] center, scale, moderation (length-prefixed, one per slot)
        // uint   CRC-32 of the column bytes
        CheckLoadable();
        SaveColumns(ctx);
        QhmlPayloadChecksum.Write(ctx.Writer, WriteColumns);
    }

    // Never write a model this loader would refuse: the same rules as ReadColumn, checked before writing.
    private void CheckLoadable()
    {
        foreach (var c in _columns)
        {
            Host.Check(c.HalfRange > 0 && double.IsFinite(c.HalfRange), Unsavable(c, "half-range", 0, c.HalfRange));
            for (int slot = 0; slot < c.SlotCount; slot++)
            {
                Host.Check(double.IsFinite(c.Center[slot]), Unsavable(c, "center", slot, c.Center[slot]));
                Host.Check(c.Scale[slot] >= 0 && double.IsFinite(c.Scale[slot]), Unsavable(c, "scale", slot, c.Scale[slot]));
                Host.Check(c.Moderation[slot] > 0 && double.IsFinite(c.Moderation[slot]), Unsavable(c, "moderation", slot, c.Moderation[slot]));
            }
        }
    }

    private static string Unsavable(ModeratedTanhNormalizerModelParameters c, string what, int slot, double value)
        => string.Create(CultureInfo.InvariantCulture,
            $"Cannot save the moderated-tanh normalizer: column '{c.OutputColumnName}' slot {slot} has {what} {value}, which its loader would refuse.");

    private void WriteColumns(BinaryWriter writer)
    {
        writer.Write(_columns.Length);
        foreach (var (output, input) in ColumnPairs)
        {
            writer.Write(output);
            writer.Write(input);
        }
        foreach (var column in _columns)
        {
            var item = column.InputType is VectorDataViewType v ? v.ItemType : column.InputType;
            writer.Write(item == NumberDataViewType.Single ? KindSingle : KindDouble);
            writer.Write(column.InputType is VectorDataViewType vector ? vector.Size : 0);
            writer.Write((byte)column.Scaling);
            writer.Write(column.IsModerationFitted);
            writer.Write(column.ThrowOnNaN);
            writer.Write(column.HalfRange);
            QhmlModelFormat.WriteDoubles(writer, column.Center.AsSpan());
            QhmlModelFormat.WriteDoubles(writer, column.Scale.AsSpan());
            QhmlModelFormat.WriteDoubles(writer, column.Moderation.AsSpan());
        }
    }
}
