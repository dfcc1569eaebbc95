using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace Qhml.MLNet.Tests.Trainers;

/// <summary>How the trainer reads a data view: one exact-size float array, and a clear error past an array's reach.</summary>
public class QuantumHybridTrainingDataTests
{
    private static IHost Host(MLContext ml) => ((IHostEnvironment)ml).Register("test");

    [Fact]
    public void RowsTimesFeaturesBeyondTheLimitIsAClearErrorNamingBoth()
    {
        var ml = new MLContext(seed: 1);
        var data = TrainerTestData.VectorView(ml, 10, seed: 2); // 10 rows x TrainerTestData.FeatureCount
        int f = TrainerTestData.FeatureCount;
        var error = Assert.ThrowsAny<InvalidOperationException>(() =>
            QuantumHybridTrainingData.Read(Host(ml), data, "Features", "Label", "training", false, maximumValues: 10L * f - 1));
        Assert.Contains(FormattableString.Invariant($"10 rows x {f} features ('Features') = {10 * f} values"), error.Message, StringComparison.Ordinal);
        Assert.Contains(FormattableString.Invariant($"at most {10 * f - 1} values"), error.Message, StringComparison.Ordinal);

        var read = QuantumHybridTrainingData.Read(Host(ml), data, "Features", "Label", "training", false, maximumValues: 10L * f);
        Assert.Equal(10 * f, read.Features.Length);
    }

    [Fact]
    public void TheLimitIsAnArraysLengthAndIsCheckedBeforeAllocating()
    {
        // 3.1 million rows x 706 features is past Array.MaxLength: refused from the count alone.
        var error = Assert.ThrowsAny<InvalidOperationException>(() =>
            QuantumHybridTrainingData.CheckSize(Host(new MLContext(1)), 3_100_000, 706, Array.MaxLength, "training", "Features"));
        Assert.Contains("3,100,000 rows x 706 features ('Features') = 2,188,600,000 values", error.Message, StringComparison.Ordinal);
        QuantumHybridTrainingData.CheckSize(Host(new MLContext(1)), 3_000_000, 706, Array.MaxLength, "training", "Features");
    }

    [Fact]
    public void AViewWithoutARowCountIsCountedAndReadIntoExactlyItsRows()
    {
        var ml = new MLContext(seed: 1);
        var (x, y) = TrainerTestData.Make(40, seed: 3);
        var all = TrainerTestData.VectorView(ml, x, y, TrainerTestData.FeatureCount);
        var filtered = ml.Data.FilterRowsByColumn(all, "Label", lowerBound: 0); // no row count known in advance
        Assert.Null(filtered.GetRowCount());
        int kept = y.Count(v => v >= 0);

        var read = QuantumHybridTrainingData.Read(Host(ml), filtered, "Features", "Label", "training", false);
        Assert.Equal(kept, read.RowCount);
        Assert.Equal(kept * TrainerTestData.FeatureCount, read.Features.Length);
        var expected = Enumerable.Range(0, 40).Where(i => y[i] >= 0).SelectMany(i => x.AsSpan(i * TrainerTestData.FeatureCount, TrainerTestData.FeatureCount).ToArray());
        Assert.Equal(expected, read.Features.ToArray());
        Assert.Equal(y.Where(v => v >= 0), read.Labels.ToArray());
    }
}
