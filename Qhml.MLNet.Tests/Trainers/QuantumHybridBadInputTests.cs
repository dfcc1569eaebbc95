using Microsoft.ML;
using Microsoft.ML.Data;

namespace Qhml.MLNet.Tests.Trainers;

public class QuantumHybridBadInputTests
{
    private sealed class TextLabelRow
    {
        [VectorType(6)]
        public float[] Features { get; set; } = new float[6];
        public string Label { get; set; } = "";
    }

    private static (MLContext, float[] X, float[] Y) Data(int rows = 40)
    {
        var (x, y) = TrainerTestData.Make(rows, seed: 51);
        return (new MLContext(seed: 1), x, y);
    }

    private static QuantumHybridRegressionTrainer Trainer(MLContext mlContext, Action<QuantumHybridRegressionTrainer.Options>? change = null)
    {
        var options = TrainerTestData.SmallOptions(epochs: 1);
        change?.Invoke(options);
        return mlContext.Regression.Trainers.QuantumHybrid(options);
    }

    private static IDataView View(MLContext mlContext, float[] x, float[] y)
        => TrainerTestData.VectorView(mlContext, x, y, TrainerTestData.FeatureCount);

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "∞")]
    public void NonFiniteFeatureNamesColumnRowAndSlot(float value, string shown)
    {
        var (mlContext, x, y) = Data();
        x[7 * TrainerTestData.FeatureCount + 2] = value;
        var data = View(mlContext, x, y);

        var e = Assert.ThrowsAny<InvalidOperationException>(() => Trainer(mlContext).Fit(data));
        MessageAssert.Mentions(e,
            "Feature column 'Features'",
            "slot 2 of row 7",
            shown == "∞" ? float.PositiveInfinity.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : shown,
            "SkipRowsWithNonFiniteFeatures");
    }

    [Fact]
    public void SkipOptionSkipsAndCountsRowsWithNonFiniteFeatures()
    {
        var (mlContext, x, y) = Data();
        x[3 * TrainerTestData.FeatureCount] = float.NaN;
        x[9 * TrainerTestData.FeatureCount + 5] = float.NegativeInfinity;
        var data = View(mlContext, x, y);

        var model = Trainer(mlContext, o => o.SkipRowsWithNonFiniteFeatures = true).Fit(data);

        Assert.Equal(2, model.Model.Diagnostics.SkippedInvalidFeatureRows);
        Assert.Equal(38, model.Model.Diagnostics.TrainingRowCount + model.Model.Diagnostics.ValidationRowCount);
    }

    [Fact]
    public void NaNLabelRowsAreSkippedAndCounted()
    {
        var (mlContext, x, y) = Data();
        y[0] = y[5] = y[6] = float.NaN;
        x[5 * TrainerTestData.FeatureCount] = float.NaN; // a NaN feature on a skipped row is not an error
        var model = Trainer(mlContext).Fit(View(mlContext, x, y));

        Assert.Equal(3, model.Model.Diagnostics.SkippedNaNLabelRows);
        Assert.Equal(37, model.Model.Diagnostics.TrainingRowCount + model.Model.Diagnostics.ValidationRowCount);
    }

    [Fact]
    public void AllLabelsNaNIsAClearError()
    {
        var (mlContext, x, y) = Data(10);
        Array.Fill(y, float.NaN);
        var e = Assert.ThrowsAny<InvalidOperationException>(() => Trainer(mlContext).Fit(View(mlContext, x, y)));
        MessageAssert.Mentions(e, "no usable rows", "10 with a NaN label");
    }

    [Fact]
    public void InfiniteLabelNamesColumnAndRow()
    {
        var (mlContext, x, y) = Data();
        y[12] = float.NegativeInfinity;
        var e = Assert.ThrowsAny<InvalidOperationException>(() => Trainer(mlContext).Fit(View(mlContext, x, y)));
        MessageAssert.Mentions(e, "Label column 'Label'", "row 12");
    }

    [Fact]
    public void NegativeWeightNamesColumnAndRow()
    {
        var (mlContext, x, y) = Data();
        var w = Enumerable.Repeat(1f, y.Length).ToArray();
        w[4] = -2;
        var data = TrainerTestData.VectorView(mlContext, x, y, TrainerTestData.FeatureCount, w);
        var e = Assert.ThrowsAny<InvalidOperationException>(() => Trainer(mlContext, o => o.ExampleWeightColumnName = "Weight").Fit(data));
        MessageAssert.Mentions(e, "Example weight column 'Weight'", "-2 in row 4");
    }

    [Fact]
    public void UnknownSizeFeatureVectorIsRejected()
    {
        var (mlContext, x, y) = Data();
        var rows = Enumerable.Range(0, y.Length).Select(i => new VectorRow { Features = x.AsSpan(i * 6, 6).ToArray(), Label = y[i] });
        var data = mlContext.Data.LoadFromEnumerable(rows); // no schema definition: variable-size vector
        var e = Assert.ThrowsAny<ArgumentException>(() => Trainer(mlContext).Fit(data));
        MessageAssert.Mentions(e, "Feature column 'Features'", "unknown size");
    }

    [Fact]
    public void ScalarFeatureColumnIsRejected()
    {
        var mlContext = new MLContext(seed: 1);
        var data = TrainerTestData.ScalarView(mlContext, 20, seed: 52);
        var e = Assert.ThrowsAny<ArgumentException>(() => Trainer(mlContext, o => o.FeatureColumnName = "X0").Fit(data));
        MessageAssert.Mentions(e, "Feature column 'X0'", "has type Single", "known-size vector of Single");
    }

    [Fact]
    public void TextLabelIsRejected()
    {
        var mlContext = new MLContext(seed: 1);
        var data = mlContext.Data.LoadFromEnumerable(Enumerable.Range(0, 10).Select(i => new TextLabelRow { Label = "high" }));
        var e = Assert.ThrowsAny<ArgumentException>(() => Trainer(mlContext).Fit(data));
        MessageAssert.Mentions(e, "Label column 'Label'", "has type String", "scalar Single");
    }

    [Fact]
    public void MissingFeatureColumnIsNamed()
    {
        var mlContext = new MLContext(seed: 1);
        var data = TrainerTestData.VectorView(mlContext, 20, seed: 53);
        var e = Assert.ThrowsAny<ArgumentException>(() => Trainer(mlContext, o => o.FeatureColumnName = "Expression").Fit(data));
        Assert.Contains("no feature column 'Expression'", e.Message);
    }

    [Fact]
    public void WithoutHiddenLayersTheFeatureCountMustEqualTheQubitCount()
    {
        var (mlContext, x, y) = Data();
        var data = View(mlContext, x, y);
        var e = Assert.ThrowsAny<ArgumentException>(() => Trainer(mlContext, o => { o.HiddenLayers = []; o.NumberOfQubits = 4; }).Fit(data));
        MessageAssert.Mentions(e, "Feature column 'Features' has 6 slots", "NumberOfQubits = 4");

        // With six qubits the same data trains.
        var model = Trainer(mlContext, o => { o.HiddenLayers = []; o.NumberOfQubits = 6; }).Fit(data);
        Assert.Equal(0, model.Model.NetworkLayerCount);
    }

    [Fact]
    public void ValidationDataWithAnotherFeatureCountIsRejected()
    {
        var mlContext = new MLContext(seed: 1);
        var train = TrainerTestData.VectorView(mlContext, 30, seed: 54);
        var (x, y) = TrainerTestData.Make(10, seed: 55);
        var valid = TrainerTestData.VectorView(mlContext, x.Take(50).ToArray(), y, 5);
        var e = Assert.ThrowsAny<ArgumentException>(() => Trainer(mlContext).Fit(train, valid));
        MessageAssert.Mentions(e, "validation data has 5 slots", "training data has 6");
    }

    [Fact]
    public void ScoringDataWithAnotherVectorSizeIsRejected()
    {
        var mlContext = new MLContext(seed: 1);
        var model = Trainer(mlContext).Fit(TrainerTestData.VectorView(mlContext, 30, seed: 56));
        var (x, y) = TrainerTestData.Make(10, seed: 57);
        var other = TrainerTestData.VectorView(mlContext, x.Take(50).ToArray(), y, 5);
        // ML.NET's prediction transformer checks the feature type before our mapper sees a row.
        var e = Assert.ThrowsAny<InvalidOperationException>(() => model.Transform(other));
        MessageAssert.Mentions(e, "features column", "Vector<Single, 6>", "Vector<Single, 5>");
    }

    [Fact]
    public void ScoringARowWithAMissingFeatureGivesNaNLikeOtherMLNetRegressors()
    {
        var mlContext = new MLContext(seed: 1);
        var model = Trainer(mlContext).Fit(TrainerTestData.VectorView(mlContext, 30, seed: 58));
        var (x, y) = TrainerTestData.Make(3, seed: 59);
        x[1 * TrainerTestData.FeatureCount + 4] = float.NaN;
        var scores = model.Transform(View(mlContext, x, y)).GetColumn<float>("Score").ToArray();
        Assert.True(float.IsFinite(scores[0]) && float.IsFinite(scores[2]));
        Assert.True(float.IsNaN(scores[1]));
    }

    [Theory]
    [InlineData("NumberOfQubits", 0, "NumberOfQubits is 0; expected between 1 and 16")]
    [InlineData("NumberOfQubits", 17, "NumberOfQubits is 17; expected between 1 and 16")]
    [InlineData("L2Regularization", -0.5, "L2Regularization is -0.5; expected non-negative and finite")]
    [InlineData("NumberOfLayers", 0, "NumberOfLayers is 0; expected at least 1")]
    [InlineData("NumberOfEpochs", 0, "NumberOfEpochs is 0; expected at least 1")]
    [InlineData("LearningRate", -1.0, "LearningRate is -1; expected positive and finite")]
    [InlineData("Moderation", 0.0, "Moderation is 0; expected positive and finite")]
    [InlineData("MaxDegreeOfParallelism", 0, "MaxDegreeOfParallelism is 0; expected null (all cores) or at least 1")]
    public void InvalidOptionsAreRejectedByName(string field, object value, string expected)
    {
        var options = new QuantumHybridRegressionTrainer.Options();
        var info = typeof(QuantumHybridRegressionTrainer.Options).GetField(field)!;
        var target = Nullable.GetUnderlyingType(info.FieldType) ?? info.FieldType;
        info.SetValue(options, Convert.ChangeType(value, target, System.Globalization.CultureInfo.InvariantCulture));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new MLContext(1).Regression.Trainers.QuantumHybrid(options));
        Assert.Equal(field, e.ParamName);
        Assert.Contains(expected, e.Message);
    }
}
