using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Qhml.MLNet;
using Qhml.MLNet.Common;

[assembly: LoadableClass(ModeratedTanhNormalizingTransformer.Summary, typeof(ModeratedTanhNormalizingTransformer), null,
    typeof(SignatureLoadModel), ModeratedTanhNormalizingTransformer.UserName, ModeratedTanhNormalizingTransformer.LoaderSignature)]
[assembly: LoadableClass(typeof(IRowMapper), typeof(ModeratedTanhNormalizingTransformer), null,
    typeof(SignatureLoadRowMapper), ModeratedTanhNormalizingTransformer.UserName, ModeratedTanhNormalizingTransformer.LoaderSignature)]
[assembly: LoadableClass(typeof(IDataTransform), typeof(ModeratedTanhNormalizingTransformer), null,
    typeof(SignatureLoadDataTransform), ModeratedTanhNormalizingTransformer.UserName, ModeratedTanhNormalizingTransformer.LoaderSignature)]

namespace Qhml.MLNet;

/// <summary>
/// The <see cref="ITransformer"/> fitted by <see cref="ModeratedTanhNormalizingEstimator"/>: maps every
/// slot of each column through <c>y = R * tanh((x - c) / (s * m))</c>. Output types equal input types;
/// slot names and other annotations are kept. Saves and loads natively with
/// <c>MLContext.Model.Save</c> / <c>Load</c> (no registration call needed) and works in a PredictionEngine.
/// Exports to ONNX with standard operators (<c>MLContext.Model.ConvertToOnnx</c>, package Microsoft.ML.OnnxConverter).
/// </summary>
/// <example>
/// <code language="csharp">
/// var transformer = ml.Transforms.NormalizeModeratedTanh("Features").Fit(train);
/// var genes = transformer.GetNormalizerModelParameters(0);
/// Console.WriteLine($"slot 0: y = {genes.HalfRange} tanh((x - {genes.Center[0]:F2}) / ({genes.Scale[0]:F2} * {genes.Moderation[0]:F2}))");
/// ml.Model.Save(transformer, train.Schema, "normalizer.zip");
/// </code>
/// </example>
public sealed partial class ModeratedTanhNormalizingTransformer : OneToOneTransformerBase
{
    internal const string Summary = "Normalizes each slot with a moderated tanh: R * tanh((x - center) / (scale * moderation)).";
    internal const string UserName = "Moderated Tanh Normalizer";
    internal const string LoaderSignature = "QhmlModeratedTanhNorm";

    private readonly ModeratedTanhNormalizerModelParameters[] _columns;

    internal ModeratedTanhNormalizingTransformer(IHostEnvironment env, ModeratedTanhNormalizerModelParameters[] columns)
        : base(Contracts.CheckRef(env, nameof(env)).Register(nameof(ModeratedTanhNormalizingTransformer)),
               columns.Select(c => (c.OutputColumnName, c.InputColumnName)).ToArray())
    {
        _columns = columns;
    }

    /// <summary>Number of columns this transformer normalizes.</summary>
    public int ColumnCount => _columns.Length;

    /// <summary>The fitted parameters of column <paramref name="index"/> (in the order the columns were given).</summary>
    /// <param name="index">Column index, 0 to <see cref="ColumnCount"/> - 1.</param>
    /// <returns>Center, scale, moderation per slot and the output half-range.</returns>
    public ModeratedTanhNormalizerModelParameters GetNormalizerModelParameters(int index)
    {
        if (index < 0 || index >= _columns.Length)
            throw OutOfRange.Exception(nameof(index), index, string.Create(CultureInfo.InvariantCulture, $"The transformer has {_columns.Length} column(s)."));
        return _columns[index];
    }

    /// <inheritdoc/>
    protected override IRowMapper MakeRowMapper(DataViewSchema schema) => new Mapper(this, schema);

    /// <inheritdoc/>
    protected override void CheckInputColumn(DataViewSchema inputSchema, int col, int srcCol)
    {
        var expected = _columns[col].InputType;
        var actual = inputSchema[srcCol].Type;
        if (!actual.Equals(expected))
            throw Host.ExceptSchemaMismatch(nameof(inputSchema), "input", _columns[col].InputColumnName, expected.ToString(), actual.ToString());
    }
}
