namespace Qhml.MLNet.Study;

/// <summary>What a <see cref="ModelSpec"/> may need to know about the run it builds a pipeline for.</summary>
/// <param name="FeatureCount">Length of the feature vector.</param>
/// <param name="TrainSize">Number of training rows.</param>
/// <param name="Seed">The run's seed; pass it to every seeded component so the run is reproducible.</param>
public sealed record ModelSpecContext(int FeatureCount, int TrainSize, int Seed);
