using Microsoft.ML;
using Microsoft.ML.Data;

namespace Qhml.MLNet.Tests.Transforms;

/// <summary>The transform fits safely on extreme doubles, refuses columns with nothing to fit, and saves only what it loads.</summary>
public class ModeratedTanhExtremeDataTests
{
    private sealed class DoubleRow
    {
        public double X { get; set; }
    }

    private static IDataView Doubles(MLContext mlContext, IEnumerable<double> values)
        => mlContext.Data.LoadFromEnumerable(values.Select(v => new DoubleRow { X = v }).ToArray());

    [Theory]
    [InlineData(1e300, 200)]
    [InlineData(1.7e308, 200)]
    [InlineData(1e149, 200_000)] // below the rescaling threshold, but the sum of squares grows with the row count and overflows
    public void ExtremeDoublesFitToAFiniteModelThatRoundTrips(double magnitude, int rows)
    {
        var mlContext = new MLContext(seed: 1);
        var random = new Random(5);
        var data = Doubles(mlContext, Enumerable.Range(0, rows).Select(_ => (random.NextDouble() * 2 - 1) * magnitude).ToArray());
        var model = mlContext.Transforms.NormalizeModeratedTanh("Y", "X").Fit(data);
        Assert.Equal(1, model.ColumnCount);
        var column = model.GetNormalizerModelParameters(0);
        Assert.True(double.IsFinite(column.Scale[0]) && column.Scale[0] > 0, $"Scale {column.Scale[0]}.");
        Assert.True(double.IsFinite(column.Center[0]), $"Center {column.Center[0]}.");

        using var stream = new MemoryStream();
        mlContext.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        var loaded = mlContext.Model.LoadGuarded(stream, out _);
        var expected = model.Transform(data).GetColumn<double>("Y").ToArray();
        Assert.Equal(expected, loaded.Transform(data).GetColumn<double>("Y").ToArray());
        Assert.All(expected, y => Assert.True(double.IsFinite(y)));
        if (magnitude < 1.7e308)
            Assert.True(expected.Max() - expected.Min() > 1, "The extreme values are not squashed to one point.");
    }

    [Fact]
    public void EmptyDataIsRefusedClearly()
    {
        var mlContext = new MLContext(seed: 1);
        var e = Assert.Throws<InvalidOperationException>(() => mlContext.Transforms.NormalizeModeratedTanh("Y", "X").Fit(Doubles(mlContext, [])));
        Assert.Contains("column 'X': the data have no rows", e.Message);
    }

    [Fact]
    public void AnAllNaNColumnIsRefusedClearly()
    {
        var mlContext = new MLContext(seed: 1);
        var e = Assert.Throws<InvalidOperationException>(() =>
            mlContext.Transforms.NormalizeModeratedTanh("Y", "X").Fit(Doubles(mlContext, Enumerable.Repeat(double.NaN, 30))));
        Assert.Contains("column 'X': all 30 values read are NaN or infinite", e.Message);
    }
}
