using Qhml.MLNet.Hybrid;

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
            HiddenLayers = [10, 6], Activation = activation, InterfaceNormalization = normalization, Head = head,
            NumberOfQubits = 4, NumberOfLayers = 2, CircuitInitScale = Math.PI,
        };
        var (components, gradient) = HybridGradientProbe.AtInitialization(options, f, n, dataSeed: 71, initSeed: 5,
            classicalHiddenUnits: head == HybridHeadKind.Classical ? 5 : 0);

        Assert.Equal(components.ParameterCount, gradient.Length);
        int[] zero = Enumerable.Range(0, gradient.Length).Where(i => !(Math.Abs(gradient[i]) > 1e-12)).ToArray();
        Assert.True(zero.Length == 0,
            $"{zero.Length} of {gradient.Length} parameters have a zero or non-finite gradient (head starts at {components.HeadOffset}): {string.Join(",", zero.Take(20))}.");
    }
}
