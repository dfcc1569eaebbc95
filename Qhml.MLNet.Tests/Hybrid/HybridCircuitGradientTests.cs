using Qhml.MLNet.Hybrid;
using Qhml.MLNet.Quantum;

namespace Qhml.MLNet.Tests.Hybrid;

public class HybridCircuitGradientTests
{
    [Theory]
    [InlineData(Entangler.CnotRing, false, RotationAxis.Y)]
    [InlineData(Entangler.CzRing, true, RotationAxis.X)]
    [InlineData(Entangler.AllToAll, false, RotationAxis.Z)]
    public void EveryCircuitParameterHasANonZeroGradientOnRandomData(Entangler entangler, bool reUploading, RotationAxis encoding)
    {
        const int f = 10, n = 16;
        var options = new HybridOptions { HiddenLayers = [12], Entangler = entangler, ReUploading = reUploading, EncodingAxis = encoding, CircuitInitScale = Math.PI };
        var (components, gradient) = HybridGradientProbe.AtInitialization(options, f, n, dataSeed: 21, initSeed: 3);
        var head = Assert.IsType<QuantumHead>(components.Head);
        Assert.Equal(2 * options.NumberOfQubits * options.NumberOfLayers, head.CircuitParameterCount);
        var circuitGradient = gradient.AsSpan(components.HeadOffset, head.CircuitParameterCount).ToArray();
        int zero = circuitGradient.Count(g => Math.Abs(g) < 1e-12);
        Assert.True(zero == 0, $"{zero} of {circuitGradient.Length} circuit parameters have a zero gradient: indices {string.Join(",", circuitGradient.Select((g, i) => (g, i)).Where(t => Math.Abs(t.g) < 1e-12).Select(t => t.i))}.");
    }
}
