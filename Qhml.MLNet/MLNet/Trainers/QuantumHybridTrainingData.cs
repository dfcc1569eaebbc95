using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Qhml.MLNet.Hybrid;

namespace Qhml.MLNet;

/// <summary>
/// The rows of a role-mapped <see cref="IDataView"/> read once into dense arrays for the hybrid trainer,
/// with ML.NET's conventions (NaN label: row skipped) and Qhml's (non-finite feature: error naming column,
/// row and slot, unless skipping was asked for). Rows to skip stay in the arrays: the hybrid trainer skips
/// them again and counts them in the model's diagnostics; errors are raised here, where the row number is
/// the data view's.
/// </summary>
internal sealed class QuantumHybridTrainingData
{
    private QuantumHybridTrainingData(int featureCount, float[] features, float[] labels, float[]? weights, long skippedNaNLabels, long skippedNonFinite)
    {
        FeatureCount = featureCount;
        Features = features;
        Labels = labels;
        Weights = weights;
        SkippedNaNLabelRows = skippedNaNLabels;
        SkippedNonFiniteFeatureRows = skippedNonFinite;
    }

    public int FeatureCount { get; }
    public float[] Features { get; }
    public float[] Labels { get; }
    public float[]? Weights { get; }
    public int RowCount => Labels.Length;
    /// <summary>Rows the hybrid trainer will actually use (NaN-label and skipped rows excluded).</summary>
    public long UsableRowCount => RowCount - SkippedNaNLabelRows - SkippedNonFiniteFeatureRows;
    public long SkippedNaNLabelRows { get; }
    public long SkippedNonFiniteFeatureRows { get; }

    // A null array would convert to an empty (not absent) ReadOnlyMemory, so pass null explicitly.
    public HybridDataset ToDataset() => Weights is null
        ? new(FeatureCount, Features, Labels)
        : new(FeatureCount, Features, Labels, new ReadOnlyMemory<float>(Weights));

    /// <summary>
    /// Checks that the named columns exist with the types the trainer needs, before ML.NET's generic schema
    /// check, so the message says what to do.
    /// </summary>
    public static void CheckSchema(IExceptionContext ectx, DataViewSchema schema, string featureName, string labelName, string? weightName, string role)
    {
        if (schema.GetColumnOrNull(featureName) is not { } feature)
            throw ectx.ExceptParam("data", $"The {role} data has no feature column '{featureName}'.");
        CheckFeatureType(ectx, feature, role);
        if (schema.GetColumnOrNull(labelName) is not { } label)
            throw ectx.ExceptParam("data", $"The {role} data has no label column '{labelName}'.");
        CheckScalar(ectx, label, "Label", role);
        if (!string.IsNullOrEmpty(weightName))
        {
            if (schema.GetColumnOrNull(weightName) is not { } weight)
                throw ectx.ExceptParam("data", $"The {role} data has no example weight column '{weightName}'.");
            CheckScalar(ectx, weight, "Example weight", role);
        }
    }

    private static int CheckFeatureType(IExceptionContext ectx, DataViewSchema.Column feature, string role)
    {
        if (feature.Type is not VectorDataViewType { ItemType: var item } vector || item != NumberDataViewType.Single)
            throw ectx.ExceptParam("data",
                $"Feature column '{feature.Name}' of the {role} data has type {feature.Type}; QuantumHybrid expects a known-size vector of Single (e.g. from Concatenate).");
        if (!vector.IsKnownSize)
            throw ectx.ExceptParam("data",
                $"Feature column '{feature.Name}' of the {role} data is a vector of unknown size; QuantumHybrid needs a known-size vector of Single (the network's input width is fixed).");
        return vector.Size;
    }

    private static void CheckScalar(IExceptionContext ectx, DataViewSchema.Column column, string what, string role)
    {
        if (column.Type != NumberDataViewType.Single)
            throw ectx.ExceptParam("data", $"{what} column '{column.Name}' of the {role} data has type {column.Type}; QuantumHybrid expects a scalar Single.");
    }

    /// <summary>Checks the column types of <paramref name="data"/>; returns the feature vector size.</summary>
    public static int CheckColumns(IExceptionContext ectx, RoleMappedData data, string role)
    {
        var feature = data.Schema.Feature ?? throw ectx.ExceptParam(nameof(data), $"The {role} data has no feature column.");
        int size = CheckFeatureType(ectx, feature, role);
        var label = data.Schema.Label ?? throw ectx.ExceptParam(nameof(data), $"The {role} data has no label column.");
        CheckScalar(ectx, label, "Label", role);
        if (data.Schema.Weight is { } weight)
            CheckScalar(ectx, weight, "Example weight", role);
        return size;
    }

    /// <summary>Reads every row once (one cursor). Row numbers in messages are 0-based positions in <paramref name="data"/>.</summary>
    public static QuantumHybridTrainingData Read(IHost host, RoleMappedData data, string role, bool skipNonFiniteFeatures)
    {
        int featureCount = CheckColumns(host, data, role);
        var featureColumn = data.Schema.Feature!.Value;
        var labelColumn = data.Schema.Label!.Value;
        var weightColumn = data.Schema.Weight;

        var columns = new List<DataViewSchema.Column> { featureColumn, labelColumn };
        if (weightColumn is { } wc)
            columns.Add(wc);
        int capacity = (int)Math.Min(data.Data.GetRowCount() ?? 256, int.MaxValue / Math.Max(1, featureCount));
        var features = new List<float>(capacity * featureCount);
        var labels = new List<float>(capacity);
        var weights = weightColumn is null ? null : new List<float>(capacity);
        long skippedLabels = 0, skippedFeatures = 0;
        var row = new float[featureCount];

        using var cursor = data.Data.GetRowCursor(columns);
        var getFeatures = cursor.GetGetter<VBuffer<float>>(featureColumn);
        var getLabel = cursor.GetGetter<float>(labelColumn);
        ValueGetter<float>? getWeight = weightColumn is { } w ? cursor.GetGetter<float>(w) : null;
        VBuffer<float> buffer = default;
        float label = 0, weight = 1;
        long position = -1;
        while (cursor.MoveNext())
        {
            position++;
            host.CheckAlive();
            getLabel(ref label);
            getFeatures(ref buffer);
            if (buffer.Length != featureCount)
                throw host.Except(string.Create(CultureInfo.InvariantCulture,
                    $"Feature column '{featureColumn.Name}' of the {role} data has {buffer.Length} values in row {position}; its type says {featureCount}."));
            buffer.CopyTo(row);
            if (getWeight is not null)
                getWeight(ref weight);

            // A NaN-label row is kept for the hybrid trainer to skip and count, like the rows below when skipping.
            if (float.IsNaN(label))
                skippedLabels++;
            else
            {
                if (!float.IsFinite(label))
                    throw host.Except(string.Create(CultureInfo.InvariantCulture,
                        $"Label column '{labelColumn.Name}' of the {role} data is {Format(label)} in row {position}; expected a finite value (NaN labels are skipped)."));
                if (!float.IsFinite(weight) || weight < 0)
                    throw host.Except(string.Create(CultureInfo.InvariantCulture,
                        $"Example weight column '{weightColumn!.Value.Name}' of the {role} data is {Format(weight)} in row {position}; expected a finite, non-negative value."));
                int bad = FirstNonFinite(row);
                if (bad >= 0)
                {
                    if (!skipNonFiniteFeatures)
                        throw host.Except(string.Create(CultureInfo.InvariantCulture,
                            $"Feature column '{featureColumn.Name}' of the {role} data is {Format(row[bad])} in slot {bad} of row {position}; QuantumHybrid needs finite features. " +
                            $"Impute or drop missing values first (e.g. ReplaceMissingValues), or set Options.SkipRowsWithNonFiniteFeatures to skip such rows."));
                    skippedFeatures++;
                }
            }
            features.AddRange(row);
            labels.Add(label);
            weights?.Add(weight);
        }
        return new QuantumHybridTrainingData(featureCount, features.ToArray(), labels.ToArray(), weights?.ToArray(), skippedLabels, skippedFeatures);
    }

    private static int FirstNonFinite(ReadOnlySpan<float> row)
    {
        for (int j = 0; j < row.Length; j++)
            if (!float.IsFinite(row[j]))
                return j;
        return -1;
    }

    private static string Format(float value) => value.ToString("R", CultureInfo.InvariantCulture);
}
