using Qhml.MLNet.Hybrid;

namespace Qhml.MLNet.Tests.Hybrid;

public class HybridPredictionAllocationTests
{
    [Fact]
    public void SingleRowPredictionWithAWorkspaceAllocatesNothing()
    {
        // The PredictionEngine hot path: one row, the default quantum model's shape (small network for speed).
        var train = SyntheticRegression.Dataset(64, 12, seed: 11);
        var model = new HybridTrainer(new HybridOptions { HiddenLayers = [16], NumberOfEpochs = 2 }).Fit(train);
        var workspace = model.CreateWorkspace();
        float[] row = train.Features.Span[..12].ToArray();
        float warm = model.Predict(row, workspace);

        long before = GC.GetAllocatedBytesForCurrentThread();
        float again = model.Predict(row, workspace);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(warm, again);
        Assert.Equal(0L, allocated);
    }
}
