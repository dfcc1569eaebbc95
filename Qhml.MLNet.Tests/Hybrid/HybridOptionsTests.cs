using System.Reflection;
using Microsoft.ML.SearchSpace;
using Qhml.MLNet.Hybrid;

namespace Qhml.MLNet.Tests.Hybrid;

public class HybridOptionsTests
{
    [Fact]
    public void OneQubitLimitBoundsTheSearchSpaceAndTheValidation()
    {
        var range = typeof(QuantumHybridRegressionTrainer.Options).GetField(nameof(QuantumHybridRegressionTrainer.Options.NumberOfQubits))!
            .GetCustomAttribute<RangeAttribute>()!;
        Assert.Equal(1, Convert.ToInt32(range.Min, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(HybridDefaults.MaxNumberOfQubits, Convert.ToInt32(range.Max, System.Globalization.CultureInfo.InvariantCulture));

        new HybridOptions { NumberOfQubits = 1 }.Validate();
        new HybridOptions { NumberOfQubits = HybridDefaults.MaxNumberOfQubits }.Validate();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new HybridOptions { NumberOfQubits = HybridDefaults.MaxNumberOfQubits + 1 }.Validate());
        Assert.Equal(nameof(HybridOptions.NumberOfQubits), e.ParamName);
        Assert.Contains($"expected between 1 and {HybridDefaults.MaxNumberOfQubits}", e.Message);
    }

    [Fact]
    public void TheLargestAllowedCircuitTrainsAndScores()
    {
        // The limit is honest: a model at the largest qubit count trains and predicts finite values.
        const int rows = 6, features = 4;
        var (x, y) = SyntheticRegression.Make(rows, features, seed: 3);
        var model = new HybridTrainer(new HybridOptions
        {
            HiddenLayers = [4], NumberOfQubits = HybridDefaults.MaxNumberOfQubits, NumberOfLayers = 1, NumberOfEpochs = 1, BatchSize = rows,
        }).Fit(new HybridDataset(features, x, y));
        Assert.Equal(HybridDefaults.MaxNumberOfQubits, model.Architecture.NumberOfQubits);
        Assert.All(Enumerable.Range(0, rows), i => Assert.True(float.IsFinite(model.Predict(x.AsSpan(i * features, features)))));
    }

    [Fact]
    public void ValidationNamesTheOptionAsTheTrainerSpellsIt()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new HybridOptions { L2Regularization = -1 }.Validate());
        Assert.Equal("L2Regularization", e.ParamName);
        Assert.Contains("L2Regularization is -1; expected non-negative and finite", e.Message);
        var n = Assert.Throws<ArgumentNullException>(() => new HybridTrainer(new HybridOptions { HiddenLayers = null! }));
        Assert.Equal("HiddenLayers", n.ParamName);
    }
}
