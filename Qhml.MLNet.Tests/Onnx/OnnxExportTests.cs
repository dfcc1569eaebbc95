using System.Globalization;
using Microsoft.ML;
using Qhml.MLNet.Data;
using Qhml.MLNet.Hybrid;
using Qhml.MLNet.Quantum;
using Xunit.Abstractions;

namespace Qhml.MLNet.Tests.Onnx;

/// <summary>
/// ONNX export through ML.NET's converter, scored back with ApplyOnnxModel: exported and native scores agree
/// within 1e-5 relative for the default hybrid model (linear path on) and without the linear path, the classical head and the transform, on synthetic data
/// always and on real GDSC2 data when present; what cannot be exported refuses with a specific message.
/// </summary>
public sealed class OnnxExportTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;
    private const string RealDrug = "Erlotinib";

    private static IDataView Synthetic(MLContext ml, int seed)
    {
        var dataset = SyntheticGdscGenerator.Generate(new SyntheticGdscGenerator.Options { Seed = seed, CellLineCount = 160, DrugCount = 1 });
        return dataset.GetDrugDataView(ml, dataset.DrugNames[0]);
    }

    private static IDataView Real(MLContext ml)
    {
        var dataset = GdscTidyLoader.LoadDefault();
        string drug = dataset.DrugNames.Contains(RealDrug) ? RealDrug : dataset.DrugNames[0];
        return ml.Data.TakeRows(dataset.GetDrugDataView(ml, drug), 300);
    }

    private static QuantumHybridRegressionTrainer.Options Quick(HybridHeadKind head = HybridHeadKind.Quantum) => new()
    {
        NumberOfEpochs = 4,
        Seed = 3,
        Head = head,
    };

    private void AssertAgrees(MLContext ml, ITransformer model, IDataView data, string column, string what)
    {
        double deviation = OnnxRoundTrip.MaxRelativeDeviation(ml, model, data, column);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: max relative deviation ONNX vs native {deviation:E2}"));
        Assert.True(deviation <= Tolerance, string.Create(CultureInfo.InvariantCulture, $"{what}: ONNX deviates by {deviation:E3} relative (tolerance {Tolerance:E0})."));
    }

    [Theory]
    [InlineData(HybridHeadKind.Quantum, true)]
    [InlineData(HybridHeadKind.Classical, true)]
    [InlineData(HybridHeadKind.Quantum, false)]
    [InlineData(HybridHeadKind.Classical, false)]
    public void Trainer_export_matches_native_scores_on_synthetic_data(HybridHeadKind head, bool linearPath)
    {
        var ml = new MLContext(seed: 1);
        var data = Synthetic(ml, seed: 11);
        var options = Quick(head);
        options.UseLinearPath = linearPath;
        var model = ml.Regression.Trainers.QuantumHybrid(options).Fit(data);
        Assert.Equal(linearPath, model.Model.Model.Linear is not null); // the export below covers the path it claims to
        AssertAgrees(ml, model, data, "Score", $"synthetic {head}, linear path {linearPath}");
        if (linearPath)
            AssertAgrees(ml, HybridTermWeighted(ml, options, data), data, "Score", $"synthetic {head}, linear path with hybrid weight 1");
    }

    /// <summary>
    /// A linear-path model whose hybrid term counts (held-out fitting can set its weight to 0 on small data; with no
    /// validation rows it is 1), so the export is checked on the sum of both terms, not on the linear term alone.
    /// </summary>
    private static ITransformer HybridTermWeighted(MLContext ml, QuantumHybridRegressionTrainer.Options options, IDataView data)
    {
        options.UseLinearPath = true;
        options.ValidationFraction = 0;
        var model = ml.Regression.Trainers.QuantumHybrid(options).Fit(data);
        Assert.Equal(1.0, model.Model.Model.Linear!.HybridWeight);
        return model;
    }

    [Fact]
    public void Other_interfaces_activations_and_the_X_encoding_export_too()
    {
        var ml = new MLContext(seed: 1);
        var data = Synthetic(ml, seed: 12);
        foreach (var (normalization, activation, axis) in new[]
        {
            (InterfaceNormalization.MinMax, HybridActivation.Gelu, RotationAxis.X),
            (InterfaceNormalization.AdaptiveModeratedTanh, HybridActivation.Tanh, RotationAxis.Y),
            (InterfaceNormalization.Sigmoid, HybridActivation.ReLU, RotationAxis.Y),
        })
        {
            var options = Quick();
            options.InterfaceNormalization = normalization;
            options.Activation = activation;
            options.EncodingAxis = axis;
            options.NumberOfQubits = 4;
            options.SinglePrecisionFirstLayer = false;
            var model = ml.Regression.Trainers.QuantumHybrid(options).Fit(data);
            AssertAgrees(ml, model, data, "Score", $"{normalization}/{activation}/{axis}");
        }
    }

    [Fact]
    public void Transform_export_matches_native_values_and_feeds_a_trainer()
    {
        var ml = new MLContext(seed: 1);
        var data = Synthetic(ml, seed: 13);
        var transform = ml.Transforms.NormalizeModeratedTanh("Normalized", "Features").Fit(data);
        AssertAgrees(ml, transform, data, "Normalized", "synthetic transform");

        var pipeline = ml.Transforms.NormalizeModeratedTanh("Features")
            .Append(ml.Regression.Trainers.Sdca(maximumNumberOfIterations: 5))
            .Fit(data);
        AssertAgrees(ml, pipeline, data, "Score", "synthetic transform -> Sdca");
    }

    [RealDataFact]
    public void Exports_match_native_scores_on_real_data()
    {
        var ml = new MLContext(seed: 1);
        var data = Real(ml);
        AssertAgrees(ml, ml.Regression.Trainers.QuantumHybrid(Quick()).Fit(data), data, "Score", "real default model");
        AssertAgrees(ml, HybridTermWeighted(ml, Quick(), data), data, "Score", "real linear path with hybrid weight 1");
        AssertAgrees(ml, ml.Regression.Trainers.QuantumHybrid(Quick(HybridHeadKind.Classical)).Fit(data), data, "Score", "real classical head");
        AssertAgrees(ml, ml.Transforms.NormalizeModeratedTanh("Normalized", "Features").Fit(data), data, "Normalized", "real transform");
    }

    [Fact]
    public void Re_uploading_model_refuses_with_a_clear_message()
    {
        var ml = new MLContext(seed: 1);
        var data = Synthetic(ml, seed: 14);
        var options = Quick();
        options.ReUploading = true;
        options.NumberOfQubits = 4;
        var model = ml.Regression.Trainers.QuantumHybrid(options).Fit(data);
        using var stream = new MemoryStream();
        var e = Assert.ThrowsAny<Exception>(() => ml.Model.ConvertToOnnx(model, data, stream));
        Assert.Contains("re-uploads", Flatten(e), StringComparison.Ordinal);
    }

    [Fact]
    public void Transform_fitted_to_throw_on_NaN_refuses_instead_of_dropping_the_check()
    {
        var ml = new MLContext(seed: 1);
        var data = Synthetic(ml, seed: 15);
        var transform = ml.Transforms.NormalizeModeratedTanh(new ModeratedTanhNormalizingEstimator.Options
        {
            OutputColumnName = "Normalized",
            InputColumnName = "Features",
            ThrowOnNaN = true,
        }).Fit(data);
        using var stream = new MemoryStream();
        var e = Assert.ThrowsAny<Exception>(() => ml.Model.ConvertToOnnx(transform, data, stream));
        Assert.Contains("ThrowOnNaN", Flatten(e), StringComparison.Ordinal);
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);
}

/// <summary>The exporter's guard against components it does not know: its plan must reproduce the model's scorer.</summary>
public sealed class OnnxExportGuardTests
{
    [Fact]
    public void A_scorer_the_plan_does_not_reproduce_refuses_the_export()
    {
        var ml = new MLContext(seed: 1);
        var dataset = SyntheticGdscGenerator.Generate(new SyntheticGdscGenerator.Options { Seed = 5, CellLineCount = 120, DrugCount = 1 });
        var data = dataset.GetDrugDataView(ml, dataset.DrugNames[0]);
        var parameters = ml.Regression.Trainers.QuantumHybrid(new QuantumHybridRegressionTrainer.Options { NumberOfEpochs = 2, Seed = 1 }).Fit(data).Model;
        var plan = Qhml.MLNet.Onnx.HybridOnnxPlan.Create(parameters.Model);
        var scorer = Qhml.MLNet.Onnx.HybridOnnxExporter.Scorer(parameters);

        Assert.NotNull(parameters.Model.Linear); // the default model: the plan must know its linear path
        Qhml.MLNet.Onnx.HybridOnnxExporter.CheckAgainstScorer(plan, scorer); // the real scorer passes
        // A model whose scorer adds a term the plan lacks must not export.
        var e = Assert.Throws<NotSupportedException>(() => Qhml.MLNet.Onnx.HybridOnnxExporter.CheckAgainstScorer(plan, x => scorer(x) + 0.01f * x[0]));
        Assert.Contains("does not know", e.Message, StringComparison.Ordinal);

        // A plan without the linear path (the same training without it) against the scorer with it: refused too.
        var hybridOnly = ml.Regression.Trainers.QuantumHybrid(new QuantumHybridRegressionTrainer.Options { NumberOfEpochs = 2, Seed = 1, UseLinearPath = false }).Fit(data).Model;
        var withoutLinear = Qhml.MLNet.Onnx.HybridOnnxPlan.Create(hybridOnly.Model);
        Assert.Null(withoutLinear.Linear);
        e = Assert.Throws<NotSupportedException>(() => Qhml.MLNet.Onnx.HybridOnnxExporter.CheckAgainstScorer(withoutLinear, scorer));
        Assert.Contains("does not know", e.Message, StringComparison.Ordinal);
    }
}
