using System.Numerics.Tensors;

namespace Qhml.MLNet.Hybrid;

/// <summary>Hidden-layer activations and their derivatives, applied in place over spans.</summary>
internal static class Activations
{
    private const double GeluC = 0.7978845608028654; // sqrt(2/pi)
    private const double GeluK = 0.044715;

    /// <summary>Writes act(pre) into <paramref name="post"/>.</summary>
    public static void Forward(HybridActivation kind, ReadOnlySpan<double> pre, Span<double> post)
    {
        switch (kind)
        {
            case HybridActivation.ReLU:
                TensorPrimitives.Max(pre, 0.0, post);
                break;
            case HybridActivation.Tanh:
                TensorPrimitives.Tanh(pre, post);
                break;
            default:
                for (int i = 0; i < pre.Length; i++)
                {
                    double x = pre[i];
                    post[i] = 0.5 * x * (1.0 + Math.Tanh(GeluC * (x + GeluK * x * x * x)));
                }
                break;
        }
    }

    /// <summary>Multiplies <paramref name="delta"/> by act'(pre) element-wise.</summary>
    public static void MultiplyByDerivative(HybridActivation kind, ReadOnlySpan<double> pre, ReadOnlySpan<double> post, Span<double> delta)
    {
        switch (kind)
        {
            case HybridActivation.ReLU:
                for (int i = 0; i < delta.Length; i++)
                    if (pre[i] <= 0)
                        delta[i] = 0;
                break;
            case HybridActivation.Tanh:
                for (int i = 0; i < delta.Length; i++)
                    delta[i] *= 1.0 - post[i] * post[i];
                break;
            default:
                for (int i = 0; i < delta.Length; i++)
                {
                    double x = pre[i];
                    double t = Math.Tanh(GeluC * (x + GeluK * x * x * x));
                    double d = 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * GeluC * (1.0 + 3.0 * GeluK * x * x);
                    delta[i] *= d;
                }
                break;
        }
    }
}
