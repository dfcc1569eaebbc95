using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.SearchSpace;
using Qhml.MLNet.Hybrid;

namespace Qhml.MLNet.Tests.Trainers;

public class QuantumHybridTrainerApiTests
{
    [Fact]
    public void CatalogMethodAndOptionsShareTheDefaults()
    {
        var options = new QuantumHybridRegressionTrainer.Options();
        Assert.Equal("Label", options.LabelColumnName);
        Assert.Equal("Features", options.FeatureColumnName);
        Assert.Null(options.ExampleWeightColumnName);
        Assert.Equal(8, options.NumberOfQubits);
        Assert.Equal(3, options.NumberOfLayers);
        Assert.Equal(new[] { 64 }, options.HiddenLayers);
        Assert.Equal(32, options.BatchSize);
        Assert.Null(options.Seed);

        // The catalog method's parameter defaults are the same constants.
        var method = typeof(QuantumHybridCatalog).GetMethods().Single(m => m.GetParameters().Any(p => p.Name == "qubits"));
        var defaults = method.GetParameters().Skip(1).ToDictionary(p => p.Name!, p => p.DefaultValue);
        Assert.Equal(options.NumberOfQubits, defaults["qubits"]);
        Assert.Equal(options.NumberOfLayers, defaults["layers"]);
        Assert.Equal(options.LearningRate, defaults["learningRate"]);
        Assert.Equal(options.NumberOfEpochs, defaults["numberOfEpochs"]);
        Assert.Equal("Label", defaults["labelColumnName"]);
        Assert.Equal("Features", defaults["featureColumnName"]);
    }

    [Fact]
    public void TunableOptionsCarrySearchSpaceAttributesWhoseInitialValuesAreTheDefaults()
    {
        var options = new QuantumHybridRegressionTrainer.Options();
        var fields = typeof(QuantumHybridRegressionTrainer.Options).GetFields(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly);
        int ranges = 0, choices = 0;
        foreach (var field in fields)
        {
            if (field.GetCustomAttribute<RangeAttribute>() is { } range)
            {
                ranges++;
                Assert.Equal(Convert.ToDouble(field.GetValue(options)), Convert.ToDouble(range.Init), 12);
                Assert.InRange(Convert.ToDouble(range.Init), Convert.ToDouble(range.Min), Convert.ToDouble(range.Max));
            }
            if (field.GetCustomAttribute<ChoiceAttribute>() is { } choice)
            {
                choices++;
                Assert.Equal(field.GetValue(options), choice.DefaultValue);
                Assert.Contains(field.GetValue(options), choice.Candidates);
                Assert.All(choice.Candidates, c => Assert.IsType(field.FieldType, c));
            }
        }
        Assert.True(ranges >= 7, $"{ranges} range attributes");
        Assert.True(choices >= 7, $"{choices} choice attributes");
        Assert.NotNull(typeof(QuantumHybridRegressionTrainer.Options).GetField(nameof(options.NumberOfQubits))!.GetCustomAttribute<RangeAttribute>());
        Assert.NotNull(typeof(QuantumHybridRegressionTrainer.Options).GetField(nameof(options.InterfaceNormalization))!.GetCustomAttribute<ChoiceAttribute>());
    }

    [Fact]
    public void EveryOptionHasItsNamesakeInTheHybridLayerWithTheSameDefaultAndIsCopied()
    {
        var fields = typeof(QuantumHybridRegressionTrainer.Options).GetFields(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly);
        var properties = typeof(HybridOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).ToDictionary(p => p.Name);
        Assert.Equal(properties.Keys.Order(), fields.Select(f => f.Name).Order());

        var defaults = new QuantumHybridRegressionTrainer.Options();
        var hybridDefaults = new HybridOptions();
        var options = new QuantumHybridRegressionTrainer.Options();
        foreach (var field in fields.Where(f => f.Name != nameof(options.Seed)))
        {
            var property = properties[field.Name];
            Assert.Equal(property.PropertyType, field.FieldType);
            Assert.Equal(Describe(property.GetValue(hybridDefaults)), Describe(field.GetValue(defaults)));
            field.SetValue(options, OtherThan(field.GetValue(defaults), field.FieldType));
        }
        // Seed: null draws from the MLContext; the hybrid layer gets the drawn value.
        Assert.Null(defaults.Seed);
        Assert.Equal(typeof(int), properties[nameof(options.Seed)].PropertyType);

        var copied = options.ToHybridOptions(seed: 77);
        Assert.Equal(77, copied.Seed);
        foreach (var field in fields.Where(f => f.Name != nameof(options.Seed)))
        {
            Assert.NotEqual(Describe(field.GetValue(defaults)), Describe(field.GetValue(options)));
            Assert.Equal(Describe(field.GetValue(options)), Describe(properties[field.Name].GetValue(copied)));
        }
        copied.Validate();
    }

    private static string Describe(object? value)
        => value is int[] a ? "[" + string.Join(",", a) + "]" : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "null";

    // A valid value unlike the default, for every option type the trainer has.
    private static object OtherThan(object? value, Type type) => value switch
    {
        int[] => new[] { 5, 3 },
        bool b => !b,
        int i => i + 1,
        double d => d == 0 ? 0.25 : d / 2,
        Enum e => Enum.GetValues(type).Cast<object>().First(v => !v.Equals(e)),
        null when type == typeof(int?) => 2,
        _ => throw new NotSupportedException($"Option of type {type} has no test value; add one here."),
    };

    [Fact]
    public void TrainerInfoDescribesTheTrainer()
    {
        var info = new MLContext(1).Regression.Trainers.QuantumHybrid().Info;
        Assert.True(info.NeedNormalization);
        Assert.False(info.WantCaching);
        // SupportsValidation and NeedCalibration are internal in ML.NET 5.0.1 (read by AutoML/Model Builder).
        Assert.True((bool)typeof(TrainerInfo).GetProperty("SupportsValidation", BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Instance)!.GetValue(info)!);
        Assert.False((bool)typeof(TrainerInfo).GetProperty("NeedCalibration", BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Instance)!.GetValue(info)!);
    }

    [Fact]
    public void ModelParametersExposeWeightsAnglesStatisticsAndDiagnostics()
    {
        var mlContext = new MLContext(seed: 1);
        var options = TrainerTestData.SmallOptions(epochs: 6);
        options.HiddenLayers = [8, 5];
        options.InterfaceNormalization = InterfaceNormalization.AdaptiveModeratedTanh;
        var model = mlContext.Regression.Trainers.QuantumHybrid(options)
            .Fit(TrainerTestData.VectorView(mlContext, 80, seed: 61), TrainerTestData.VectorView(mlContext, 30, seed: 62)).Model;

        Assert.Equal(6, model.FeatureCount);
        Assert.Equal(3, model.NetworkLayerCount);
        Assert.Equal(8 * 6, model.GetLayerWeights(0).Length);
        Assert.Equal(5 * 8, model.GetLayerWeights(1).Length);
        Assert.Equal(4 * 5, model.GetLayerWeights(2).Length);
        Assert.Equal(4, model.GetLayerBiases(2).Length);
        Assert.True(model.CircuitAngles.Length > 0);
        Assert.Equal(4, model.ReadoutWeights.Length);
        Assert.True(double.IsFinite(model.ReadoutBias));
        Assert.Equal(4, model.InterfaceMean.Length);
        Assert.All(model.InterfaceVariance.ToArray(), v => Assert.True(v > 0));
        Assert.True(model.EpochTrainLoss.Count is >= 1 and <= 6);
        Assert.Equal(model.EpochTrainLoss.Count, model.EpochValidationLoss.Count);
        Assert.All(model.EpochValidationLoss, v => Assert.True(double.IsFinite(v)));
        Assert.Equal(30, model.Diagnostics.ValidationRowCount);
        Assert.InRange(model.InterfaceSaturation, 0, 1);
        Assert.Equal(80 * 4, model.InterfaceHistogram.Total);
        Assert.Equal(model.ParameterCount, Enumerable.Range(0, 3).Sum(l => model.GetLayerWeights(l).Length + model.GetLayerBiases(l).Length) + model.HeadParameters.Length);
    }

    [Fact]
    public void ProgressPerEpochGoesToTheMLContextLog()
    {
        var mlContext = new MLContext(seed: 1);
        var messages = new List<string>();
        mlContext.Log += (_, e) =>
        {
            lock (messages)
                messages.Add(e.Message);
        };
        var options = TrainerTestData.SmallOptions(epochs: 3);
        options.ValidationFraction = 0.25;
        mlContext.Regression.Trainers.QuantumHybrid(options).Fit(TrainerTestData.VectorView(mlContext, 60, seed: 63));

        string[] epochs = messages.Where(m => m.Contains("Epoch ", StringComparison.Ordinal) && m.Contains("train loss", StringComparison.Ordinal)).ToArray();
        Assert.Equal(3, epochs.Length);
        Assert.Contains("Epoch 1: train loss", epochs[0]);
        Assert.Contains("validation loss", epochs[0]);
        Assert.DoesNotContain("NaN", epochs[0]);
        Assert.Contains("interface saturation", epochs[0]);

        // Without validation rows the message leaves the validation loss out.
        messages.Clear();
        var plainOptions = TrainerTestData.SmallOptions(epochs: 2);
        plainOptions.ValidationFraction = 0;
        mlContext.Regression.Trainers.QuantumHybrid(plainOptions).Fit(TrainerTestData.VectorView(mlContext, 60, seed: 63));
        string[] plain = messages.Where(m => m.Contains("Epoch ", StringComparison.Ordinal) && m.Contains("train loss", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, plain.Length);
        Assert.DoesNotContain("validation", plain[1]);
    }

    [Fact]
    public void CancelExecutionStopsTraining()
    {
        // MLContext.CancelExecution is internal in ML.NET 5.0.1 (AutoML and Model Builder call it); reach it as they would.
        var mlContext = new MLContext(seed: 1);
        var cancel = typeof(MLContext).GetMethod("CancelExecution", BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Instance)!;
        mlContext.Log += (_, e) =>
        {
            if (e.Message.Contains("Epoch 2:", StringComparison.Ordinal))
                cancel.Invoke(mlContext, null);
        };
        var options = TrainerTestData.SmallOptions(epochs: 100000);
        var trainer = mlContext.Regression.Trainers.QuantumHybrid(options);
        var data = TrainerTestData.VectorView(mlContext, 200, seed: 64);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() => trainer.Fit(data));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"Cancellation took {watch.Elapsed}.");
    }
}
