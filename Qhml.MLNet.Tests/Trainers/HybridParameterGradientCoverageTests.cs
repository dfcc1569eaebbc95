using Qhml.MLNet.Hybrid;
using Qhml.MLNet.Tests.Hybrid;

namespace Qhml.MLNet.Tests.Trainers;

/// <summary>
/// Every trainable parameter of the model the trainer builds (dense weights and biases, circuit angles,
/// readout weights and bias) receives a gradient on random data: nothing is disconnected from the loss.
/// (The hybrid layer's own test covers the circuit angles only.)
/// </summary>
public class HybridParameterGradientCoverageTests
{
    [Theory]
    [InlineData(HybridActivation.Tanh, InterfaceNormalization.ModeratedTanh, HybridHeadKind.Quantum)]
    [InlineData(HybridActivation.Gelu, InterfaceNormalization.Tanh, HybridHeadKind.Quantum)]
    [InlineData(HybridActivation.Tanh, InterfaceNormalization.ModeratedTanh, HybridHeadKind.Classical)]
    public void EveryTrainableParameterHasANonZeroGradientOnRandomData(HybridActivation activation, InterfaceNormalization normalization, HybridHeadKind head)
    {
        // ReLU is left out on purpose: a unit dead on every row of a small random batch is legitimately
        // gradient-free. AdaptiveModeratedTanh is left out too: batch standardization makes the output
        // layer's biases exactly gradient-free by construction.
        const int f = 7, n = 32;
        var options = new HybridOptions
        {
            HiddenLayers = [10, 6], Activation = activation, Normalization = normalization, Head = head,
            QubitCount = 4, CircuitLayers = 2, CircuitInitScale = Math.PI,
        };
        var (x, y) = SyntheticRegression.Make(n, f, seed: 71);
        var components = HybridComponents.Create(new HybridArchitecture(f, options, head == HybridHeadKind.Classical ? 5 : 0));
        var p = new double[components.ParameterCount];
        var rng = new Random(5);
        components.Network.Initialize(p.AsSpan(0, components.HeadOffset), rng);
        components.Head.Initialize(p.AsSpan(components.HeadOffset), rng, options);
        var core = new HybridTrainingCore(components, x.Select(v => (double)v).ToArray(), y.Select(v => (double)v).ToArray(),
            Enumerable.Repeat(1.0, n).ToArray(), n, HybridLoss.SquaredError, 1.0, -1);
        var gradient = new double[p.Length];
        core.LossAndGradient(p, Enumerable.Range(0, n).ToArray(), 0, n, gradient);

        Assert.Equal(components.ParameterCount, gradient.Length);
        int[] zero = Enumerable.Range(0, gradient.Length).Where(i => !(Math.Abs(gradient[i]) > 1e-12)).ToArray();
        Assert.True(zero.Length == 0,
            $"{zero.Length} of {gradient.Length} parameters have a zero or non-finite gradient (head starts at {components.HeadOffset}): {string.Join(",", zero.Take(20))}.");
    }
}
