using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace Qhml.MLNet.Tests.Transforms;

/// <summary>The fit keeps each slot's values in one array: past an array's reach it says so, before allocating.</summary>
public class ModeratedTanhFitSizeTests
{
    private sealed class Row
    {
        public float X { get; set; }
    }

    private static IDataView Rows(MLContext ml, int count) => ml.Data.LoadFromEnumerable(Enumerable.Range(0, count).Select(i => new Row { X = i % 7 }).ToList());

    [Fact]
    public void MoreRowsThanASlotArrayHoldsIsAClearErrorNamingTheColumnAndTheLimit()
    {
        var ml = new MLContext(seed: 1);
        var data = Rows(ml, 20);
        // The robust scaling keeps every value (medians); the default options stream and keep none.
        var options = new ModeratedTanhNormalizingEstimator.Options { OutputColumnName = "X", Scaling = ModeratedTanhScaling.MedianInterquartileRange };
        var error = Assert.ThrowsAny<InvalidOperationException>(() =>
            ModeratedTanhFitter.Fit(((IHostEnvironment)ml).Register("test"), data, [options], [data.Schema["X"]], maximumValuesPerSlot: 19));
        Assert.Contains("column 'X': 20 rows are more values per slot than one array holds (19)", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaximumExampleCount", error.Message, StringComparison.Ordinal);

        // MaximumExampleCount within the limit: fits on the first 19 rows (median of 0..6, 0..6, 0..4 = 3).
        options.MaximumExampleCount = 19;
        var fitted = ModeratedTanhFitter.Fit(((IHostEnvironment)ml).Register("test"), data, [options], [data.Schema["X"]], maximumValuesPerSlot: 19);
        Assert.Equal(3.0, fitted[0].Center[0]);

        // The default options keep no values, so no such limit applies to them.
        var defaults = new ModeratedTanhNormalizingEstimator.Options { OutputColumnName = "X" };
        var streamed = ModeratedTanhFitter.Fit(((IHostEnvironment)ml).Register("test"), data, [defaults], [data.Schema["X"]], maximumValuesPerSlot: 19);
        Assert.Equal(Enumerable.Range(0, 20).Average(i => i % 7), streamed[0].Center[0], 12);
    }
}
