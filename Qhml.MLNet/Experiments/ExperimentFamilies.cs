using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using Qhml.MLNet.Hybrid;

namespace Qhml.MLNet.Experiments;

/// <summary>
/// The ready-made candidate families. The hybrid's space is read from the <c>[Range]</c>/<c>[Choice]</c>
/// attributes on <see cref="QuantumHybridRegressionTrainer.Options"/> at run time, so an option attributed
/// later joins the search with no change here. Every family trains on one thread with the trial's seed, so
/// a trial's result does not depend on how many trials run in parallel.
/// </summary>
public static class ExperimentFamilies
{
    /// <summary>The hybrid with its quantum head; space from the trainer's attributes, effort = epochs.</summary>
    public static ExperimentFamily QuantumHybrid { get; } = Hybrid("QuantumHybrid", HybridHeadKind.Quantum);

    /// <summary>The hybrid with the classical dense head (the deep baseline); same space.</summary>
    public static ExperimentFamily QuantumHybridClassicalHead { get; } = Hybrid("QuantumHybridClassicalHead", HybridHeadKind.Classical);

    /// <summary>SDCA (linear), also searching whether <c>NormalizeModeratedTanh</c> goes in front.</summary>
    public static ExperimentFamily Sdca { get; } = new TrainerFamily<SdcaRegressionTrainer.Options>("Sdca",
            ExperimentSearchSpace.FromAttributes(typeof(SdcaSearchOptions)), nameof(SdcaSearchOptions.MaximumNumberOfIterations),
            (o, _, c) =>
            {
                o.LabelColumnName = c.LabelColumnName;
                o.FeatureColumnName = c.FeatureColumnName;
                o.NumberOfThreads = 1;
            },
            (ml, o) => ml.Regression.Trainers.Sdca(o))
        .WithModeratedTanhChoice("Sdca");

    /// <summary>FastTree boosted trees; effort = trees.</summary>
    public static ExperimentFamily FastTree { get; } = Trees<FastTreeRegressionTrainer.Options>("FastTree", typeof(FastTreeSearchOptions),
        nameof(FastTreeSearchOptions.NumberOfTrees), (ml, o) => ml.Regression.Trainers.FastTree(o));

    /// <summary>FastForest random forest; effort = trees.</summary>
    public static ExperimentFamily FastForest { get; } = Trees<FastForestRegressionTrainer.Options>("FastForest", typeof(FastForestSearchOptions),
        nameof(FastForestSearchOptions.NumberOfTrees), (ml, o) => ml.Regression.Trainers.FastForest(o));

    /// <summary>LightGbm boosted trees (deterministic mode); effort = iterations.</summary>
    public static ExperimentFamily LightGbm { get; } = new TrainerFamily<LightGbmRegressionTrainer.Options>("LightGbm",
        ExperimentSearchSpace.FromAttributes(typeof(LightGbmSearchOptions)), nameof(LightGbmSearchOptions.NumberOfIterations),
        (o, config, c) =>
        {
            o.LabelColumnName = c.LabelColumnName;
            o.FeatureColumnName = c.FeatureColumnName;
            o.NumberOfThreads = 1;
            o.Seed = c.Seed;
            o.Deterministic = true;
            o.Silent = true;
            o.Booster = new GradientBooster.Options
            {
                L2Regularization = (double)config[nameof(LightGbmSearchOptions.L2Regularization)],
                FeatureFraction = (double)config[nameof(LightGbmSearchOptions.FeatureFraction)],
            };
        },
        (ml, o) => ml.Regression.Trainers.LightGbm(o),
        skip: [nameof(LightGbmSearchOptions.L2Regularization), nameof(LightGbmSearchOptions.FeatureFraction)]);

    // FastTree and FastForest share ML.NET's TreeOptions: columns, one thread, the trial's seed.
    private static TrainerFamily<TOptions> Trees<TOptions>(string name, Type searchOptions, string fidelity, Func<MLContext, TOptions, IEstimator<ITransformer>> create)
        where TOptions : TreeOptions, new()
        => new(name, ExperimentSearchSpace.FromAttributes(searchOptions), fidelity,
            (o, _, c) =>
            {
                o.LabelColumnName = c.LabelColumnName;
                o.FeatureColumnName = c.FeatureColumnName;
                o.NumberOfThreads = 1;
                o.Seed = c.Seed;
            },
            create);

    /// <summary>Every ready-made family, hybrid first.</summary>
    public static IReadOnlyList<ExperimentFamily> All { get; } = [QuantumHybrid, QuantumHybridClassicalHead, Sdca, FastTree, FastForest, LightGbm];

    /// <summary>The ready-made family called <paramref name="name"/> (case-insensitive).</summary>
    /// <param name="name">A family name.</param>
    /// <returns>The family.</returns>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static ExperimentFamily Find(string name)
        => All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"Unknown trainer family '{name}'. Known families: {string.Join(", ", All.Select(f => f.Name))}.", nameof(name));

    /// <summary>
    /// A hybrid family with <paramref name="head"/>, its space read from the attributes of
    /// <see cref="QuantumHybridRegressionTrainer.Options"/> (or of <paramref name="optionsType"/>, a test seam
    /// for an options class with extra attributed members).
    /// </summary>
    /// <param name="name">Family name.</param>
    /// <param name="head">Quantum or classical head.</param>
    /// <param name="optionsType">Where the attributes are read; defaults to the trainer's options.</param>
    /// <returns>The family.</returns>
    public static ExperimentFamily Hybrid(string name, HybridHeadKind head, Type? optionsType = null)
    {
        var space = ExperimentSearchSpace.FromAttributes(optionsType ?? typeof(QuantumHybridRegressionTrainer.Options));
        string? fidelity = space.Find(nameof(QuantumHybridRegressionTrainer.Options.NumberOfEpochs)) is not null
            ? nameof(QuantumHybridRegressionTrainer.Options.NumberOfEpochs) : null;
        return new TrainerFamily<QuantumHybridRegressionTrainer.Options>(name, space, fidelity,
            (o, _, c) =>
            {
                o.LabelColumnName = c.LabelColumnName;
                o.FeatureColumnName = c.FeatureColumnName;
                o.Seed = c.Seed;
                o.MaxDegreeOfParallelism = 1;
                o.Head = head;
            },
            (ml, o) => ml.Regression.Trainers.QuantumHybrid(o),
            skip: optionsType is null ? [] : space.Parameters.Select(p => p.Name)
                .Where(n => typeof(QuantumHybridRegressionTrainer.Options).GetMember(n).Length == 0).ToArray());
    }
}
