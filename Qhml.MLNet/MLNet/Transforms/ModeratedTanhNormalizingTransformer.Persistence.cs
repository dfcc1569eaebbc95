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
    private const uint VersionInitial = 0x00010001;
    private const uint VersionWritten = VersionInitial;
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
        _columns = new ModeratedTanhNormalizerModelParameters[ColumnPairs.Length];
        for (int i = 0; i < _columns.Length; i++)
            _columns[i] = ReadColumn(ctx, ColumnPairs[i].outputColumnName, ColumnPairs[i].inputColumnName);
    }

    private ModeratedTanhNormalizerModelParameters ReadColumn(ModelLoadContext ctx, string outputName, string inputName)
    {
        byte kind = ctx.Reader.ReadByte();
        Host.CheckDecode(kind == KindSingle || kind == KindDouble, string.Create(CultureInfo.InvariantCulture, $"Column '{outputName}': unknown item kind {kind}."));
        int vectorSize = ctx.Reader.ReadInt32();
        Host.CheckDecode(vectorSize >= 0, string.Create(CultureInfo.InvariantCulture, $"Column '{outputName}': negative vector size {vectorSize}."));
        var scaling = (ModeratedTanhScaling)ctx.Reader.ReadByte();
        Host.CheckDecode(Enum.IsDefined(scaling), string.Create(CultureInfo.InvariantCulture, $"Column '{outputName}': unknown scaling {(int)scaling}."));
        bool moderationFitted = ctx.Reader.ReadBoolean();
        bool throwOnNaN = ctx.Reader.ReadBoolean();
        double halfRange = ctx.Reader.ReadDouble();
        Host.CheckDecode(halfRange > 0 && double.IsFinite(halfRange), string.Create(CultureInfo.InvariantCulture, $"Column '{outputName}': invalid half-range {halfRange}."));

        int slots = Math.Max(vectorSize, 1);
        var center = QhmlModelFormat.ReadDoubles(ctx, Host, slots, double.IsFinite, $"center of column '{outputName}'");
        var scale = QhmlModelFormat.ReadDoubles(ctx, Host, slots, s => s >= 0 && double.IsFinite(s), $"scale of column '{outputName}'");
        var moderation = QhmlModelFormat.ReadDoubles(ctx, Host, slots, m => m > 0 && double.IsFinite(m), $"moderation of column '{outputName}'");

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
        // per column:
        //   byte   item kind (1 = Single, 2 = Double)
        //   int    vector size (0 = scalar)
        //   byte   scaling; bool moderation fitted; bool throw on NaN
        //   double half-range R
        //   double[] center, scale, moderation (length-prefixed, one per slot)
        SaveColumns(ctx);
        foreach (var column in _columns)
        {
            var item = column.InputType is VectorDataViewType v ? v.ItemType : column.InputType;
            ctx.Writer.Write(item == NumberDataViewType.Single ? KindSingle : KindDouble);
            ctx.Writer.Write(column.InputType is VectorDataViewType vector ? vector.Size : 0);
            ctx.Writer.Write((byte)column.Scaling);
            ctx.Writer.Write(column.IsModerationFitted);
            ctx.Writer.Write(column.ThrowOnNaN);
            ctx.Writer.Write(column.HalfRange);
            QhmlModelFormat.WriteDoubles(ctx, column.Center.AsSpan());
            QhmlModelFormat.WriteDoubles(ctx, column.Scale.AsSpan());
            QhmlModelFormat.WriteDoubles(ctx, column.Moderation.AsSpan());
        }
    }
}
