using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace Qhml.MLNet;

/// <summary>
/// Estimator of the moderated-tanh normalization: per slot <c>y = R * tanh((x - c) / (s * m))</c>, which
/// squashes features into [-R, R] without piling them up at the ends. Create it with
/// <see cref="ModeratedTanhNormalizerCatalog.NormalizeModeratedTanh(TransformsCatalog, string, string?, ModeratedTanhScaling, double?, double, double)"/>.
/// </summary>
/// <remarks>
/// <para><b>Fitting.</b> Center <c>c</c> and scale <c>s</c> are the mean and standard deviation of the slot's
/// training values (or median and IQR/1.349 with <see cref="ModeratedTanhScaling.MedianInterquartileRange"/>).
/// The moderation <c>m</c> is given, or fitted per slot (<see cref="Options.Criterion"/>): by default as the
/// smallest <c>m &gt;= 1</c> that leaves at most 1% (<see cref="Options.TargetSaturatedFraction"/>) of the
/// training values within 5% of <c>+-R</c> (<see cref="Normalization.ModerationFit"/>), or as the <c>m</c>
/// maximizing the entropy of the 20-bin output histogram.</para>
/// <para><b>Why the default.</b> On the GDSC2/CCLE expression data (580 cell lines x 706 genes, z-scored per
/// gene) the plain tanh of the z-score (m = 1) leaves 6.37% of all values saturated, and 695 of the 706
/// genes have more than 5 saturated cell lines. The fitted saturation target (median m 1.55, max 4.92)
/// leaves 0.85% and no gene above 5, at the price of a less even histogram (mean 20-bin entropy per gene
/// 3.64 bits vs 3.79; maximum 4.32). The maximum-entropy criterion improves both measures over the plain
/// tanh (4.42% saturated, 3.86 bits) but still saturates more than 5 lines in 673 genes. Saturated values
/// are the ones whose gradient through the tanh is below a tenth of its peak and whose differences are
/// lost, so the default bounds saturation (docs/moderated-tanh.md).</para>
/// <para><b>Edge cases.</b> NaN and infinite values are ignored when fitting. At transform time NaN stays NaN
/// (or throws, naming column, row and slot, with <see cref="Options.ThrowOnNaN"/>); <c>+-inf</c> maps to
/// <c>+-R</c>. A slot constant in training (scale 0) always outputs 0, the middle of the range.</para>
/// <para><b>Columns.</b> Scalar or known-size vector of <see cref="float"/> or <see cref="double"/>; the
/// output has the input's type and annotations (slot names kept) plus <c>IsNormalized</c>.</para>
/// </remarks>
/// <example>
/// <code language="csharp">
/// var ml = new MLContext(seed: 1);
/// var transformer = ml.Transforms.NormalizeModeratedTanh("Features").Fit(data);
/// var fitted = transformer.GetNormalizerModelParameters(0);   // center, scale and moderation per slot
/// IDataView normalized = transformer.Transform(data);
/// </code>
/// </example>
public sealed partial class ModeratedTanhNormalizingEstimator : IEstimator<ModeratedTanhNormalizingTransformer>
{
    private readonly IHost _host;
    private readonly Options[] _columns;

    internal ModeratedTanhNormalizingEstimator(IHostEnvironment env, Options[] columns)
    {
        Contracts.CheckValue(env, nameof(env));
        _host = env.Register(nameof(ModeratedTanhNormalizingEstimator));
        _host.CheckValue(columns, nameof(columns));
        _host.CheckParam(columns.Length > 0, nameof(columns), "At least one column is needed.");
        _columns = new Options[columns.Length];
        for (int i = 0; i < columns.Length; i++)
        {
            _host.CheckParam(columns[i] != null, nameof(columns), string.Create(CultureInfo.InvariantCulture, $"Column options {i} is null."));
            columns[i].Validate();
            _columns[i] = columns[i].Clone(); // later edits of the caller's options must not change this estimator
        }
    }

    /// <summary>Fits center, scale and (unless given) moderation of every slot of every column.</summary>
    /// <param name="input">Training data.</param>
    /// <returns>The fitted transformer.</returns>
    public ModeratedTanhNormalizingTransformer Fit(IDataView input)
    {
        _host.CheckValue(input, nameof(input));
        var sources = new DataViewSchema.Column[_columns.Length];
        for (int i = 0; i < _columns.Length; i++)
            sources[i] = FindInput(input.Schema, _columns[i].InputName);
        var parameters = ModeratedTanhFitter.Fit(_host, input, _columns, sources);
        return new ModeratedTanhNormalizingTransformer(_host, parameters);
    }

    /// <summary>The output schema: each output column has its input's shape and item type, with <c>IsNormalized</c> and slot names.</summary>
    /// <param name="inputSchema">Shape of the input.</param>
    /// <returns>Shape of the output.</returns>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        _host.CheckValue(inputSchema, nameof(inputSchema));
        var result = inputSchema.ToDictionary(c => c.Name);
        foreach (var options in _columns)
        {
            string name = options.InputName;
            if (!inputSchema.TryFindColumn(name, out var column))
                throw _host.ExceptSchemaMismatch(nameof(inputSchema), "input", name);
            if (column.Kind == SchemaShape.Column.VectorKind.VariableVector)
                throw _host.ExceptSchemaMismatch(nameof(inputSchema), "input", name, ExpectedType, column.GetTypeString());
            if (!IsSupportedItem(column.ItemType) || column.IsKey)
                throw _host.ExceptSchemaMismatch(nameof(inputSchema), "input", name, ExpectedType, column.GetTypeString());

            var annotations = new List<SchemaShape.Column>
            {
                new(AnnotationUtils.Kinds.IsNormalized, SchemaShape.Column.VectorKind.Scalar, BooleanDataViewType.Instance, false),
            };
            annotations.AddRange(column.Annotations.Where(a => a.Name != AnnotationUtils.Kinds.IsNormalized));
            result[options.OutputColumnName] = new SchemaShape.Column(options.OutputColumnName, column.Kind, column.ItemType, false, new SchemaShape(annotations));
        }
        return new SchemaShape(result.Values);
    }

    private const string ExpectedType = "Single or Double, scalar or known-size vector";

    private static bool IsSupportedItem(DataViewType type)
        => type == NumberDataViewType.Single || type == NumberDataViewType.Double;

    private DataViewSchema.Column FindInput(DataViewSchema schema, string name)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw _host.ExceptSchemaMismatch(nameof(schema), "input", name);
        var type = column.Type;
        if (type is VectorDataViewType vector)
        {
            if (!vector.IsKnownSize)
                throw _host.ExceptSchemaMismatch(nameof(schema), "input", name, ExpectedType, type.ToString() + " (vector of unknown size)");
            type = vector.ItemType;
        }
        if (!IsSupportedItem(type))
            throw _host.ExceptSchemaMismatch(nameof(schema), "input", name, ExpectedType, column.Type.ToString());
        return column;
    }
}
