using System.Numerics;

namespace Qhml.MLNet.Hybrid;

/// <summary>
/// Adam (Kingma and Ba) with bias correction and L2 weight decay over a flat parameter vector. One fused SIMD
/// pass per step adds the decay, checks the gradient is finite and updates the moments and parameters; the pass
/// is split into fixed blocks that may run on several threads (element-wise, so the result never depends on it).
/// </summary>
internal sealed class AdamOptimizer
{
    private const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;
    /// <summary>Parameters per parallel work item of a step.</summary>
    private const int Block = 8192;
    private readonly double[] _m, _v, _decay;
    private readonly bool[] _blockFinite;
    private readonly double _learningRate;
    private readonly ParallelOptions _parallel;
    private readonly Action<int> _stepBlock;
    private int _step;
    private double _stepSize, _eps;
    private double[] _parameters = [], _gradient = [];

    /// <param name="decay">Per-parameter L2 coefficient (0 for parameters that are not penalized).</param>
    /// <param name="learningRate">Step size.</param>
    /// <param name="maxDegreeOfParallelism">Worker threads (-1: all cores).</param>
    public AdamOptimizer(double[] decay, double learningRate, int maxDegreeOfParallelism)
    {
        _decay = decay;
        _m = new double[decay.Length];
        _v = new double[decay.Length];
        _blockFinite = new bool[Math.Max(1, (decay.Length + Block - 1) / Block)];
        _learningRate = learningRate;
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        _stepBlock = StepBlock;
    }

    /// <summary>
    /// One update of <paramref name="parameters"/> with <paramref name="gradient"/> (the loss gradient; the decay
    /// is added here). Returns false, leaving the update half done, when the gradient holds a NaN or an infinity:
    /// the caller must stop training.
    /// </summary>
    public bool Step(double[] parameters, double[] gradient)
    {
        _step++;
        double c1 = 1 - Math.Pow(Beta1, _step), c2 = 1 - Math.Pow(Beta2, _step);
        _stepSize = _learningRate * Math.Sqrt(c2) / c1;
        _eps = Epsilon * Math.Sqrt(c2);
        _parameters = parameters;
        _gradient = gradient;
        int blocks = _blockFinite.Length;
        if (blocks == 1 || _parallel.MaxDegreeOfParallelism == 1)
        {
            for (int b = 0; b < blocks; b++)
                StepBlock(b);
        }
        else
        {
            Parallel.For(0, blocks, _parallel, _stepBlock);
        }
        foreach (bool finite in _blockFinite)
            if (!finite)
                return false;
        return true;
    }

    private void StepBlock(int block)
    {
        int start = block * Block, end = Math.Min(_decay.Length, start + Block);
        Span<double> p = _parameters.AsSpan(start, end - start), m = _m.AsSpan(start, end - start), v = _v.AsSpan(start, end - start);
        ReadOnlySpan<double> g = _gradient.AsSpan(start, end - start), d = _decay.AsSpan(start, end - start);
        int n = p.Length, vc = Vector<double>.Count, i = 0;
        var b1 = new Vector<double>(Beta1);
        var b1c = new Vector<double>(1 - Beta1);
        var b2 = new Vector<double>(Beta2);
        var b2c = new Vector<double>(1 - Beta2);
        var step = new Vector<double>(_stepSize);
        var epsV = new Vector<double>(_eps);
        // g * 0 is 0 for finite g and NaN otherwise, so the sum flags any non-finite gradient.
        var poison = Vector<double>.Zero;
        for (; i <= n - vc; i += vc)
        {
            var raw = new Vector<double>(g.Slice(i));
            poison += raw * Vector<double>.Zero;
            var pi = new Vector<double>(p.Slice(i));
            var gi = raw + new Vector<double>(d.Slice(i)) * pi;
            var mi = b1 * new Vector<double>(m.Slice(i)) + b1c * gi;
            var vi = b2 * new Vector<double>(v.Slice(i)) + b2c * (gi * gi);
            mi.CopyTo(m.Slice(i));
            vi.CopyTo(v.Slice(i));
            (pi - step * mi / (Vector.SquareRoot(vi) + epsV)).CopyTo(p.Slice(i));
        }
        double tailPoison = 0;
        for (; i < n; i++)
        {
            tailPoison += g[i] * 0.0;
            double gi = g[i] + d[i] * p[i];
            double mi = m[i] = Beta1 * m[i] + (1 - Beta1) * gi;
            double vi = v[i] = Beta2 * v[i] + (1 - Beta2) * (gi * gi);
            p[i] -= _stepSize * mi / (Math.Sqrt(vi) + _eps);
        }
        _blockFinite[block] = !double.IsNaN(Vector.Sum(poison) + tailPoison);
    }
}
