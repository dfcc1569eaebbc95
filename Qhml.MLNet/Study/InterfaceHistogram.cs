using System.Globalization;
namespace Qhml.MLNet.Study;

/// <summary>
/// A histogram of the values at a hybrid model's network/circuit interface (the circuit's input angles):
/// where the circuit inputs land, for seeing saturation at a glance.
/// </summary>
/// <param name="BinEdges">Bin edges, ascending; one more than <paramref name="Counts"/>.</param>
/// <param name="Counts">Number of values per bin.</param>
public sealed record InterfaceHistogram(IReadOnlyList<double> BinEdges, IReadOnlyList<double> Counts)
{
    /// <summary>Bins values into <paramref name="binCount"/> equal bins over [<paramref name="min"/>, <paramref name="max"/>]; values outside go to the end bins, NaNs are dropped.</summary>
    /// <param name="values">The values.</param>
    /// <param name="min">Lower end of the range.</param>
    /// <param name="max">Upper end of the range; greater than <paramref name="min"/>.</param>
    /// <param name="binCount">Number of bins; positive.</param>
    /// <returns>The histogram.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The range is empty or the bin count not positive.</exception>
    public static InterfaceHistogram FromValues(IEnumerable<double> values, double min, double max, int binCount)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(binCount);
        if (!(max > min) || !double.IsFinite(min) || !double.IsFinite(max))
            throw new ArgumentOutOfRangeException(nameof(max), string.Create(CultureInfo.InvariantCulture, $"The histogram range [{min}, {max}] must be finite and non-empty."));
        var edges = new double[binCount + 1];
        for (int i = 0; i <= binCount; i++)
            edges[i] = min + (max - min) * i / binCount;
        var counts = new double[binCount];
        foreach (double v in values)
        {
            if (double.IsNaN(v))
                continue;
            int bin = (int)Math.Floor((v - min) / (max - min) * binCount);
            counts[Math.Clamp(bin, 0, binCount - 1)]++;
        }
        return new InterfaceHistogram(edges, counts);
    }
}
