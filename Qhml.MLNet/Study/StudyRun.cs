namespace Qhml.MLNet.Study;

/// <summary>One run of a study: a model trained on one random split of one data set.</summary>
/// <param name="Dataset">Name of the data set (the drug).</param>
/// <param name="Model">Name of the model spec.</param>
/// <param name="TrainSize">Number of training rows.</param>
/// <param name="SeedIndex">Which split (0-based) of this data set and training size.</param>
/// <param name="SplitSeed">Seed of the train/test split; the same for every model, so models are compared on identical splits.</param>
/// <param name="ModelSeed">Seed given to the model's pipeline.</param>
public sealed record StudyRun(string Dataset, string Model, int TrainSize, int SeedIndex, int SplitSeed, int ModelSeed);
