using Qhml.MLNet.Hybrid;

namespace Qhml.MLNet.Tests.Hybrid;

/// <summary>
/// One row scores the same, to the bit, whether alone (PredictionEngine), inside a block (PredictBatch, Transform)
/// or in training's row-blocked network pass: every path sums each dot product in the same order.
/// </summary>
public class HybridScoringConsistencyTests
{
    [Theory]
    [InlineData(13, new[] { 6, 5 }, HybridActivation.ReLU)]    // widths that are not multiples of 4: the kernels' tails
    [InlineData(706, new[] { 64 }, HybridActivation.ReLU)]     // the default shape
    [InlineData(9, new[] { 3 }, HybridActivation.Tanh)]
    [InlineData(11, new[] { 8, 7, 4 }, HybridActivation.Gelu)]
    public void NetworkRowBlocksMatchSingleRowsBitForBit(int features, int[] hidden, HybridActivation activation)
    {
        var network = new DenseNetwork(features, hidden, 8, activation);
        var rng = new Random(features);
        var parameters = new double[network.ParameterCount];
        network.Initialize(parameters, rng);
        const int rows = 11;
        var x = new double[rows * features];
        for (int i = 0; i < x.Length; i++)
            x[i] = SyntheticRegression.Gaussian(rng);
        int act = network.ActivationBufferSize;
        // Rows out of order, as a shuffled mini-batch gives them.
        int[] order = [7, 2, 10, 0, 5, 9, 1, 3, 8, 6, 4];
        var blocked = new double[rows * act];
        network.ForwardRows(parameters, x, order, blocked);

        var single = new double[act];
        for (int r = 0; r < rows; r++)
        {
            network.ForwardRows(parameters, x, [order[r]], single); // a lone row, as PredictionEngine scores it
            for (int k = 0; k < act; k++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(single[k]), BitConverter.DoubleToInt64Bits(blocked[r * act + k]));
        }

        // The single-precision first layer: the same agreement between row blocks and single rows, with float sums.
        var xf = x.Select(v => (float)v).ToArray();
        var wf = new float[network.SingleFirstLayerLength];
        network.RoundFirstLayerWeights(parameters, wf);
        var blockedFloat = new double[rows * act];
        network.ForwardRows(parameters, wf, xf, order, blockedFloat);
        for (int r = 0; r < rows; r++)
        {
            network.ForwardRows(parameters, wf, xf, [order[r]], single);
            for (int k = 0; k < act; k++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(single[k]), BitConverter.DoubleToInt64Bits(blockedFloat[r * act + k]));
        }
        // Float sums are close to the double ones (first-layer pre-activations), yet not the same numbers.
        int pre0 = network.FirstLayerOutputs;
        double worst = 0;
        for (int r = 0; r < rows; r++)
            for (int k = 0; k < pre0; k++)
                worst = Math.Max(worst, Math.Abs(blockedFloat[r * act + k] - blocked[r * act + k]));
        Assert.InRange(worst, 1e-12, 1e-4);
    }

    [Theory]
    [InlineData(HybridHeadKind.Quantum, InterfaceNormalization.ModeratedTanh, true)]
    [InlineData(HybridHeadKind.Quantum, InterfaceNormalization.ModeratedTanh, false)]
    [InlineData(HybridHeadKind.Quantum, InterfaceNormalization.AdaptiveModeratedTanh, true)]
    [InlineData(HybridHeadKind.Quantum, InterfaceNormalization.AdaptiveModeratedTanh, false)]
    [InlineData(HybridHeadKind.Classical, InterfaceNormalization.MinMax, true)]
    [InlineData(HybridHeadKind.Classical, InterfaceNormalization.MinMax, false)]
    public void SingleRowPredictionsEqualBatchPredictionsBitForBit(HybridHeadKind head, InterfaceNormalization normalization, bool singleFirstLayer)
    {
        const int features = 14, rows = 77; // 77 = one full block of 64 and 13 more, 13 = 3 x 4 + 1
        var train = SyntheticRegression.Dataset(96, features, seed: 5);
        var model = new HybridTrainer(new HybridOptions
        {
            HiddenLayers = [10], Head = head, InterfaceNormalization = normalization, NumberOfEpochs = 3, Seed = 2, SinglePrecisionFirstLayer = singleFirstLayer,
        }).Fit(train);
        Assert.Equal(singleFirstLayer, model.Architecture.SinglePrecisionFirstLayer);
        var (x, _) = SyntheticRegression.Make(rows, features, seed: 6);
        var batch = new float[rows];
        model.PredictBatch(x, batch);
        var workspace = model.CreateWorkspace();
        for (int r = 0; r < rows; r++)
        {
            float alone = model.Predict(x.AsSpan(r * features, features), workspace);
            Assert.Equal(BitConverter.SingleToInt32Bits(batch[r]), BitConverter.SingleToInt32Bits(alone));
        }
        Assert.True(batch.Distinct().Count() > rows / 2, "predictions should vary from row to row");
    }
}
