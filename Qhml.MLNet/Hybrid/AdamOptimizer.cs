namespace Qhml.MLNet.Hybrid;

/// <summary>Adam (Kingma and Ba) with bias correction over a flat parameter vector.</summary>
internal sealed class AdamOptimizer
{
    private const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;
    private readonly double[] _m, _v;
    private readonly double _learningRate;
    private int _step;

    public AdamOptimizer(int parameterCount, double learningRate)
    {
        _m = new double[parameterCount];
        _v = new double[parameterCount];
        _learningRate = learningRate;
    }

    /// <summary>One update of <paramref name="parameters"/> with <paramref name="gradient"/>.</summary>
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient)
    {
        _step++;
        double c1 = 1 - Math.Pow(Beta1, _step), c2 = 1 - Math.Pow(Beta2, _step);
        double stepSize = _learningRate * Math.Sqrt(c2) / c1;
        double eps = Epsilon * Math.Sqrt(c2);
        for (int i = 0; i < parameters.Length; i++)
        {
            double g = gradient[i];
            double m = _m[i] = Beta1 * _m[i] + (1 - Beta1) * g;
            double v = _v[i] = Beta2 * _v[i] + (1 - Beta2) * g * g;
            parameters[i] -= stepSize * m / (Math.Sqrt(v) + eps);
        }
    }
}
