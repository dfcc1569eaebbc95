using Microsoft.ML;
using Microsoft.ML.Data;

namespace Qhml.MLNet.Tests.Transforms;

/// <summary>Invalid columns, options and values give clear, specific errors; constant columns have documented output.</summary>
public class ModeratedTanhBadInputTests
{
    private sealed class MixedRow
    {
        public string Text { get; set; } = "";

        public float X { get; set; }

        public float[] Unsized { get; set; } = Array.Empty<float>();
    }

    private sealed class ScalarRow
    {
        public float X { get; set; }
    }

    private static IDataView Mixed(MLContext mlContext)
        => mlContext.Data.LoadFromEnumerable(Enumerable.Range(0, 10).Select(i => new MixedRow { Text = "t" + i, X = i, Unsized = new float[] { i, i + 1 } }));

    [Fact]
    public void TextColumnIsRejectedNamingTheColumnAndExpectedType()
    {
        var mlContext = new MLContext(seed: 1);
        var e = Assert.ThrowsAny<ArgumentOutOfRangeException>(() => mlContext.Transforms.NormalizeModeratedTanh("Text").Fit(Mixed(mlContext)));
        MessageAssert.Mentions(e, "'Text'", "Single or Double", "String");
    }

    [Fact]
    public void VectorOfUnknownSizeIsRejected()
    {
        var mlContext = new MLContext(seed: 1);
        var e = Assert.ThrowsAny<ArgumentOutOfRangeException>(() => mlContext.Transforms.NormalizeModeratedTanh("Unsized").Fit(Mixed(mlContext)));
        MessageAssert.Mentions(e, "'Unsized'", "unknown size");
    }

    [Fact]
    public void MissingInputColumnIsReportedAtFitAndAtTransform()
    {
        var mlContext = new MLContext(seed: 1);
        var data = Mixed(mlContext);
        var fitError = Assert.ThrowsAny<ArgumentOutOfRangeException>(() => mlContext.Transforms.NormalizeModeratedTanh("Y", "Absent").Fit(data));
        Assert.Contains("'Absent'", fitError.Message);

        var transformer = mlContext.Transforms.NormalizeModeratedTanh("Y", "X").Fit(data);
        var other = mlContext.Data.LoadFromEnumerable(new[] { new { Z = 1f } });
        var e = Assert.ThrowsAny<ArgumentOutOfRangeException>(() => transformer.Transform(other));
        MessageAssert.Mentions(e, "'X'", "Could not find input column");
    }

    [Fact]
    public void InputOfDifferentTypeAtTransformTimeIsRejected()
    {
        var mlContext = new MLContext(seed: 1);
        var transformer = mlContext.Transforms.NormalizeModeratedTanh("Y", "X").Fit(Mixed(mlContext));
        var doubles = mlContext.Data.LoadFromEnumerable(new[] { new { X = 1.0 } });
        var e = Assert.ThrowsAny<ArgumentOutOfRangeException>(() => transformer.Transform(doubles));
        MessageAssert.Mentions(e, "'X'", "Single", "Double");
    }

    [Fact]
    public void ConstantColumnHasScaleZeroAndOutputsZero()
    {
        var mlContext = new MLContext(seed: 1);
        var train = mlContext.Data.LoadFromEnumerable(Enumerable.Repeat(new ScalarRow { X = 7f }, 20));
        var transformer = mlContext.Transforms.NormalizeModeratedTanh("Y", "X").Fit(train);
        var p = transformer.GetNormalizerModelParameters(0);
        Assert.Equal(7.0, p.Center[0]);
        Assert.Equal(0.0, p.Scale[0]);
        Assert.Equal(1.0, p.Moderation[0]);

        var test = mlContext.Data.LoadFromEnumerable(new[] { 7f, -3f, 1e6f, float.PositiveInfinity, float.NaN }.Select(v => new ScalarRow { X = v }));
        var y = transformer.Transform(test).GetColumn<float>("Y").ToArray();
        Assert.Equal(new[] { 0f, 0f, 0f, 0f }, y.Take(4));
        Assert.True(float.IsNaN(y[4]));
    }

    [Fact]
    public void NaNThrowsWithColumnRowAndSlotWhenConfigured()
    {
        var mlContext = new MLContext(seed: 1);
        var train = ModeratedTanhTestData.MixedView(mlContext, 100, seed: 2);
        var transformer = mlContext.Transforms.NormalizeModeratedTanh(new ModeratedTanhNormalizingEstimator.Options
        {
            OutputColumnName = "Norm",
            InputColumnName = "Features",
            ThrowOnNaN = true,
        }).Fit(train);

        var rows = ModeratedTanhTestData.MixedRows(5, seed: 3);
        rows[3].Features[2] = float.NaN;
        var test = mlContext.Data.LoadFromEnumerable(rows);
        var thrown = Assert.ThrowsAny<Exception>(() => transformer.Transform(test).GetColumn<float[]>("Norm").ToArray());
        // ML.NET's parallel cursors may wrap it; ours is in the chain with the details.
        var e = Flatten(thrown).OfType<InvalidOperationException>().Single(x => x.Message.Contains("NaN"));
        MessageAssert.Mentions(e, "Column 'Features'", "row 3", "slot 2", "NaN");

        // The same data passes through with NaN kept when the option is off.
        var keep = mlContext.Transforms.NormalizeModeratedTanh("Norm", "Features").Fit(train);
        var output = keep.Transform(test).GetColumn<float[]>("Norm").ToArray();
        Assert.True(float.IsNaN(output[3][2]));
        Assert.False(float.IsNaN(output[3][1]));
    }

    [Fact]
    public void NaNErrorNamesTheRightRowInALargeParallelScan()
    {
        var mlContext = new MLContext(seed: 1);
        var rows = Enumerable.Range(0, 20_000).Select(i => new ScalarRow { X = i % 97 }).ToArray();
        var transformer = mlContext.Transforms.NormalizeModeratedTanh(new ModeratedTanhNormalizingEstimator.Options
        {
            OutputColumnName = "Y",
            InputColumnName = "X",
            ThrowOnNaN = true,
        }).Fit(mlContext.Data.LoadFromEnumerable(rows));
        rows[17_321].X = float.NaN;
        var thrown = Assert.ThrowsAny<Exception>(() => transformer.Transform(mlContext.Data.LoadFromEnumerable(rows)).GetColumn<float>("Y").ToArray());
        var e = Flatten(thrown).OfType<InvalidOperationException>().Single(x => x.Message.Contains("NaN"));
        Assert.Contains("Column 'X', row 17321, slot 0", e.Message);
    }

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        for (Exception? x = e; x != null; x = x.InnerException)
        {
            yield return x;
            if (x is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten))
                    yield return inner;
            }
        }
    }

    [Theory]
    [InlineData(0.0, 1.0, 0.01)]
    [InlineData(-1.0, 1.0, 0.01)]
    [InlineData(double.NaN, 1.0, 0.01)]
    [InlineData(1.0, 0.0, 0.01)]
    [InlineData(1.0, double.PositiveInfinity, 0.01)]
    [InlineData(null, 1.0, 1.0)]
    [InlineData(null, 1.0, -0.5)]
    public void InvalidOptionsAreRejectedAtConstruction(double? moderation, double halfRange, double target)
    {
        var mlContext = new MLContext(seed: 1);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => mlContext.Transforms.NormalizeModeratedTanh("Col", moderation: moderation, halfRange: halfRange, targetSaturatedFraction: target));
        Assert.Contains("'Col'", e.Message);
    }
}
