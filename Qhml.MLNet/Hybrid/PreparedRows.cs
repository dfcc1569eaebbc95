using System.Globalization;
namespace Qhml.MLNet.Hybrid;

/// <summary>
/// Usable rows of a <see cref="HybridDataset"/>, with the bad-input policy applied. The features are never copied:
/// a prepared row is a row of the caller's float array, found through an index map when rows were skipped or a
/// subset was taken (so the training and validation subsets, the ridge and the network all share one array, and a
/// double row exists only for the rows of the current mini-batch or block; widening a float is exact, so the
/// numbers are those of a double copy).
/// </summary>
internal sealed class PreparedRows
{
    private readonly ReadOnlyMemory<float> _source;
    private readonly int[]? _sourceRows; // prepared row k is source row _sourceRows[k]; null: the identity

    private PreparedRows(ReadOnlyMemory<float> source, int[]? sourceRows, int featureCount, double[] labels, double[] weights)
    {
        _source = source;
        _sourceRows = sourceRows;
        FeatureCount = featureCount;
        Labels = labels;
        Weights = weights;
    }

    public int FeatureCount { get; }
    public double[] Labels { get; }
    public double[] Weights { get; }
    public int Count => Labels.Length;
    public int SkippedNaNLabels { get; private init; }
    public int SkippedInvalidFeatures { get; private init; }

    /// <summary>The caller's row-major features, indexed by <see cref="SourceRow"/>.</summary>
    public ReadOnlySpan<float> Source => _source.Span;

    /// <summary>The row of <see cref="Source"/> that holds prepared row <paramref name="k"/>.</summary>
    public int SourceRow(int k) => _sourceRows is null ? k : _sourceRows[k];

    /// <summary>The features of prepared row <paramref name="k"/> (as given: what scoring sees).</summary>
    public ReadOnlySpan<float> Row(int k) => _source.Span.Slice(Offset(SourceRow(k)), FeatureCount);

    /// <summary>Prepared row <paramref name="k"/> widened to double (exact) into <paramref name="destination"/>.</summary>
    public void RowAsDouble(int k, Span<double> destination) => SpanMath.Widen(Row(k), destination);

    /// <summary>
    /// Rows <c>[start, start + count)</c> as one row-major span: a slice of the source when they are consecutive there,
    /// else gathered into <paramref name="scratch"/> (at least count x features long).
    /// </summary>
    public ReadOnlySpan<float> Block(int start, int count, Span<float> scratch)
    {
        int first = SourceRow(start), f = FeatureCount;
        if (count == 0 || SourceRow(start + count - 1) - first == count - 1)
            return _source.Span.Slice(Offset(first), count * f);   // the map is increasing, so this range is contiguous
        for (int k = 0; k < count; k++)
            Row(start + k).CopyTo(scratch.Slice(k * f, f));
        return scratch[..(count * f)];
    }

    // A row's first value; below the source's length (an int) for every valid row, so computed without overflow in long.
    private int Offset(int sourceRow) => checked((int)((long)sourceRow * FeatureCount));

    /// <summary>
    /// Keeps the rows with a finite label; a NaN label skips the row (counted). A NaN or infinite feature
    /// throws naming row and slot, or skips the row when <paramref name="skipInvalidFeatures"/>. Infinite
    /// labels and negative or non-finite weights always throw.
    /// </summary>
    public static PreparedRows From(HybridDataset data, int expectedFeatures, string role, bool skipInvalidFeatures)
    {
        if (data.FeatureCount != expectedFeatures)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The {role} set has {data.FeatureCount} features per row; expected {expectedFeatures}."), role);
        ReadOnlySpan<float> x = data.Features.Span, y = data.Labels.Span;
        ReadOnlySpan<float> w = data.Weights is { } wm ? wm.Span : default;
        int f = data.FeatureCount, n = data.RowCount;
        var keep = new List<int>(n);
        int nanLabels = 0, badFeatures = 0;
        for (int i = 0; i < n; i++)
        {
            float label = y[i];
            if (float.IsNaN(label))
            {
                nanLabels++;
                continue;
            }
            if (float.IsInfinity(label))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The {role} set's label of row {i} is {label}; expected a finite value (NaN labels are skipped)."), role);
            if (!w.IsEmpty && (!float.IsFinite(w[i]) || w[i] < 0))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The {role} set's example weight of row {i} is {w[i]}; expected a finite, non-negative value."), role);
            ReadOnlySpan<float> row = x.Slice((int)((long)i * f), f);
            int bad = FirstInvalid(row);
            if (bad >= 0)
            {
                if (!skipInvalidFeatures)
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture, $"The {role} set's feature slot {bad} of row {i} is {row[bad]}; expected a finite value (set SkipRowsWithNonFiniteFeatures to skip such rows)."), role);
                badFeatures++;
                continue;
            }
            keep.Add(i);
        }
        var labels = new double[keep.Count];
        var weights = new double[keep.Count];
        for (int k = 0; k < keep.Count; k++)
        {
            int i = keep[k];
            labels[k] = y[i];
            weights[k] = w.IsEmpty ? 1.0 : w[i];
        }
        int[]? map = keep.Count == n ? null : keep.ToArray();
        return new PreparedRows(data.Features, map, f, labels, weights) { SkippedNaNLabels = nanLabels, SkippedInvalidFeatures = badFeatures };
    }

    /// <summary>The rows at <paramref name="indices"/> (ascending), sharing these features.</summary>
    public PreparedRows Subset(IReadOnlyList<int> indices)
    {
        var map = new int[indices.Count];
        var labels = new double[indices.Count];
        var weights = new double[indices.Count];
        for (int k = 0; k < indices.Count; k++)
        {
            int i = indices[k];
            if (k > 0 && i <= indices[k - 1])
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Subset index {k} ({i}) does not follow {indices[k - 1]}; expected ascending indices."), nameof(indices));
            map[k] = SourceRow(i);
            labels[k] = Labels[i];
            weights[k] = Weights[i];
        }
        return new PreparedRows(_source, map, FeatureCount, labels, weights);
    }

    /// <summary>The same rows with other labels (features shared, not copied).</summary>
    public PreparedRows WithLabels(double[] labels)
        => new(_source, _sourceRows, FeatureCount, labels, Weights) { SkippedNaNLabels = SkippedNaNLabels, SkippedInvalidFeatures = SkippedInvalidFeatures };

    private static int FirstInvalid(ReadOnlySpan<float> row)
    {
        for (int j = 0; j < row.Length; j++)
            if (!float.IsFinite(row[j]))
                return j;
        return -1;
    }
}
