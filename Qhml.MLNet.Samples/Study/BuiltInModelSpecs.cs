using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using Qhml.MLNet.Study;

namespace Qhml.MLNet.Samples.Study;

/// <summary>
/// ML.NET's built-in regressors as the study's classical references. Each is pinned to one thread and
/// seeded so a run is reproducible; the study parallelizes across runs instead.
/// </summary>
public static class BuiltInModelSpecs
{
    /// <summary>Boosted trees (FastTree), sized for a few hundred rows.</summary>
    public static ModelSpec FastTree { get; } = new("FastTree", (ml, run) =>
        ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
        {
            NumberOfTrees = 100,
            NumberOfLeaves = 8,
            // Small training sets: a leaf needs only a handful of rows.
            MinimumExampleCountPerLeaf = Math.Max(2, Math.Min(10, run.TrainSize / 10)),
            LearningRate = 0.1,
            FeatureFraction = 0.5,
            NumberOfThreads = 1,
            Seed = run.Seed,
        }));

    /// <summary>Boosted trees (LightGBM), deterministic mode.</summary>
    public static ModelSpec LightGbm { get; } = new("LightGbm", (ml, run) =>
        ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
        {
            NumberOfIterations = 100,
            NumberOfLeaves = 8,
            MinimumExampleCountPerLeaf = Math.Max(2, Math.Min(10, run.TrainSize / 10)),
            LearningRate = 0.1,
            NumberOfThreads = 1,
            Seed = run.Seed,
            Deterministic = true,
            Silent = true,
        }));

    /// <summary>A linear model (SDCA) on standardized features, with L2 for the p &gt;&gt; n regime.</summary>
    public static ModelSpec Sdca { get; } = new("Sdca", (ml, run) =>
        ml.Transforms.NormalizeMeanVariance("Features")
            .Append(ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options
            {
                L2Regularization = 1.0f,
                MaximumNumberOfIterations = 50,
                NumberOfThreads = 1,
            })));

    /// <summary>FastTree, LightGbm and Sdca.</summary>
    public static IReadOnlyList<ModelSpec> All { get; } = [FastTree, LightGbm, Sdca];
}
