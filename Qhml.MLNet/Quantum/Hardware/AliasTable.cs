using System.Globalization;

namespace Qhml.MLNet.Quantum.Hardware;

/// <summary>
/// Walker's alias method (Vose's construction) over a discrete distribution: O(K) to build, O(1) per draw
/// (one uniform picks a column and decides between it and its alias).
/// </summary>
internal sealed class AliasTable
{
    private readonly double[] _threshold;
    private readonly int[] _alias;

    public AliasTable(ReadOnlySpan<double> weights)
    {
        int k = weights.Length;
        if (k == 0)
            throw new ArgumentException("The distribution is empty.", nameof(weights));
        double total = 0;
        for (int i = 0; i < k; i++)
        {
            double w = weights[i];
            if (!(w >= -1e-12) || !double.IsFinite(w))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Probability {i} is {w}; expected a finite value >= 0."), nameof(weights));
            total += Math.Max(w, 0);
        }
        if (!(total > 0))
            throw new ArgumentException("The probabilities sum to zero.", nameof(weights));

        _threshold = new double[k];
        _alias = new int[k];
        var small = new Stack<int>();
        var large = new Stack<int>();
        for (int i = 0; i < k; i++)
        {
            _threshold[i] = Math.Max(weights[i], 0) * k / total;
            _alias[i] = i;
            (_threshold[i] < 1 ? small : large).Push(i);
        }
        while (small.Count > 0 && large.Count > 0)
        {
            int s = small.Pop(), l = large.Peek();
            _alias[s] = l;
            _threshold[l] -= 1 - _threshold[s];
            if (_threshold[l] < 1)
                small.Push(large.Pop());
        }
        // What is left is 1 up to rounding: keep the column itself.
        foreach (int i in small.Concat(large))
            _threshold[i] = 1;
    }

    public int Count => _threshold.Length;

    public int Sample(ref SplitMix64 rng)
    {
        double u = rng.NextDouble() * _threshold.Length;
        int column = (int)u;
        return u - column < _threshold[column] ? column : _alias[column];
    }
}
