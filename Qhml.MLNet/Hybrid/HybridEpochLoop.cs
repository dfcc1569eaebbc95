using System.Globalization;

namespace Qhml.MLNet.Hybrid;

/// <summary>
/// The mutable state of training (parameters, interface statistics, Adam moments, shuffling) and one
/// epoch of shuffled mini-batches over it.
/// </summary>
internal sealed class HybridEpochLoop
{
    private readonly HybridOptions _o;
    private readonly HybridComponents _c;
    private readonly double[] _weights;
    private readonly HybridTrainingCore _core;
    private readonly AdamOptimizer _adam;
    private readonly double[] _gradient;
    private readonly int[] _order, _bounds;
    private readonly Random _shuffle;
    private readonly double[] _epochMin, _epochMax;

    public HybridEpochLoop(HybridOptions options, HybridComponents components, PreparedRows rows, double[] standardizedLabels)
    {
        _o = options;
        _c = components;
        _weights = rows.Weights;
        int n = standardizedLabels.Length, q = components.Qubits;
        if (components.Head is QuantumHead quantum)
            quantum.MaxDegreeOfParallelism = options.Parallelism;
        Parameters = new double[components.ParameterCount];
        var initRng = new Random(options.Seed);
        components.Network.Initialize(Parameters.AsSpan(0, components.HeadOffset), initRng);
        components.Head.Initialize(Parameters.AsSpan(components.HeadOffset), initRng, options);
        First = new double[q];
        Second = new double[q];
        components.Normalizer.InitialStatistics(First, Second);

        int batchSize = Math.Min(options.BatchSize, n);
        _bounds = BatchBounds(n, batchSize);
        _core = new HybridTrainingCore(components, rows, standardizedLabels, batchSize + 1, options.Loss, options.HuberDelta, options.Parallelism);
        // The L2 penalty as a per-parameter coefficient: each part marks the parameters it penalizes.
        var decay = new double[Parameters.Length];
        if (options.L2Regularization > 0)
        {
            var ones = Enumerable.Repeat(1.0, Parameters.Length).ToArray();
            components.Network.AddL2(ones.AsSpan(0, components.HeadOffset), options.L2Regularization, decay.AsSpan(0, components.HeadOffset));
            components.Head.AddL2(ones.AsSpan(components.HeadOffset), options.L2Regularization, decay.AsSpan(components.HeadOffset));
        }
        _adam = new AdamOptimizer(decay, options.LearningRate, options.Parallelism);
        _gradient = new double[Parameters.Length];
        _order = Enumerable.Range(0, n).ToArray();
        _shuffle = new Random(unchecked(options.Seed * 16777619 + 7));
        _epochMin = new double[q];
        _epochMax = new double[q];
    }

    /// <summary>Current parameters [network | head].</summary>
    public double[] Parameters { get; }
    /// <summary>Current inference statistics (running mean/variance, or this epoch's min/max).</summary>
    public double[] First { get; }
    /// <summary>See <see cref="First"/>.</summary>
    public double[] Second { get; }

    /// <summary>One epoch; returns the weighted mean training loss and the fraction of saturated angles.</summary>
    public (double Loss, double Saturation) TrainEpoch(int epoch, CancellationToken ct)
    {
        var norm = _c.Normalizer;
        int q = _c.Qubits;
        double[] p = Parameters;
        _shuffle.Shuffle(_order);
        _epochMin.AsSpan().Fill(double.PositiveInfinity);
        _epochMax.AsSpan().Fill(double.NegativeInfinity);
        double lossSum = 0, weightSum = 0;
        long saturated = 0, angleCount = 0;
        for (int b = 0; b + 1 < _bounds.Length; b++)
        {
            ct.ThrowIfCancellationRequested();
            int start = _bounds[b], count = _bounds[b + 1] - _bounds[b];
            double loss;
            try
            {
                loss = _core.LossAndGradient(p, _order, start, count, _gradient);
            }
            catch (HybridDivergenceException e)
            {
                throw Diverged(epoch, b, double.NaN, e.Message);
            }
            if (!double.IsFinite(loss))
                throw Diverged(epoch, b, loss, "the loss is not finite");
            if (!_adam.Step(p, _gradient))
                throw Diverged(epoch, b, loss, "the gradient is not finite");

            double batchWeight = 0;
            for (int i = start; i < start + count; i++)
                batchWeight += _weights[_order[i]];
            lossSum += loss * batchWeight;
            weightSum += batchWeight;
            foreach (double a in _core.Angles)
                if (norm.IsSaturated(a))
                    saturated++;
            angleCount += _core.Angles.Length;

            if (norm.Kind == InterfaceNormalization.AdaptiveModeratedTanh)
            {
                InterfaceNormalizer.UpdateRunning(First, Second, _core.BatchFirst, _core.BatchSecond, count, _o.BatchNormMomentum);
            }
            else if (norm.Kind == InterfaceNormalization.MinMax)
            {
                for (int j = 0; j < q; j++)
                {
                    _epochMin[j] = Math.Min(_epochMin[j], _core.BatchFirst[j]);
                    _epochMax[j] = Math.Max(_epochMax[j], _core.BatchSecond[j]);
                }
            }
        }
        if (norm.Kind == InterfaceNormalization.MinMax)
        {
            // Between epochs (validation) the range seen in this epoch stands in; the final model gets the
            // exact range of its own outputs over the training set.
            _epochMin.CopyTo(First, 0);
            _epochMax.CopyTo(Second, 0);
        }
        return (weightSum > 0 ? lossSum / weightSum : 0.0, angleCount == 0 ? 0.0 : (double)saturated / angleCount);
    }

    private InvalidOperationException Diverged(int epoch, int batch, double loss, string what)
        => new(string.Create(CultureInfo.InvariantCulture,
            $"Training diverged at epoch {epoch}, mini-batch {batch + 1}: {what} (loss {loss}). Lower the learning rate (now {_o.LearningRate}) or check the scale of the features."));

    // Batches of batchSize; a trailing batch of one row joins the previous one (batch statistics need two rows).
    private static int[] BatchBounds(int n, int batchSize)
    {
        var bounds = new List<int>();
        for (int s = 0; s < n; s += batchSize)
            bounds.Add(s);
        if (bounds.Count > 1 && n - bounds[^1] == 1)
            bounds.RemoveAt(bounds.Count - 1);
        bounds.Add(n);
        return bounds.ToArray();
    }
}
