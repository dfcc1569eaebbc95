using System.Globalization;
namespace Qhml.MLNet.Hybrid;

/// <summary>
/// Rows for training or validation: features (rows x <see cref="FeatureCount"/>, row-major), labels and
/// optional non-negative example weights. The arrays are read, never modified or kept by the model.
/// </summary>
internal sealed class HybridDataset
{
    /// <summary>Wraps the given arrays.</summary>
    /// <param name="featureCount">Features per row; at least 1.</param>
    /// <param name="features">Row-major features, length rows * featureCount.</param>
    /// <param name="labels">One label per row (NaN labels are skipped and counted by the trainer).</param>
    /// <param name="weights">Optional example weights, one per row; finite and non-negative.</param>
    /// <exception cref="ArgumentException">The lengths do not agree.</exception>
    public HybridDataset(int featureCount, ReadOnlyMemory<float> features, ReadOnlyMemory<float> labels, ReadOnlyMemory<float>? weights = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        if (features.Length != (long)labels.Length * featureCount)
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Features have {features.Length} values; expected {labels.Length} rows x {featureCount} features = {(long)labels.Length * featureCount}."),
                nameof(features));
        if (weights is { } w && w.Length != labels.Length)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Weights have {w.Length} values; expected one per row ({labels.Length})."), nameof(weights));
        FeatureCount = featureCount;
        Features = features;
        Labels = labels;
        Weights = weights;
    }

    /// <summary>Features per row.</summary>
    public int FeatureCount { get; }

    /// <summary>Number of rows.</summary>
    public int RowCount => Labels.Length;

    /// <summary>Row-major features.</summary>
    public ReadOnlyMemory<float> Features { get; }

    /// <summary>Labels.</summary>
    public ReadOnlyMemory<float> Labels { get; }

    /// <summary>Example weights, or null for all ones.</summary>
    public ReadOnlyMemory<float>? Weights { get; }
}
