using System.Numerics;

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

    /// <summary>One update of <paramref name="parameters"/> with <paramref name="gradient"/> (SIMD; same result for any thread count).</summary>
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient)
    {
        _step++;
        double c1 = 1 - Math.Pow(Beta1, _step), c2 = 1 - Math.Pow(Beta2, _step);
        double stepSize = _learningRate * Math.Sqrt(c2) / c1;
        double eps = Epsilon * Math.Sqrt(c2);
        int n = parameters.Length, vc = Vector<double>.Count, i = 0;
        Span<double> mAll = _m, vAll = _v;
        var b1 = new Vector<double>(Beta1);
        var b1c = new Vector<double>(1 - Beta1);
        var b2 = new Vector<double>(Beta2);
        var b2c = new Vector<double>(1 - Beta2);
        var step = new Vector<double>(stepSize);
        var epsV = new Vector<double>(eps);
        for (; i <= n - vc; i += vc)
        {
            var g = new Vector<double>(gradient.Slice(i));
            var m = b1 * new Vector<double>(mAll.Slice(i)) + b1c * g;
            var v = b2 * new Vector<double>(vAll.Slice(i)) + b2c * (g * g);
            m.CopyTo(mAll.Slice(i));
            v.CopyTo(vAll.Slice(i));
            (new Vector<double>(parameters.Slice(i)) - step * m / (Vector.SquareRoot(v) + epsV)).CopyTo(parameters.Slice(i));
        }
        for (; i < n; i++)
        {
            double g = gradient[i];
            double m = mAll[i] = Beta1 * mAll[i] + (1 - Beta1) * g;
            double v = vAll[i] = Beta2 * vAll[i] + (1 - Beta2) * (g * g);
            parameters[i] -= stepSize * m / (Math.Sqrt(v) + eps);
        }
    }
}
