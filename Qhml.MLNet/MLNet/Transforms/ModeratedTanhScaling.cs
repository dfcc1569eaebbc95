namespace Qhml.MLNet;

/// <summary>How the moderated-tanh normalizer centers and scales each slot before the tanh.</summary>
public enum ModeratedTanhScaling
{
    /// <summary>Center = mean, scale = sample standard deviation (the z-score).</summary>
    MeanStandardDeviation = 0,

    /// <summary>
    /// Center = median, scale = interquartile range / 1.349 (equals the standard deviation on normal
    /// data); robust to outliers. Falls back to the standard deviation when the IQR is 0.
    /// </summary>
    MedianInterquartileRange = 1,
}
