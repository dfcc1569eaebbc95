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
        var options = new HybridOptions { HiddenLayers = [12], Entangler = entangler, ReUploading = reUploading, Encoding = encoding, CircuitInitScale = Math.PI };
        var (x, y) = SyntheticRegression.Make(n, f, seed: 21);
        var components = HybridComponents.Create(new HybridArchitecture(f, options, 0));
        var head = Assert.IsType<QuantumHead>(components.Head);
        Assert.Equal(2 * options.QubitCount * options.CircuitLayers, head.CircuitParameterCount);
        var p = new double[components.ParameterCount];
        var rng = new Random(3);
        components.Network.Initialize(p.AsSpan(0, components.HeadOffset), rng);
        components.Head.Initialize(p.AsSpan(components.HeadOffset), rng, options);
        var core = new HybridTrainingCore(components, x.Select(v => (double)v).ToArray(), y.Select(v => (double)v).ToArray(),
            Enumerable.Repeat(1.0, n).ToArray(), n, HybridLoss.SquaredError, 1.0, -1);
        var gradient = new double[p.Length];
        core.LossAndGradient(p, Enumerable.Range(0, n).ToArray(), 0, n, gradient);
        var circuitGradient = gradient.AsSpan(components.HeadOffset, head.CircuitParameterCount).ToArray();
        int zero = circuitGradient.Count(g => Math.Abs(g) < 1e-12);
        Assert.True(zero == 0, $"{zero} of {circuitGradient.Length} circuit parameters have a zero gradient: indices {string.Join(",", circuitGradient.Select((g, i) => (g, i)).Where(t => Math.Abs(t.g) < 1e-12).Select(t => t.i))}.");
    }
}
