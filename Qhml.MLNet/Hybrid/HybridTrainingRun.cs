using System.Globalization;
namespace Qhml.MLNet.Hybrid;

/// <summary>One training run: epochs of shuffled mini-batches, Adam, early stopping, final statistics and diagnostics.</summary>
internal sealed class HybridTrainingRun
{
    private const int EvaluationBlock = 64;
    private readonly HybridOptions _o;
    private readonly HybridComponents _c;
    private readonly PreparedRows _train;
    private readonly PreparedRows? _valid;
    private readonly int _skippedNaN, _skippedBad;
    private readonly double _labelMean, _labelSd;
    private readonly Memory<float> _firstWeights; // the first layer's float weights (single precision), reused by every evaluation
    private readonly float[] _block; // an evaluation block's rows when they are not consecutive in the shared features

    public HybridTrainingRun(HybridOptions options, HybridComponents components, PreparedRows train, PreparedRows? valid, int skippedNaN, int skippedBad)
    {
        _o = options;
        _c = components;
        _train = train;
        _valid = valid;
        _skippedNaN = skippedNaN;
        _skippedBad = skippedBad;
        (_labelMean, _labelSd) = MeanAndSd(train.Labels, train.Weights);
        _block = new float[EvaluationBlock * components.Architecture.FeatureCount];
        _firstWeights = AlignedMemory.AllocateSingle(components.SinglePrecisionFirstLayer ? components.Network.SingleFirstLayerLength : 0);
    }

    public HybridModel Run(Action<HybridEpochReport>? callback, CancellationToken ct)
    {
        int n = _train.Count, q = _c.Qubits;
        var norm = _c.Normalizer;
        double[]? yValid = _valid is null ? null : Standardize(_valid.Labels);
        double[] yTrain = Standardize(_train.Labels);
        var loop = new HybridEpochLoop(_o, _c, _train, yTrain);
        var buffers = new InferenceBuffers(_c, EvaluationBlock);

        var trainLoss = new List<double>();
        var validLoss = new List<double>();
        double bestLoss = double.PositiveInfinity;
        int bestEpoch = 0;
        double[] bestParameters = (double[])loop.Parameters.Clone(), bestFirst = (double[])loop.First.Clone(), bestSecond = (double[])loop.Second.Clone();
        // Losses of the initialized model: the start against which divergence is judged.
        double initialTrain = Evaluate(loop.Parameters, loop.First, loop.Second, _train, yTrain, buffers);
        double initialValid = _valid is null ? double.NaN : Evaluate(loop.Parameters, loop.First, loop.Second, _valid, yValid!, buffers);

        for (int epoch = 1; epoch <= _o.NumberOfEpochs; epoch++)
        {
            var (epochTrain, saturation) = loop.TrainEpoch(epoch, ct);
            double epochValid = double.NaN;
            if (_valid is not null)
            {
                epochValid = Evaluate(loop.Parameters, loop.First, loop.Second, _valid, yValid!, buffers);
                if (epochValid < bestLoss)
                {
                    bestLoss = epochValid;
                    bestEpoch = epoch;
                    loop.Parameters.CopyTo(bestParameters, 0);
                    loop.First.CopyTo(bestFirst, 0);
                    loop.Second.CopyTo(bestSecond, 0);
                }
            }
            trainLoss.Add(epochTrain);
            validLoss.Add(epochValid);
            callback?.Invoke(new HybridEpochReport(epoch, epochTrain, epochValid, saturation));
            if (_valid is not null && epoch - bestEpoch >= _o.EarlyStoppingPatience)
                break;
        }

        double[] parameters, first, second;
        if (_valid is not null && bestEpoch > 0)
        {
            (parameters, first, second) = (bestParameters, bestFirst, bestSecond);
        }
        else
        {
            (parameters, first, second) = ((double[])loop.Parameters.Clone(), (double[])loop.First.Clone(), (double[])loop.Second.Clone());
            bestEpoch = trainLoss.Count;
        }

        var angles = new double[n * q];
        if (norm.Kind == InterfaceNormalization.MinMax)
            ExactTrainingRange(parameters, first, second, buffers);
        InterfaceAngles(parameters, first, second, buffers, angles);
        var histogram = InterfaceHistogram.Build(angles, norm);
        var diagnostics = new HybridTrainingDiagnostics(initialTrain, initialValid, trainLoss.ToArray(), validLoss.ToArray(), bestEpoch, n, _valid?.Count ?? 0,
            _skippedNaN, _skippedBad, histogram);
        diagnostics.PredictionSpread = PredictionSpread(parameters, first, second, buffers);
        if (_o.ThrowOnDegenerateModel && diagnostics.Degeneracy != HybridDegeneracy.None)
            throw new InvalidOperationException(HybridDegeneracyRules.Describe(diagnostics, _o.LearningRate) + " (ThrowOnDegenerateModel is set.)");
        return new HybridModel(_c, parameters, first, second, _labelMean, _labelSd, diagnostics);
    }

    // SD of the standardized predictions (so a fraction of the label SD) on the first rows of the training set.
    private double PredictionSpread(double[] parameters, double[] first, double[] second, InferenceBuffers b)
    {
        int rows = Math.Min(_train.Count, 4096);
        ReadOnlySpan<float> firstWeights = _c.RoundFirstLayerWeights(parameters, _firstWeights).Span;
        double sum = 0, sumSquares = 0;
        int count = 0;
        for (int start = 0; start < rows; start += EvaluationBlock)
        {
            int n = Math.Min(EvaluationBlock, rows - start);
            _c.Predict(parameters, firstWeights, first, second, _train.Block(start, n, _block), n, b.Outputs, b);
            foreach (double o in b.Outputs.AsSpan(0, n))
                if (double.IsFinite(o))
                {
                    sum += o;
                    sumSquares += o * o;
                    count++;
                }
        }
        if (count == 0)
            return 0;
        double mean = sum / count;
        return Math.Sqrt(Math.Max(0, sumSquares / count - mean * mean));
    }

    private double Evaluate(double[] parameters, double[] first, double[] second, PreparedRows rows, double[] y, InferenceBuffers b)
    {
        ReadOnlySpan<float> firstWeights = _c.RoundFirstLayerWeights(parameters, _firstWeights).Span;
        double loss = 0, weight = 0;
        for (int start = 0; start < rows.Count; start += EvaluationBlock)
        {
            int n = Math.Min(EvaluationBlock, rows.Count - start);
            _c.Predict(parameters, firstWeights, first, second, rows.Block(start, n, _block), n, b.Outputs, b);
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
        int q = _c.Qubits;
        ReadOnlySpan<float> firstWeights = _c.RoundFirstLayerWeights(parameters, _firstWeights).Span;
        for (int start = 0; start < _train.Count; start += EvaluationBlock)
        {
            int n = Math.Min(EvaluationBlock, _train.Count - start);
            _c.Predict(parameters, firstWeights, first, second, _train.Block(start, n, _block), n, b.Outputs, b);
            b.Angles.AsSpan(0, n * q).CopyTo(angles.AsSpan(start * q));
        }
    }

    // MinMax: freeze the min/max of the final network's outputs over all training rows.
    private void ExactTrainingRange(double[] parameters, double[] min, double[] max, InferenceBuffers b)
    {
        int q = _c.Qubits;
        min.AsSpan().Fill(double.PositiveInfinity);
        max.AsSpan().Fill(double.NegativeInfinity);
        ReadOnlySpan<float> firstWeights = _c.RoundFirstLayerWeights(parameters, _firstWeights).Span;
        for (int start = 0; start < _train.Count; start += EvaluationBlock)
        {
            int n = Math.Min(EvaluationBlock, _train.Count - start);
            _c.NetworkForward(parameters, firstWeights, _train.Block(start, n, _block), n, b);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < q; j++)
                {
                    double u = b.NetworkOutputs[i * q + j];
                    min[j] = Math.Min(min[j], u);
                    max[j] = Math.Max(max[j], u);
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

    // Weighted, so rows with weight 0 do not shift the label scaling either.
    private static (double Mean, double Sd) MeanAndSd(double[] labels, double[] weights)
    {
        double total = 0, mean = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            total += weights[i];
            mean += weights[i] * labels[i];
        }
        mean /= total;      // total > 0: HybridTrainer.Fit rejects a training set whose weights are all 0
        double ss = 0;
        for (int i = 0; i < labels.Length; i++)
            ss += weights[i] * (labels[i] - mean) * (labels[i] - mean);
        double sd = Math.Sqrt(ss / total);
        return (mean, sd > 0 && double.IsFinite(sd) ? sd : 1.0);
    }
}
