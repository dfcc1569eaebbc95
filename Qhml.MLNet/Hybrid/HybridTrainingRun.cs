using System.Numerics.Tensors;

namespace Qhml.MLNet.Hybrid;

/// <summary>One training run: epochs of shuffled mini-batches, Adam, early stopping, final statistics and diagnostics.</summary>
internal sealed class TrainingRun
{
    private const int EvaluationBlock = 64;
    private readonly HybridOptions _o;
    private readonly HybridComponents _c;
    private readonly PreparedRows _train;
    private readonly PreparedRows? _valid;
    private readonly int _skippedNaN, _skippedBad;
    private readonly double _labelMean, _labelSd;

    public TrainingRun(HybridOptions options, HybridComponents components, PreparedRows train, PreparedRows? valid, int skippedNaN, int skippedBad)
    {
        _o = options;
        _c = components;
        _train = train;
        _valid = valid;
        _skippedNaN = skippedNaN;
        _skippedBad = skippedBad;
        (_labelMean, _labelSd) = MeanAndSd(train.Labels);
    }

    public HybridModel Run(Action<HybridEpochReport>? callback, CancellationToken ct)
    {
        int n = _train.Count, q = _c.Qubits, f = _c.Architecture.FeatureCount;
        var norm = _c.Normalizer;
        double[] y = Standardize(_train.Labels);
        double[]? yValid = _valid is null ? null : Standardize(_valid.Labels);

        if (_c.Head is QuantumHead quantum)
            quantum.MaxDegreeOfParallelism = _o.MaxDegreeOfParallelism;
        var parameters = new double[_c.ParameterCount];
        var initRng = new Random(_o.Seed);
        _c.Network.Initialize(parameters.AsSpan(0, _c.HeadOffset), initRng);
        _c.Head.Initialize(parameters.AsSpan(_c.HeadOffset), initRng, _o);
        var first = new double[q];
        var second = new double[q];
        norm.InitialStatistics(first, second);

        int batchSize = Math.Min(_o.BatchSize, n);
        int[] bounds = BatchBounds(n, batchSize);
        var core = new HybridTrainingCore(_c, _train.Features, y, _train.Weights, batchSize + 1, _o.Loss, _o.HuberDelta, _o.MaxDegreeOfParallelism);
        var adam = new AdamOptimizer(parameters.Length, _o.LearningRate);
        var gradient = new double[parameters.Length];
        var order = Enumerable.Range(0, n).ToArray();
        var shuffleRng = new Random(unchecked(_o.Seed * 16777619 + 7));
        var buffers = new InferenceBuffers(_c, EvaluationBlock);
        var epochMin = new double[q];
        var epochMax = new double[q];

        var trainLoss = new List<double>();
        var validLoss = new List<double>();
        double bestLoss = double.PositiveInfinity;
        int bestEpoch = 0;
        double[] bestParameters = (double[])parameters.Clone(), bestFirst = (double[])first.Clone(), bestSecond = (double[])second.Clone();

        for (int epoch = 1; epoch <= _o.Epochs; epoch++)
        {
            shuffleRng.Shuffle(order);
            epochMin.AsSpan().Fill(double.PositiveInfinity);
            epochMax.AsSpan().Fill(double.NegativeInfinity);
            double lossSum = 0, weightSum = 0;
            long saturated = 0, angleCount = 0;
            for (int b = 0; b + 1 < bounds.Length; b++)
            {
                ct.ThrowIfCancellationRequested();
                int start = bounds[b], count = bounds[b + 1] - bounds[b];
                double loss = core.LossAndGradient(parameters, order, start, count, gradient);
                if (_o.L2 > 0)
                {
                    _c.Network.AddL2(parameters.AsSpan(0, _c.HeadOffset), _o.L2, gradient.AsSpan(0, _c.HeadOffset));
                    _c.Head.AddL2(parameters.AsSpan(_c.HeadOffset), _o.L2, gradient.AsSpan(_c.HeadOffset));
                }
                if (!double.IsFinite(loss) || !double.IsFinite(TensorPrimitives.Sum<double>(gradient)))
                    throw new InvalidOperationException(
                        $"Training diverged at epoch {epoch}, mini-batch {b + 1}: the loss is {loss} and the gradient is {(double.IsFinite(TensorPrimitives.Sum<double>(gradient)) ? "finite" : "not finite")}. Lower the learning rate (now {_o.LearningRate}) or check the features' scale.");
                adam.Step(parameters, gradient);

                double batchWeight = 0;
                for (int i = start; i < start + count; i++)
                    batchWeight += _train.Weights[order[i]];
                lossSum += loss * batchWeight;
                weightSum += batchWeight;
                foreach (double a in core.Angles)
                    if (norm.IsSaturated(a))
                        saturated++;
                angleCount += core.Angles.Length;

                if (norm.Kind == InterfaceNormalization.AdaptiveModeratedTanh)
                {
                    InterfaceNormalizer.UpdateRunning(first, second, core.BatchFirst, core.BatchSecond, count, _o.BatchNormMomentum);
                }
                else if (norm.Kind == InterfaceNormalization.MinMax)
                {
                    for (int j = 0; j < q; j++)
                    {
                        epochMin[j] = Math.Min(epochMin[j], core.BatchFirst[j]);
                        epochMax[j] = Math.Max(epochMax[j], core.BatchSecond[j]);
                    }
                }
            }
            if (norm.Kind == InterfaceNormalization.MinMax)
            {
                // Between epochs (validation) the observed range of this epoch stands in; the final model
                // gets the exact range of its own outputs over the training set below.
                epochMin.CopyTo(first, 0);
                epochMax.CopyTo(second, 0);
            }
            double epochTrain = weightSum > 0 ? lossSum / weightSum : 0.0;
            double epochValid = double.NaN;
            if (_valid is not null)
            {
                epochValid = Evaluate(parameters, first, second, _valid, yValid!, buffers);
                if (epochValid < bestLoss)
                {
                    bestLoss = epochValid;
                    bestEpoch = epoch;
                    parameters.CopyTo(bestParameters, 0);
                    first.CopyTo(bestFirst, 0);
                    second.CopyTo(bestSecond, 0);
                }
            }
            trainLoss.Add(epochTrain);
            validLoss.Add(epochValid);
            callback?.Invoke(new HybridEpochReport(epoch, epochTrain, epochValid, angleCount == 0 ? 0 : (double)saturated / angleCount));
            if (_valid is not null && epoch - bestEpoch >= _o.EarlyStoppingPatience)
                break;
        }

        if (_valid is not null && bestEpoch > 0)
        {
            parameters = bestParameters;
            first = bestFirst;
            second = bestSecond;
        }
        else
        {
            bestEpoch = trainLoss.Count;
        }

        var angles = new double[n * q];
        if (norm.Kind == InterfaceNormalization.MinMax)
            ExactTrainingRange(parameters, first, second, buffers);
        InterfaceAngles(parameters, first, second, buffers, angles);
        var histogram = InterfaceHistogram.Build(angles, norm);
        var diagnostics = new HybridTrainingDiagnostics(trainLoss.ToArray(), validLoss.ToArray(), bestEpoch, n, _valid?.Count ?? 0,
            _skippedNaN, _skippedBad, histogram);
        return new HybridModel(_c, parameters, first, second, _labelMean, _labelSd, diagnostics);
    }

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

    private double Evaluate(double[] parameters, double[] first, double[] second, PreparedRows rows, double[] y, InferenceBuffers b)
    {
        int f = _c.Architecture.FeatureCount;
        double loss = 0, weight = 0;
        for (int start = 0; start < rows.Count; start += EvaluationBlock)
        {
            int n = Math.Min(EvaluationBlock, rows.Count - start);
            _c.Predict(parameters, first, second, rows.Features.AsSpan(start * f, n * f), n, b.Outputs, b);
            for (int i = 0; i < n; i++)
            {
                double r = b.Outputs[i] - y[start + i], w = rows.Weights[start + i];
                double l = _o.Loss == HybridLoss.Huber && Math.Abs(r) > _o.HuberDelta
                    ? 2 * _o.HuberDelta * Math.Abs(r) - _o.HuberDelta * _o.HuberDelta
                    : r * r;
                loss += w * l;
                weight += w;
            }
        }
        return weight > 0 ? loss / weight : 0.0;
    }

    private void InterfaceAngles(double[] parameters, double[] first, double[] second, InferenceBuffers b, double[] angles)
    {
        int f = _c.Architecture.FeatureCount, q = _c.Qubits;
        for (int start = 0; start < _train.Count; start += EvaluationBlock)
        {
            int n = Math.Min(EvaluationBlock, _train.Count - start);
            _c.Predict(parameters, first, second, _train.Features.AsSpan(start * f, n * f), n, b.Outputs, b);
            b.Angles.AsSpan(0, n * q).CopyTo(angles.AsSpan(start * q));
        }
    }

    // MinMax: freeze the min/max of the final network's outputs over all training rows.
    private void ExactTrainingRange(double[] parameters, double[] min, double[] max, InferenceBuffers b)
    {
        int f = _c.Architecture.FeatureCount, q = _c.Qubits;
        min.AsSpan().Fill(double.PositiveInfinity);
        max.AsSpan().Fill(double.NegativeInfinity);
        var acts = b.Activations;
        for (int i = 0; i < _train.Count; i++)
        {
            ReadOnlySpan<double> x = _train.Features.AsSpan(i * f, f);
            _c.Network.Forward(parameters.AsSpan(0, _c.HeadOffset), x, acts);
            ReadOnlySpan<double> u = _c.Network.Output(x, acts);
            for (int j = 0; j < q; j++)
            {
                min[j] = Math.Min(min[j], u[j]);
                max[j] = Math.Max(max[j], u[j]);
            }
        }
    }

    private double[] Standardize(double[] labels)
    {
        var y = new double[labels.Length];
        for (int i = 0; i < y.Length; i++)
            y[i] = (labels[i] - _labelMean) / _labelSd;
        return y;
    }

    private static (double Mean, double Sd) MeanAndSd(double[] labels)
    {
        double mean = 0;
        foreach (double v in labels)
            mean += v;
        mean /= labels.Length;
        double ss = 0;
        foreach (double v in labels)
            ss += (v - mean) * (v - mean);
        double sd = labels.Length > 1 ? Math.Sqrt(ss / (labels.Length - 1)) : 0.0;
        return (mean, sd > 0 && double.IsFinite(sd) ? sd : 1.0);
    }
}
