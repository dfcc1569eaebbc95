using System.Globalization;
namespace Qhml.MLNet.Hybrid;

/// <summary>Usable rows of a <see cref="HybridDataset"/>, with the bad-input policy applied.</summary>
internal sealed class PreparedRows
{
    /// <summary>The features as given (row-major): what scoring sees, and what a single-precision first layer reads.</summary>
    public required float[] FeaturesSingle { get; init; }
    /// <summary>The same features widened to double (exact), for a double first layer and the weight gradient.</summary>
    public required double[] Features { get; init; }
    public required double[] Labels { get; init; }
    public required double[] Weights { get; init; }
    public int Count => Labels.Length;
    public int SkippedNaNLabels { get; init; }
    public int SkippedInvalidFeatures { get; init; }

    /// <summary>
    /// Copies the rows with a finite label; a NaN label skips the row (counted). A NaN or infinite feature
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
            int bad = FirstInvalid(x.Slice(i * f, f));
            if (bad >= 0)
            {
                if (!skipInvalidFeatures)
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture, $"The {role} set's feature slot {bad} of row {i} is {x[i * f + bad]}; expected a finite value (set SkipRowsWithNonFiniteFeatures to skip such rows)."), role);
                badFeatures++;
                continue;
            }
            keep.Add(i);
        }
        var single = new float[keep.Count * f];
        var features = new double[keep.Count * f];
        var labels = new double[keep.Count];
        var weights = new double[keep.Count];
        for (int k = 0; k < keep.Count; k++)
        {
            int i = keep[k];
            x.Slice(i * f, f).CopyTo(single.AsSpan(k * f, f));
            SpanMath.Widen(x.Slice(i * f, f), features.AsSpan(k * f, f));
            labels[k] = y[i];
            weights[k] = w.IsEmpty ? 1.0 : w[i];
        }
        return new PreparedRows
        {
            FeaturesSingle = single, Features = features, Labels = labels, Weights = weights,
            SkippedNaNLabels = nanLabels, SkippedInvalidFeatures = badFeatures,
        };
    }

    /// <summary>The rows at <paramref name="indices"/>, in that order.</summary>
    public PreparedRows Subset(IReadOnlyList<int> indices, int featureCount)
    {
        var single = new float[indices.Count * featureCount];
        var features = new double[indices.Count * featureCount];
        var labels = new double[indices.Count];
        var weights = new double[indices.Count];
        for (int k = 0; k < indices.Count; k++)
        {
            int i = indices[k];
            Array.Copy(FeaturesSingle, i * featureCount, single, k * featureCount, featureCount);
            Array.Copy(Features, i * featureCount, features, k * featureCount, featureCount);
            labels[k] = Labels[i];
            weights[k] = Weights[i];
        }
        return new PreparedRows { FeaturesSingle = single, Features = features, Labels = labels, Weights = weights };
    }

    /// <summary>The same rows with other labels (features shared, not copied).</summary>
    public PreparedRows WithLabels(double[] labels)
        => new() { FeaturesSingle = FeaturesSingle, Features = Features, Labels = labels, Weights = Weights,
            SkippedNaNLabels = SkippedNaNLabels, SkippedInvalidFeatures = SkippedInvalidFeatures };

    private static int FirstInvalid(ReadOnlySpan<float> row)
    {
        for (int j = 0; j < row.Length; j++)
            if (!float.IsFinite(row[j]))
                return j;
        return -1;
    }
}
