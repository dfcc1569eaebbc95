using MathNet.Numerics.Statistics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Qhml.MLNet.Normalization;

namespace Qhml.MLNet.Tests.Transforms;

/// <summary>Fitting through ML.NET: parameters per slot, outputs, annotations, options.</summary>
public class ModeratedTanhEstimatorTests
{
    private const int Rows = 2000;

    private static (MLContext, IDataView, ModeratedTanhTestData.Row[]) Data()
    {
        var mlContext = new MLContext(seed: 1);
        var view = ModeratedTanhTestData.MixedView(mlContext, Rows, seed: 5);
        return (mlContext, view, ModeratedTanhTestData.MixedRows(Rows, seed: 5));
    }

    [Fact]
    public void FittedParametersAreMeanSdAndTheSaturationTargetPerSlot()
    {
        var (mlContext, view, rows) = Data();
        var transformer = mlContext.Transforms.NormalizeModeratedTanh("Norm", "Features").Fit(view);
        var p = transformer.GetNormalizerModelParameters(0);

        Assert.Equal(1, transformer.ColumnCount);
        Assert.Equal(ModeratedTanhTestData.VectorSize, p.SlotCount);
        Assert.True(p.IsModerationFitted);
        Assert.Equal(1.0, p.HalfRange);
        var outputs = transformer.Transform(view).GetColumn<float[]>("Norm").ToArray();
        for (int slot = 0; slot < p.SlotCount; slot++)
        {
            var x = rows.Select(r => (double)r.Features[slot]).ToArray();
            var (mean, sd) = x.MeanStandardDeviation();
            Assert.Equal(mean, p.Center[slot], 9);
            Assert.Equal(sd, p.Scale[slot], 9);
            var z = x.Select(v => (v - p.Center[slot]) / p.Scale[slot]).ToArray();
            Assert.Equal(ModerationFit.SmallestModeration(z, 0.01), p.Moderation[slot]);

            var y = outputs.Select(o => (double)o[slot]).ToArray();
            for (int i = 0; i < Rows; i++)
                Assert.Equal((float)ModeratedTanh.Normalize(x[i], p.Center[slot], p.Scale[slot], 1.0, p.Moderation[slot]), (float)y[i]);
            Assert.True(ModeratedTanh.SaturatedFraction(y, 1.0) <= 0.01 + 1e-12, $"slot {slot}: {ModeratedTanh.SaturatedFraction(y, 1.0)}");
        }
        // Slot 3 is uniform: |z| <= 1.73 never saturates at m = 1, so the minimum binds.
        Assert.Equal(1.0, p.Moderation[3]);
        // Heavy tails (slot 1, Student t with 3 degrees of freedom) need a larger m than the normal slot 0.
        Assert.True(p.Moderation[1] > p.Moderation[0]);
    }

    [Fact]
    public void RobustScalingUsesMedianAndIqrAndOptionsArePerColumn()
    {
        var (mlContext, view, rows) = Data();
        var transformer = mlContext.Transforms.NormalizeModeratedTanh(
            new ModeratedTanhNormalizingEstimator.Options { OutputColumnName = "Robust", InputColumnName = "Features", Scaling = ModeratedTanhScaling.MedianInterquartileRange, HalfRange = Math.PI / 2 },
            new ModeratedTanhNormalizingEstimator.Options { OutputColumnName = "Fixed", InputColumnName = "Scalar", Moderation = 2.5 }).Fit(view);

        var robust = transformer.GetNormalizerModelParameters(0);
        Assert.Equal(ModeratedTanhScaling.MedianInterquartileRange, robust.Scaling);
        Assert.Equal(Math.PI / 2, robust.HalfRange);
        var x = rows.Select(r => (double)r.Features[2]).ToArray();
        Assert.Equal(x.Median(), robust.Center[2], 9);
        Assert.Equal(x.InterquartileRange() / 1.3489795003921634, robust.Scale[2], 9);

        var fixedM = transformer.GetNormalizerModelParameters(1);
        Assert.False(fixedM.IsModerationFitted);
        Assert.Equal(2.5, fixedM.Moderation[0]);
        var scalar = transformer.Transform(view).GetColumn<double>("Fixed").ToArray();
        var (mean, sd) = rows.Select(r => r.Scalar).MeanStandardDeviation();
        Assert.Equal(Math.Tanh((rows[7].Scalar - mean) / (sd * 2.5)), scalar[7], 12);

        var angles = transformer.Transform(view).GetColumn<float[]>("Robust").SelectMany(v => v).ToArray();
        Assert.All(angles, a => Assert.InRange(a, -Math.PI / 2, Math.PI / 2));
        Assert.Contains(angles, a => Math.Abs(a) > 1.0); // uses the range beyond +-1
        Assert.Throws<ArgumentOutOfRangeException>(() => transformer.GetNormalizerModelParameters(2));
    }

    [Fact]
    public void OutputSchemaKeepsTypeAndSlotNamesAndMarksNormalized()
    {
        var (mlContext, view, _) = Data();
        var estimator = mlContext.Transforms.NormalizeModeratedTanh(new[] { new InputOutputColumnPair("Norm", "Features"), new InputOutputColumnPair("Scalar") });
        var transformer = estimator.Fit(view);
        var predicted = transformer.GetOutputSchema(view.Schema);
        Assert.Equal(view.Schema["Features"].Type, predicted["Norm"].Type);
        Assert.True(predicted["Norm"].IsNormalized());

        var output = transformer.Transform(view).Schema;
        Assert.Equal(view.Schema["Features"].Type, output["Norm"].Type);
        Assert.Equal(NumberDataViewType.Double, output["Scalar"].Type);
        Assert.True(output["Norm"].IsNormalized());
        VBuffer<ReadOnlyMemory<char>> names = default;
        output["Norm"].GetSlotNames(ref names);
        Assert.Equal("student3", names.GetItemOrDefault(1).ToString());
    }

    [Fact]
    public void InfinitiesMapToTheEndsAndNaNStaysNaNByDefault()
    {
        var mlContext = new MLContext(seed: 1);
        var train = mlContext.Data.LoadFromEnumerable(new[] { 1f, 2f, 3f, float.NaN, 4f, float.PositiveInfinity }.Select(v => new ScalarRow { X = v }));
        var transformer = mlContext.Transforms.NormalizeModeratedTanh("Y", "X", moderation: 1.0).Fit(train);
        var p = transformer.GetNormalizerModelParameters(0);
        // NaN and +inf are ignored when fitting: mean and SD of 1, 2, 3, 4.
        Assert.Equal(2.5, p.Center[0], 12);
        Assert.Equal(Math.Sqrt(5.0 / 3.0), p.Scale[0], 12);

        var test = mlContext.Data.LoadFromEnumerable(new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity, 2.5f }.Select(v => new ScalarRow { X = v }));
        var y = transformer.Transform(test).GetColumn<float>("Y").ToArray();
        Assert.True(float.IsNaN(y[0]));
        Assert.Equal(1f, y[1]);
        Assert.Equal(-1f, y[2]);
        Assert.Equal(0f, y[3]);
    }

    [Fact]
    public void SparseVectorsAreNormalizedLikeDenseOnes()
    {
        var mlContext = new MLContext(seed: 1);
        var dense = Enumerable.Range(0, 50).Select(i => new VectorRow { V = new VBuffer<float>(3, new float[] { i % 5 == 0 ? i : 0, 0, i * 0.5f }) }).ToArray();
        var sparse = dense.Select(r =>
        {
            var values = r.V.DenseValues().ToArray();
            var idx = Enumerable.Range(0, 3).Where(k => values[k] != 0).ToArray();
            return new VectorRow { V = new VBuffer<float>(3, idx.Length, idx.Select(k => values[k]).ToArray(), idx) };
        }).ToArray();
        var denseView = mlContext.Data.LoadFromEnumerable(dense);
        var sparseView = mlContext.Data.LoadFromEnumerable(sparse);
        var fromDense = mlContext.Transforms.NormalizeModeratedTanh("V").Fit(denseView);
        var fromSparse = mlContext.Transforms.NormalizeModeratedTanh("V").Fit(sparseView);
        Assert.Equal(fromDense.GetNormalizerModelParameters(0).Center.ToArray(), fromSparse.GetNormalizerModelParameters(0).Center.ToArray());
        Assert.Equal(fromDense.GetNormalizerModelParameters(0).Moderation.ToArray(), fromSparse.GetNormalizerModelParameters(0).Moderation.ToArray());
        var a = fromDense.Transform(denseView).GetColumn<float[]>("V").ToArray();
        var b = fromDense.Transform(sparseView).GetColumn<float[]>("V").ToArray();
        Assert.Equal(a, b);
        Assert.Equal(0f, a[0][1]); // slot 1 was constant 0 in training: output 0
    }

    [Fact]
    public void FittingIsDeterministic()
    {
        var (mlContext, view, _) = Data();
        var first = mlContext.Transforms.NormalizeModeratedTanh("Features").Fit(view).GetNormalizerModelParameters(0);
        var second = new MLContext(seed: 99).Transforms.NormalizeModeratedTanh("Features").Fit(view).GetNormalizerModelParameters(0);
        Assert.Equal(first.Center.ToArray(), second.Center.ToArray());
        Assert.Equal(first.Scale.ToArray(), second.Scale.ToArray());
        Assert.Equal(first.Moderation.ToArray(), second.Moderation.ToArray());
    }

    private sealed class ScalarRow
    {
        public float X { get; set; }
    }

    private sealed class VectorRow
    {
        [VectorType(3)]
        public VBuffer<float> V { get; set; }
    }
}
