using Microsoft.ML;
using Qhml.MLNet.Data;

namespace Qhml.MLNet.Tests;

/// <summary>
/// One drug of the real GDSC2 data (loaded once by <see cref="GdscTidyLoader.LoadDefault"/>), split by
/// <see cref="GdscDataset.SplitByCellLine"/> and flattened row-major for the array-based trainers.
/// Use from a <see cref="RealDataFactAttribute"/> test.
/// </summary>
internal sealed record RealDrugSplit(int FeatureCount, float[] TrainFeatures, float[] TrainLabels, float[] TestFeatures, float[] TestLabels)
{
    private static readonly Lazy<GdscDataset> Dataset = new(GdscTidyLoader.LoadDefault);

    public static RealDrugSplit Load(string drug, int trainCount, int seed)
    {
        var split = Dataset.Value.SplitByCellLine(new MLContext(seed), drug, trainCount, seed);
        return new RealDrugSplit(Dataset.Value.GeneCount,
            [.. split.TrainData.Features.SelectMany(row => row)], split.TrainData.Labels,
            [.. split.TestData.Features.SelectMany(row => row)], split.TestData.Labels);
    }
}
