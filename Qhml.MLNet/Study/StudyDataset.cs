using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Qhml.MLNet.Common;
using Qhml.MLNet.Data;

namespace Qhml.MLNet.Study;

/// <summary>
/// One drug's data held in memory for a study: a feature vector and a label per cell line. The study
/// draws many random train/test splits from it, which is cheaper and exactly reproducible on arrays.
/// </summary>
public sealed class StudyDataset
{
    private readonly float[][] _features;
    private readonly float[] _labels;

    /// <summary>Creates a data set from rows of features and their labels.</summary>
    /// <param name="name">What the data are (for example the drug name); used in results and messages.</param>
    /// <param name="features">One feature vector per row; all of the same, non-zero length, all finite.</param>
    /// <param name="labels">One finite label per row.</param>
    /// <param name="slotNames">Optional names of the feature slots (for example gene symbols).</param>
    /// <exception cref="ArgumentException">Lengths disagree, or a value is NaN or infinite (the message names row and slot).</exception>
    public StudyDataset(string name, float[][] features, float[] labels, IReadOnlyList<string>? slotNames = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (features.Length != labels.Length)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Data set '{name}' has {features.Length} feature rows but {labels.Length} labels."), nameof(labels));
        if (features.Length == 0)
            throw new ArgumentException($"Data set '{name}' has no rows.", nameof(features));
        int width = features[0]?.Length ?? 0;
        if (width == 0)
            throw new ArgumentException($"Data set '{name}': row 0 has no features.", nameof(features));
        for (int i = 0; i < features.Length; i++)
        {
            float[]? row = features[i];
            if (row is null || row.Length != width)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Data set '{name}': row {i} has {row?.Length ?? 0} features; expected {width} like row 0."), nameof(features));
            for (int j = 0; j < width; j++)
            {
                if (!float.IsFinite(row[j]))
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Data set '{name}': feature slot {j} of row {i} is {row[j]}; features must be finite."), nameof(features));
            }
            if (!float.IsFinite(labels[i]))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Data set '{name}': the label of row {i} is {labels[i]}; labels must be finite."), nameof(labels));
        }
        if (slotNames is not null && slotNames.Count != width)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Data set '{name}' has {slotNames.Count} slot names for {width} features."), nameof(slotNames));

        Name = name;
        _features = features;
        _labels = labels;
        SlotNames = slotNames;
    }

    /// <summary>What the data are (for example the drug name).</summary>
    public string Name { get; }

    /// <summary>Number of rows (cell lines).</summary>
    public int RowCount => _labels.Length;

    /// <summary>Length of every feature vector.</summary>
    public int FeatureCount => _features[0].Length;

    /// <summary>Names of the feature slots, when known.</summary>
    public IReadOnlyList<string>? SlotNames { get; }

    /// <summary>The feature vector of a row (not copied: do not modify).</summary>
    /// <param name="row">Row index.</param>
    /// <returns>The row's features.</returns>
    public ReadOnlySpan<float> GetFeatures(int row) => _features[row];

    /// <summary>The label of a row.</summary>
    /// <param name="row">Row index.</param>
    /// <returns>The row's label.</returns>
    public float GetLabel(int row) => _labels[row];

    /// <summary>
    /// Reads a data set from an <see cref="IDataView"/> with a known-size float vector feature column and a
    /// float label column (the shape of ML.NET regression data). Slot names are kept when present.
    /// </summary>
    /// <param name="name">What the data are.</param>
    /// <param name="data">The data view.</param>
    /// <param name="featureColumnName">Feature column (vector of Single, known size).</param>
    /// <param name="labelColumnName">Label column (Single).</param>
    /// <returns>The data set.</returns>
    /// <exception cref="ArgumentException">A column is missing or of the wrong type, or a value is not finite.</exception>
    public static StudyDataset FromDataView(string name, IDataView data,
        string featureColumnName = "Features", string labelColumnName = "Label")
    {
        ArgumentNullException.ThrowIfNull(data);
        DataViewSchema.Column featureColumn = data.Schema.GetColumnOrNull(featureColumnName)
            ?? throw new ArgumentException($"Data set '{name}' has no feature column '{featureColumnName}'.", nameof(featureColumnName));
        DataViewSchema.Column labelColumn = data.Schema.GetColumnOrNull(labelColumnName)
            ?? throw new ArgumentException($"Data set '{name}' has no label column '{labelColumnName}'.", nameof(labelColumnName));
        if (featureColumn.Type is not VectorDataViewType { ItemType: NumberDataViewType itemType, Size: > 0 } vectorType
            || itemType.RawType != typeof(float))
            throw new ArgumentException($"Column '{featureColumnName}' of '{name}' is {featureColumn.Type}; expected a known-size vector of Single.", nameof(featureColumnName));
        if (labelColumn.Type.RawType != typeof(float))
            throw new ArgumentException($"Column '{labelColumnName}' of '{name}' is {labelColumn.Type}; expected Single.", nameof(labelColumnName));

        var features = new List<float[]>();
        var labels = new List<float>();
        using (DataViewRowCursor cursor = data.GetRowCursor(new[] { featureColumn, labelColumn }))
        {
            ValueGetter<VBuffer<float>> getFeatures = cursor.GetGetter<VBuffer<float>>(featureColumn);
            ValueGetter<float> getLabel = cursor.GetGetter<float>(labelColumn);
            VBuffer<float> buffer = default;
            float label = 0;
            while (cursor.MoveNext())
            {
                getFeatures(ref buffer);
                getLabel(ref label);
                var row = new float[vectorType.Size];
                buffer.CopyTo(row);
                features.Add(row);
                labels.Add(label);
            }
        }

        IReadOnlyList<string>? slotNames = null;
        if (featureColumn.HasSlotNames())
        {
            VBuffer<ReadOnlyMemory<char>> names = default;
            featureColumn.GetSlotNames(ref names);
            slotNames = names.DenseValues().Select(n => n.ToString()).ToArray();
        }
        return new StudyDataset(name, features.ToArray(), labels.ToArray(), slotNames);
    }

    /// <summary>One drug of a GDSC data set (real or synthetic): expression as features, ln IC50 as label, genes as slot names.</summary>
    /// <param name="gdsc">The loaded data.</param>
    /// <param name="drugName">Exact drug name.</param>
    /// <returns>The drug's data set, named after the drug.</returns>
    /// <exception cref="ArgumentException">The drug is unknown (the message lists the closest names).</exception>
    public static StudyDataset FromGdsc(GdscDataset gdsc, string drugName)
    {
        ArgumentNullException.ThrowIfNull(gdsc);
        GdscDrugData drug = gdsc.GetDrugData(drugName);
        return new StudyDataset(drug.DrugName, drug.Features, drug.Labels, drug.GeneNames);
    }

    /// <summary>
    /// Draws a random split: <paramref name="trainSize"/> rows for training, every other row for testing.
    /// The same seed gives the same split on every machine (a seeded Fisher-Yates shuffle).
    /// </summary>
    /// <param name="trainSize">Rows to train on; at least 2, and at least 2 rows must remain for testing.</param>
    /// <param name="seed">Seed of the split.</param>
    /// <returns>The row indices of the training and test sets, each in ascending order.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The data set is too small for <paramref name="trainSize"/>.</exception>
    public (int[] Train, int[] Test) Split(int trainSize, int seed)
    {
        if (trainSize < 2 || trainSize > RowCount - 2)
            throw OutOfRange.Exception(nameof(trainSize), trainSize,
                string.Create(CultureInfo.InvariantCulture, $"Data set '{Name}' has {RowCount} rows; a training size must be between 2 and {RowCount - 2} so that at least 2 rows remain for testing."));
        int[] order = Enumerable.Range(0, RowCount).ToArray();
        var random = new Random(seed);
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        int[] train = order[..trainSize];
        int[] test = order[trainSize..];
        Array.Sort(train);
        Array.Sort(test);
        return (train, test);
    }

    /// <summary>
    /// The given rows as an <see cref="IDataView"/> with a <c>Features</c> column (vector of Single, with
    /// slot names when known) and a <c>Label</c> column (Single).
    /// </summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="rows">Row indices to include, in order.</param>
    /// <returns>A data view over copies of those rows.</returns>
    public IDataView ToDataView(MLContext mlContext, IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(rows);
        var items = new StudyRow[rows.Count];
        for (int i = 0; i < items.Length; i++)
            items[i] = new StudyRow { Features = (float[])_features[rows[i]].Clone(), Label = _labels[rows[i]] };

        SchemaDefinition schema = SchemaDefinition.Create(typeof(StudyRow));
        var vectorType = new VectorDataViewType(NumberDataViewType.Single, FeatureCount);
        schema[nameof(StudyRow.Features)].ColumnType = vectorType;
        if (SlotNames is not null)
        {
            var names = new VBuffer<ReadOnlyMemory<char>>(FeatureCount, SlotNames.Select(n => n.AsMemory()).ToArray());
            schema[nameof(StudyRow.Features)].AddAnnotation("SlotNames", names,
                new VectorDataViewType(TextDataViewType.Instance, FeatureCount));
        }
        return mlContext.Data.LoadFromEnumerable(items, schema);
    }

    /// <summary>The in-memory row type behind <see cref="ToDataView"/>.</summary>
    private sealed class StudyRow
    {
        public float[] Features { get; set; } = [];
        public float Label { get; set; }
    }
}
