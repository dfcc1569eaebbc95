using Microsoft.ML;
using Qhml.MLNet.Experiments;
using Qhml.MLNet.Hybrid;
using Qhml.MLNet.Tests.Trainers;
using static Qhml.MLNet.QuantumHybridRegressionTrainer;

namespace Qhml.MLNet.Tests.Experiments;

/// <summary>Tiny data and narrowed families so an experiment of a dozen trials takes seconds.</summary>
internal static class ExperimentTestData
{
    public static IDataView TinyData(MLContext ml, int rows = 60, int seed = 5) => TrainerTestData.VectorView(ml, rows, seed);

    /// <summary>The hybrid with 2-3 qubits, 1-2 layers and 3-27 epochs (rungs 3, 9, 27); the other attributed options keep their ranges.</summary>
    public static ExperimentFamily SmallHybrid(string name = "QuantumHybrid", HybridHeadKind head = HybridHeadKind.Quantum)
        => Narrowed(head, name, maxQubits: 3, maxLayers: 2, maxEpochs: 27);

    /// <summary>The hybrid with at most <paramref name="maxQubits"/> qubits, <paramref name="maxLayers"/> layers and <paramref name="maxEpochs"/> epochs.</summary>
    public static ExperimentFamily Narrowed(HybridHeadKind head, string name, int maxQubits, int maxLayers, int maxEpochs)
    {
        ExperimentFamily family = head == HybridHeadKind.Quantum ? ExperimentFamilies.QuantumHybrid : ExperimentFamilies.QuantumHybridClassicalHead;
        var space = family.SearchSpace
            .With(SearchParameter.Integer(nameof(Options.NumberOfQubits), 2, maxQubits, Math.Min(maxQubits, 8)))
            .With(SearchParameter.Integer(nameof(Options.NumberOfLayers), 1, maxLayers, Math.Min(maxLayers, 3)))
            .With(SearchParameter.Integer(nameof(Options.NumberOfEpochs), 3, maxEpochs, maxEpochs / 3, logScale: true));
        return family.WithSearchSpace(space, name);
    }

    public static ExperimentFamily SmallFastTree(int maxTrees = 27)
        => ExperimentFamilies.FastTree.WithSearchSpace(ExperimentFamilies.FastTree.SearchSpace
            .With(SearchParameter.Integer(nameof(FastTreeSearchOptions.NumberOfTrees), 3, maxTrees, maxTrees / 3, logScale: true))
            .With(SearchParameter.Integer(nameof(FastTreeSearchOptions.MinimumExampleCountPerLeaf), 2, 10, 5)));

    public static ExperimentFamily[] SmallFamilies() => [SmallHybrid(), ExperimentFamilies.Sdca, SmallFastTree()];

    public static RegressionExperiment Experiment(MLContext ml, IDataView data, int folds = 3)
        => ml.CreateRegressionExperiment()
            .SetDataset(data, folds)
            .SetPipeline(c => c.Transforms.NormalizeMeanVariance("Features"))
            .SetFamilies(SmallFamilies())
            .SetSeed(7);

    public static void AssertSameOutcomes(IReadOnlyList<TrialResult> expected, IReadOnlyList<TrialResult> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
            Assert.True(expected[i].SameOutcome(actual[i]), $"Trial {i} differs:\n  {expected[i]}\n  {actual[i]}");
    }

    public static string TempFolder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "qhml-experiment-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }
}
