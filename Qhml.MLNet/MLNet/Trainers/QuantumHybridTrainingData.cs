using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Qhml.MLNet.Hybrid;

namespace Qhml.MLNet;

/// <summary>
/// The rows of a role-mapped <see cref="IDataView"/> read once into dense arrays for the hybrid trainer,
/// with ML.NET's conventions (NaN label: row skipped) and Qhml's (non-finite feature: error naming column,
/// row and slot, unless skipping was asked for).
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
    public long SkippedNaNLabelRows { get; }
    public long SkippedNonFiniteFeatureRows { get; }

    public HybridDataset ToDataset() => new(FeatureCount, Features, Labels, Weights);

    /// <summary>Checks the column types of <paramref name="data"/>; returns the feature vector size.</summary>
    public static int CheckColumns(IExceptionContext ectx, RoleMappedData data, string role)
    {
        var feature = data.Schema.Feature ?? throw ectx.ExceptParam(nameof(data), $"The {role} data has no feature column.");
        if (feature.Type is not VectorDataViewType { ItemType: var item } vector || item != NumberDataViewType.Single)
            throw ectx.ExceptParam(nameof(data),
                $"Feature column '{feature.Name}' of the {role} data has type {feature.Type}; QuantumHybrid expects a known-size vector of Single (e.g. from Concatenate).");
        if (!vector.IsKnownSize)
            throw ectx.ExceptParam(nameof(data),
                $"Feature column '{feature.Name}' of the {role} data is a vector of unknown size; QuantumHybrid needs a known-size vector of Single (the network's input width is fixed).");
        var label = data.Schema.Label ?? throw ectx.ExceptParam(nameof(data), $"The {role} data has no label column.");
        if (label.Type != NumberDataViewType.Single)
            throw ectx.ExceptParam(nameof(data), $"Label column '{label.Name}' of the {role} data has type {label.Type}; QuantumHybrid expects a scalar Single.");
        if (data.Schema.Weight is { } weight && weight.Type != NumberDataViewType.Single)
            throw ectx.ExceptParam(nameof(data), $"Example weight column '{weight.Name}' of the {role} data has type {weight.Type}; QuantumHybrid expects a scalar Single.");
        return vector.Size;
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
            if (float.IsNaN(label))
            {
                skippedLabels++;
                continue;
            }
            if (!float.IsFinite(label))
                throw host.Except($"Label column '{labelColumn.Name}' of the {role} data is {Format(label)} in row {position}; expected a finite value (NaN labels are skipped).");
            if (getWeight is not null)
            {
                getWeight(ref weight);
                if (!float.IsFinite(weight) || weight < 0)
                    throw host.Except($"Example weight column '{weightColumn!.Value.Name}' of the {role} data is {Format(weight)} in row {position}; expected a finite, non-negative value.");
            }
            getFeatures(ref buffer);
            if (buffer.Length != featureCount)
                throw host.Except($"Feature column '{featureColumn.Name}' of the {role} data has {buffer.Length} values in row {position}; its type says {featureCount}.");
            buffer.CopyTo(row);
            int bad = FirstNonFinite(row);
            if (bad >= 0)
            {
                if (skipNonFiniteFeatures)
                {
                    skippedFeatures++;
                    continue;
                }
                throw host.Except(
                    $"Feature column '{featureColumn.Name}' of the {role} data is {Format(row[bad])} in slot {bad} of row {position}; QuantumHybrid needs finite features. " +
                    "Impute or drop missing values first (e.g. ReplaceMissingValues), or set Options.SkipRowsWithNonFiniteFeatures to skip such rows.");
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
