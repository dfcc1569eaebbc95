using System.Numerics.Tensors;

namespace Qhml.MLNet.Hybrid;

/// <summary>
/// The classical baseline head: Q angles -&gt; H tanh units -&gt; 1. Parameters: W1 (H x Q), b1 (H), w2 (H), b2.
/// </summary>
internal sealed class ClassicalHead : HeadCore
{
    public ClassicalHead(int qubits, int hiddenUnits)
    {
        Qubits = qubits;
        HiddenUnits = hiddenUnits;
    }

    public int Qubits { get; }
    public int HiddenUnits { get; }

    /// <summary>The hidden-unit count whose parameter total <c>H (Q + 2) + 1</c> is closest to <paramref name="target"/>.</summary>
    public static int MatchingHiddenUnits(int qubits, int target)
        => Math.Max(1, (int)Math.Round((target - 1) / (double)(qubits + 2)));

    public override int ParameterCount => HiddenUnits * (Qubits + 2) + 1;
    public override int ScratchPerRow => HiddenUnits;

    private int B1 => HiddenUnits * Qubits;
    private int W2 => B1 + HiddenUnits;
    private int B2 => W2 + HiddenUnits;

    public override void Initialize(Span<double> parameters, Random rng, HybridOptions options)
    {
        double h1 = Math.Sqrt(3.0 / Qubits), h2 = Math.Sqrt(3.0 / HiddenUnits);
        for (int i = 0; i < B1; i++)
            parameters[i] = (2 * rng.NextDouble() - 1) * h1;
        parameters.Slice(B1, HiddenUnits).Clear();
        for (int i = 0; i < HiddenUnits; i++)
            parameters[W2 + i] = (2 * rng.NextDouble() - 1) * h2;
        parameters[B2] = 0;
    }

    public override void AddL2(ReadOnlySpan<double> parameters, double l2, Span<double> gradient)
    {
        TensorPrimitives.MultiplyAdd(parameters.Slice(0, B1), l2, gradient.Slice(0, B1), gradient.Slice(0, B1));
        TensorPrimitives.MultiplyAdd(parameters.Slice(W2, HiddenUnits), l2, gradient.Slice(W2, HiddenUnits), gradient.Slice(W2, HiddenUnits));
    }

    public override void Forward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> angles, int n,
        Span<double> outputs, Span<double> scratch)
    {
        int q = Qubits, h = HiddenUnits;
        ReadOnlySpan<double> w2 = parameters.Slice(W2, h);
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> x = angles.Slice(i * q, q);
            Span<double> hidden = scratch.Slice(i * h, h);
            for (int k = 0; k < h; k++)
                hidden[k] = Math.Tanh(TensorPrimitives.Dot(parameters.Slice(k * q, q), x) + parameters[B1 + k]);
            outputs[i] = TensorPrimitives.Dot(w2, hidden) + parameters[B2];
        }
    }

    public override void Backward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> angles, int n,
        ReadOnlySpan<double> scratch, ReadOnlySpan<double> outputGradient, Span<double> parameterGradient,
        Span<double> angleGradient, Span<double> work)
    {
        int q = Qubits, h = HiddenUnits;
        parameterGradient.Slice(0, ParameterCount).Clear();
        for (int i = 0; i < n; i++)
        {
            double g = outputGradient[i];
            ReadOnlySpan<double> x = angles.Slice(i * q, q);
            ReadOnlySpan<double> hidden = scratch.Slice(i * h, h);
            Span<double> dx = angleGradient.Slice(i * q, q);
            dx.Clear();
            parameterGradient[B2] += g;
            for (int k = 0; k < h; k++)
            {
                parameterGradient[W2 + k] += g * hidden[k];
                double dPre = g * parameters[W2 + k] * (1 - hidden[k] * hidden[k]);
                parameterGradient[B1 + k] += dPre;
                TensorPrimitives.MultiplyAdd(x, dPre, parameterGradient.Slice(k * q, q), parameterGradient.Slice(k * q, q));
                TensorPrimitives.MultiplyAdd(parameters.Slice(k * q, q), dPre, dx, dx);
            }
        }
    }
}
