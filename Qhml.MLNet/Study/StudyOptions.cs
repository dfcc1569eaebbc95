using Qhml.MLNet.Experiments;

namespace Qhml.MLNet.Study;

/// <summary>What a study runs: every model on every data set, training size and seed.</summary>
public sealed class StudyOptions
{
    /// <summary>Defaults of <see cref="StudyOptions"/>.</summary>
    public static class Defaults
    {
        /// <summary>Training sizes (cell lines): 50, 100, 200, 400.</summary>
        public static readonly IReadOnlyList<int> TrainSizes = [50, 100, 200, 400];

        /// <summary>Random splits per data set and training size: 5.</summary>
        public const int Seeds = 5;

        /// <summary>Seed from which every split and model seed derives: 42.</summary>
        public const int BaseSeed = 42;
    }

    /// <summary>Training sizes; each must leave at least 2 rows of every data set for testing.</summary>
    public IReadOnlyList<int> TrainSizes { get; set; } = Defaults.TrainSizes;

    /// <summary>Random splits (and model seeds) per data set and training size; positive.</summary>
    public int Seeds { get; set; } = Defaults.Seeds;

    /// <summary>
    /// Index of the first split: the study runs split indices <c>FirstSeedIndex</c> to <c>FirstSeedIndex + Seeds - 1</c>, each
    /// the same split (and model seed) as in any study with the same base seed. 0 by default; a long study can run its
    /// splits in batches.
    /// </summary>
    public int FirstSeedIndex { get; set; }

    /// <summary>Seed from which every split and model seed derives.</summary>
    public int BaseSeed { get; set; } = Defaults.BaseSeed;

    /// <summary>Runs trained at the same time; defaults to the processor count. Results don't depend on it.</summary>
    public int MaxDegreeOfParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Which part of the run list this process runs: run i (in <see cref="StudyRunner"/>'s plan of the whole study)
    /// belongs to shard <c>i mod Count</c>, the same rule as an experiment's trials. Shards run as separate processes
    /// or machines; their results files merge with <see cref="StudyResultsFile.Merge"/>. The whole study by default.
    /// </summary>
    public ExperimentShard Shard { get; set; } = ExperimentShard.All;

    /// <summary>Whether to keep each run's test predictions in its result (for predicted-vs-observed plots).</summary>
    public bool KeepPredictions { get; set; } = true;
}
