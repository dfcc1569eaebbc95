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
    private QuantumHybridTrainingData(int featureCount, ReadOnlyMemory<float> features, ReadOnlyMemory<float> labels, ReadOnlyMemory<float>? weights, long skippedNaNLabels, long skippedNonFinite)
    {
        FeatureCount = featureCount;
        Features = features;
        Labels = labels;
        Weights = weights;
        SkippedNaNLabelRows = skippedNaNLabels;
        SkippedNonFiniteFeatureRows = skippedNonFinite;
    }

    public int FeatureCount { get; }
    public ReadOnlyMemory<float> Features { get; }
    public ReadOnlyMemory<float> Labels { get; }
    public ReadOnlyMemory<float>? Weights { get; }
    public int RowCount => Labels.Length;
    /// <summary>Rows the hybrid trainer will actually use (NaN-label and skipped rows excluded).</summary>
    public long UsableRowCount => RowCount - SkippedNaNLabelRows - SkippedNonFiniteFeatureRows;
    public long SkippedNaNLabelRows { get; }
    public long SkippedNonFiniteFeatureRows { get; }

    // (A null array would convert to an empty, not absent, memory: absent weights stay a null ReadOnlyMemory.)
    public HybridDataset ToDataset() => new(FeatureCount, Features, Labels, Weights);

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

    /// <summary>
    /// Reads every row once (one cursor) into one float array of rows x features, allocated at its final size
    /// (<see cref="DataViewRowCount"/>), so no growing list and no second copy ever exist. Row numbers in messages are 0-based positions in <paramref name="data"/>.
    /// </summary>
    /// <param name="host">For errors and cancellation.</param>
    /// <param name="data">The role-mapped rows.</param>
    /// <param name="role">"training" or "validation", for messages.</param>
    /// <param name="skipNonFiniteFeatures">Skip (count) rows with a non-finite feature instead of throwing.</param>
    /// <param name="maximumValues">Largest rows x features held (one .NET array: <see cref="Array.MaxLength"/>); smaller in tests.</param>
    public static QuantumHybridTrainingData Read(IHost host, RoleMappedData data, string role, bool skipNonFiniteFeatures, long maximumValues = -1)
    {
        int featureCount = CheckColumns(host, data, role);
        var featureColumn = data.Schema.Feature!.Value;
        var labelColumn = data.Schema.Label!.Value;
        var weightColumn = data.Schema.Weight;
        if (maximumValues < 0)
            maximumValues = Array.MaxLength;

        long expectedRows = DataViewRowCount.Get(host, data.Data);
        CheckSize(host, expectedRows, featureCount, maximumValues, role, featureColumn.Name);
        int capacity = (int)expectedRows;
        var features = new float[capacity * featureCount];
        var labels = new float[capacity];
        var weights = weightColumn is null ? null : new float[capacity];
        long skippedLabels = 0, skippedFeatures = 0;
        var row = new float[featureCount];

        var columns = new List<DataViewSchema.Column> { featureColumn, labelColumn };
        if (weightColumn is { } wc)
            columns.Add(wc);
        using var cursor = data.Data.GetRowCursor(columns);
        var getFeatures = cursor.GetGetter<VBuffer<float>>(featureColumn);
        var getLabel = cursor.GetGetter<float>(labelColumn);
        ValueGetter<float>? getWeight = weightColumn is { } w ? cursor.GetGetter<float>(w) : null;
        VBuffer<float> buffer = default;
        float label = 0, weight = 1;
        int count = 0;
        while (cursor.MoveNext())
        {
            long position = count;
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
            if (count == capacity)
            {
                // A data view yielding more rows than it counted breaks ML.NET's contract; grow rather than fail.
                CheckSize(host, (long)count + 1, featureCount, maximumValues, role, featureColumn.Name);
                capacity = (int)Math.Min(Math.Max(2L * capacity, 16), maximumValues / featureCount);
                Array.Resize(ref features, capacity * featureCount);
                Array.Resize(ref labels, capacity);
                if (weights is not null)
                    Array.Resize(ref weights, capacity);
            }
            row.CopyTo(features.AsSpan(count * featureCount, featureCount));
            labels[count] = label;
            if (weights is not null)
                weights[count] = weight;
            count++;
        }
        return new QuantumHybridTrainingData(featureCount, features.AsMemory(0, count * featureCount), labels.AsMemory(0, count),
            weights is null ? (ReadOnlyMemory<float>?)null : new ReadOnlyMemory<float>(weights, 0, count), skippedLabels, skippedFeatures);
    }

    /// <summary><see cref="Read(IHost, RoleMappedData, string, bool, long)"/> with the columns named (role mapping is internal to ML.NET).</summary>
    internal static QuantumHybridTrainingData Read(IHost host, IDataView data, string featureColumn, string labelColumn, string role, bool skipNonFiniteFeatures, long maximumValues = -1)
        => Read(host, new RoleMappedData(data, label: labelColumn, feature: featureColumn), role, skipNonFiniteFeatures, maximumValues);

    /// <summary>
    /// The features of all rows sit in one float array; past <paramref name="maximumValues"/> values (rows x features) a
    /// .NET array cannot hold them, so say so with the numbers instead of failing inside an allocation.
    /// </summary>
    internal static void CheckSize(IExceptionContext ectx, long rows, int featureCount, long maximumValues, string role, string featureName)
    {
        if (rows * featureCount > maximumValues)
        {
            string size = string.Create(CultureInfo.InvariantCulture,
                $"The {role} data have {rows:N0} rows x {featureCount:N0} features ('{featureName}') = {rows * featureCount:N0} values; ");
            string limit = string.Create(CultureInfo.InvariantCulture,
                $"QuantumHybrid holds the features in one float array of at most {maximumValues:N0} values ({maximumValues / featureCount:N0} rows of this width). ");
            throw ectx.Except(size + limit + "Train on a sample of the rows (e.g. mlContext.Data.TakeRows or a sampled split) or on fewer features.");
        }
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
