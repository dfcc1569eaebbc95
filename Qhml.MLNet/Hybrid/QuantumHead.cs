namespace Qhml.MLNet.Hybrid;

// TEMPORARY placeholder until the quantum branch is merged (replaced by the real circuit head).
internal sealed class QuantumHead : HeadCore
{
    public int CircuitParameterCount => 0;
    public override int ParameterCount => 0;
    public override int ScratchPerRow => 0;
    public static QuantumHead Create(HybridArchitecture a) => throw new NotSupportedException("Quantum head not merged yet.");
    public static int ParameterCountFor(HybridOptions o) => 2 * o.QubitCount * o.CircuitLayers + o.QubitCount + 1;
    public override void Initialize(Span<double> parameters, Random rng, HybridOptions options) => throw new NotSupportedException();
    public override void AddL2(ReadOnlySpan<double> parameters, double l2, Span<double> gradient) => throw new NotSupportedException();
    public override void Forward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> angles, int n, Span<double> outputs, Span<double> scratch) => throw new NotSupportedException();
    public override void Backward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> angles, int n, ReadOnlySpan<double> scratch, ReadOnlySpan<double> outputGradient, Span<double> parameterGradient, Span<double> angleGradient, Span<double> work) => throw new NotSupportedException();
}
