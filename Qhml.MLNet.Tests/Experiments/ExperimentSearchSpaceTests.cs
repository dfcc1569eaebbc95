using System.Reflection;
using Microsoft.ML.SearchSpace;
using Qhml.MLNet.Experiments;
using Qhml.MLNet.Hybrid;

namespace Qhml.MLNet.Tests.Experiments;

public class ExperimentSearchSpaceTests
{
    /// <summary>A test-only options class: two hybrid options plus one that the trainer does not have yet.</summary>
    private sealed class OptionsWithNewKnob
    {
        [Range(2, 12, 8, false)]
        public int NumberOfQubits = 8;

        [Choice(new object[] { InterfaceNormalization.ModeratedTanh, InterfaceNormalization.Tanh }, InterfaceNormalization.ModeratedTanh)]
        public InterfaceNormalization InterfaceNormalization = InterfaceNormalization.ModeratedTanh;

        public double NotAttributed = 3;

        [Range(0.0, 1.0, 0.25, false)]
        public double NewKnob { get; set; } = 0.25;
    }

    private sealed class BadOptions
    {
        [Range(1, 5, 2, false)]
        public string Text = "";
    }

    [Fact]
    public void HybridSpaceHasEveryAttributedOptionWithItsBoundsAndDefault()
    {
        var space = ExperimentFamilies.QuantumHybrid.SearchSpace;
        var attributed = typeof(QuantumHybridRegressionTrainer.Options).GetFields(BindingFlags.Public | BindingFlags.Instance)
            .Where(f => f.GetCustomAttribute<RangeAttribute>() is not null || f.GetCustomAttribute<ChoiceAttribute>() is not null)
            .Select(f => f.Name).ToArray();
        Assert.True(attributed.Length >= 10, $"{attributed.Length} attributed options");
        Assert.Equal(attributed.Order(), space.Parameters.Select(p => p.Name).Order());

        var defaults = new QuantumHybridRegressionTrainer.Options();
        foreach (SearchParameter p in space.Parameters)
        {
            FieldInfo field = typeof(QuantumHybridRegressionTrainer.Options).GetField(p.Name)!;
            Assert.Equal(field.GetValue(defaults), p.Default);
            if (field.GetCustomAttribute<RangeAttribute>() is { } range)
            {
                Assert.Equal(Convert.ToDouble(range.Min), p.Min);
                Assert.Equal(Convert.ToDouble(range.Max), p.Max);
                Assert.Equal(range.LogBase, p.LogScale);
            }
            else
                Assert.Equal(field.GetCustomAttribute<ChoiceAttribute>()!.Candidates, p.Choices);
        }
        // The effort option of successive halving is the epochs.
        Assert.Equal(nameof(QuantumHybridRegressionTrainer.Options.NumberOfEpochs), ExperimentFamilies.QuantumHybrid.FidelityParameter);
    }

    [Fact]
    public void ANewAttributedOptionJoinsTheSearchWithNoOtherChange()
    {
        var space = ExperimentSearchSpace.FromAttributes(typeof(OptionsWithNewKnob));
        Assert.Equal(["NumberOfQubits", "InterfaceNormalization", "NewKnob"], space.Parameters.Select(p => p.Name));
        SearchParameter knob = space.Find("NewKnob")!;
        Assert.Equal((SearchParameterKind.RealRange, 0.0, 1.0, 0.25), (knob.Kind, knob.Min, knob.Max, (double)knob.Default));

        // A family built on it proposes values of the new option in its trials.
        ExperimentFamily family = ExperimentFamilies.Hybrid("WithKnob", HybridHeadKind.Quantum, typeof(OptionsWithNewKnob));
        var planner = new RandomTrialPlanner([family], seed: 3);
        double[] values = Enumerable.Range(0, 20).Select(t => (double)planner.Plan(t).Configuration["NewKnob"]).ToArray();
        Assert.All(values, v => Assert.InRange(v, 0, 1));
        Assert.True(values.Distinct().Count() >= 15, "the new option is searched");
        // The trial configuration round-trips through the results file's text form.
        var configuration = planner.Plan(4).Configuration;
        Assert.Equal(configuration.Format(family.SearchSpace), TrialConfiguration.Parse(configuration.Format(family.SearchSpace), family.SearchSpace).Format(family.SearchSpace));
    }

    [Fact]
    public void BuiltInFamiliesSearchTheirMainKnobsAndTheTanhChoiceInFrontOfSdca()
    {
        Assert.Equal(["QuantumHybrid", "QuantumHybridClassicalHead", "Sdca", "FastTree", "FastForest", "LightGbm"], ExperimentFamilies.All.Select(f => f.Name));
        Assert.Contains("NumberOfLeaves", ExperimentFamilies.FastTree.SearchSpace.Parameters.Select(p => p.Name));
        Assert.Contains("L2Regularization", ExperimentFamilies.LightGbm.SearchSpace.Parameters.Select(p => p.Name));
        Assert.Equal([false, true], ExperimentFamilies.Sdca.SearchSpace.Find(TrainerFamily<object>.ModeratedTanhInFront)!.Choices);
        Assert.All(ExperimentFamilies.All, f => Assert.NotNull(f.FidelityParameter));
    }

    [Fact]
    public void UnitMappingIsLogScaledAndInvertible()
    {
        var p = SearchParameter.Real("LearningRate", typeof(double), 1e-4, 1e-1, 1e-2, logScale: true);
        Assert.Equal(1e-4, (double)p.FromUnit(0), 12);
        Assert.Equal(1e-1, (double)p.FromUnit(1), 12);
        Assert.Equal(Math.Sqrt(1e-4 * 1e-1), (double)p.FromUnit(0.5), 12);
        Assert.Equal(0.5, p.ToUnit(Math.Sqrt(1e-4 * 1e-1)), 12);
        var c = SearchParameter.Choice("Loss", typeof(HybridLoss), [HybridLoss.SquaredError, HybridLoss.Huber], HybridLoss.SquaredError);
        Assert.Equal(HybridLoss.Huber, c.FromUnit(c.ToUnit(HybridLoss.Huber)));
        Assert.Equal(HybridLoss.Huber, c.Parse("Huber"));
        Assert.Throws<FormatException>(() => c.Parse("Absolute"));
    }

    [Fact]
    public void AnAttributeOnAMemberOfTheWrongTypeIsAClearError()
    {
        var e = Assert.Throws<ArgumentException>(() => ExperimentSearchSpace.FromAttributes(typeof(BadOptions)));
        Assert.Contains("BadOptions.Text", e.Message);
        Assert.Contains("String", e.Message);
    }
}
