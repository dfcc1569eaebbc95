using System.Globalization;
namespace Qhml.MLNet.Hybrid;

/// <summary>
/// A trained hybrid model: immutable and thread-safe. Holds the dense network, the frozen interface
/// statistics, the head (circuit parameters and linear readout, or the classical head), the label
/// standardization and the training diagnostics.
/// </summary>
public sealed partial class HybridModel
{
    private const int BatchBlock = 64;
    private readonly double[] _parameters;
    private readonly double[] _first, _second;
    private readonly Memory<float> _firstLayerSingle; // the float weights of a single-precision first layer, else empty
    private HybridPredictionWorkspace? _pooled;

    internal HybridModel(HybridComponents components, double[] parameters, double[] first, double[] second,
        double labelMean, double labelStandardDeviation, HybridTrainingDiagnostics diagnostics, LinearPath? linear = null)
    {
        Components = components;
        _parameters = parameters;
        _first = first;
        _second = second;
        _firstLayerSingle = components.RoundFirstLayerWeights(parameters);
        LabelMean = labelMean;
        LabelStandardDeviation = labelStandardDeviation;
        Diagnostics = diagnostics;
        Linear = linear;
    }

    /// <summary>The same network and head with a linear path added (the hybrid term then predicts its residuals).</summary>
    internal HybridModel WithLinearPath(LinearPath linear)
        => new(Components, _parameters, _first, _second, LabelMean, LabelStandardDeviation, Diagnostics, linear);

    internal HybridComponents Components { get; }
    internal double[] RawParameters => _parameters;
    internal double[] StatisticsFirst => _first;
    internal double[] StatisticsSecond => _second;

    /// <summary>The model's structure.</summary>
    public HybridArchitecture Architecture => Components.Architecture;

    /// <summary>Number of input features.</summary>
    public int FeatureCount => Architecture.FeatureCount;

    /// <summary>Total trainable parameters (network + head).</summary>
    public int ParameterCount => _parameters.Length;

    /// <summary>Weighted mean of the training labels (predictions are <c>LabelMean + LabelStandardDeviation * head output</c>).</summary>
    public double LabelMean { get; }

    /// <summary>Weighted (population) standard deviation of the training labels (1 if they were constant).</summary>
    public double LabelStandardDeviation { get; }

    /// <summary>Training diagnostics: losses per epoch, interface saturation and histogram.</summary>
    public HybridTrainingDiagnostics Diagnostics { get; }

    /// <summary>
    /// The linear (wide) path, or <see langword="null"/> when the model is the hybrid term alone (models trained
    /// without <see cref="HybridOptions.UseLinearPath"/>, and every model saved before format version 4). With it the
    /// prediction is <c>Linear.Bias + Linear.Weights . x + Linear.HybridWeight * (LabelMean + LabelStandardDeviation * head output)</c>,
    /// the label scaling then being that of the linear path's residuals.
    /// </summary>
    public LinearPath? Linear { get; }

    /// <summary>Number of dense layers (hidden layers + the output layer; 0 without hidden layers).</summary>
    public int NetworkLayerCount => Components.Network.LayerCount;

    /// <summary>Weights of dense layer <paramref name="layer"/>: outputs x inputs, row-major.</summary>
    /// <param name="layer">0-based layer, input side first.</param>
    /// <returns>A read-only view.</returns>
    public ReadOnlyMemory<double> GetLayerWeights(int layer)
    {
        var n = Components.Network;
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(layer, n.LayerCount);
        return _parameters.AsMemory(n.WeightOffset(layer), n.LayerInputs(layer) * n.LayerOutputs(layer));
    }

    /// <summary>Biases of dense layer <paramref name="layer"/>.</summary>
    /// <param name="layer">0-based layer, input side first.</param>
    /// <returns>A read-only view.</returns>
    public ReadOnlyMemory<double> GetLayerBiases(int layer)
    {
        var n = Components.Network;
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(layer, n.LayerCount);
        return _parameters.AsMemory(n.BiasOffset(layer), n.LayerOutputs(layer));
    }

    /// <summary>All head parameters: for the quantum head the circuit parameters, then the Q readout weights, then the readout bias; for the classical head W1 (H x Q), b1, w2, b2.</summary>
    public ReadOnlyMemory<double> HeadParameters => _parameters.AsMemory(Components.HeadOffset);

    /// <summary>Trainable circuit parameters (empty for the classical head).</summary>
    public ReadOnlyMemory<double> CircuitParameters => Components.Head is QuantumHead h
        ? _parameters.AsMemory(Components.HeadOffset, h.CircuitParameterCount) : ReadOnlyMemory<double>.Empty;

    /// <summary>Readout weights, one per qubit expectation (empty for the classical head).</summary>
    public ReadOnlyMemory<double> ReadoutWeights => Components.Head is QuantumHead h
        ? _parameters.AsMemory(Components.HeadOffset + h.CircuitParameterCount, Architecture.NumberOfQubits) : ReadOnlyMemory<double>.Empty;

    /// <summary>Readout bias (NaN for the classical head).</summary>
    public double ReadoutBias => Components.Head is QuantumHead ? _parameters[^1] : double.NaN;

    /// <summary>Frozen per-qubit running mean (AdaptiveModeratedTanh; empty otherwise).</summary>
    public ReadOnlyMemory<double> InterfaceMean => Architecture.InterfaceNormalization == InterfaceNormalization.AdaptiveModeratedTanh ? _first : ReadOnlyMemory<double>.Empty;

    /// <summary>Frozen per-qubit running variance (AdaptiveModeratedTanh; empty otherwise).</summary>
    public ReadOnlyMemory<double> InterfaceVariance => Architecture.InterfaceNormalization == InterfaceNormalization.AdaptiveModeratedTanh ? _second : ReadOnlyMemory<double>.Empty;

    /// <summary>Frozen per-qubit minimum of the network outputs on the training set (MinMax; empty otherwise).</summary>
    public ReadOnlyMemory<double> InterfaceMinimum => Architecture.InterfaceNormalization == InterfaceNormalization.MinMax ? _first : ReadOnlyMemory<double>.Empty;

    /// <summary>Frozen per-qubit maximum of the network outputs on the training set (MinMax; empty otherwise).</summary>
    public ReadOnlyMemory<double> InterfaceMaximum => Architecture.InterfaceNormalization == InterfaceNormalization.MinMax ? _second : ReadOnlyMemory<double>.Empty;

    /// <summary>Creates scratch for allocation-free single-row prediction on one thread.</summary>
    /// <returns>A new workspace bound to this model.</returns>
    public HybridPredictionWorkspace CreateWorkspace() => new(this, new InferenceBuffers(Components, 1));

    /// <summary>
    /// Predicts one row. Thread-safe; a workspace is pooled so the hybrid layer allocates nothing per call
    /// (the quantum head's <c>CircuitEvaluator.Forward</c> currently allocates one small job object, 128 B).
    /// A NaN or infinite feature yields NaN.
    /// </summary>
    /// <param name="features">The <see cref="FeatureCount"/> features.</param>
    /// <returns>The prediction on the label scale.</returns>
    public float Predict(ReadOnlySpan<float> features)
    {
        var ws = Interlocked.Exchange(ref _pooled, null) ?? CreateWorkspace();
        float result = Predict(features, ws);
        Interlocked.CompareExchange(ref _pooled, ws, null);
        return result;
    }

    /// <summary>Predicts one row with caller-owned scratch (no allocation in the hybrid layer; see <see cref="Predict(ReadOnlySpan{float})"/>).</summary>
    /// <param name="features">The <see cref="FeatureCount"/> features.</param>
    /// <param name="workspace">From <see cref="CreateWorkspace"/> of this model; not shared across threads.</param>
    /// <returns>The prediction on the label scale.</returns>
    public float Predict(ReadOnlySpan<float> features, HybridPredictionWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (!ReferenceEquals(workspace.Owner, this))
            throw new ArgumentException("The workspace was created by another model.", nameof(workspace));
        CheckLength(features.Length, FeatureCount, nameof(features));
        if (Linear is { HybridWeight: 0 } alone)
            return alone.PredictAlone(features); // the validated weight dropped the hybrid term: skip its network and circuit
        var b = workspace.Buffers;
        Components.Predict(_parameters, _firstLayerSingle.Span, _first, _second, features, 1, b.Outputs, b);
        return Linear is { } linear
            ? linear.Combine(features, LabelMean + LabelStandardDeviation * b.Outputs[0])
            : (float)(LabelMean + LabelStandardDeviation * b.Outputs[0]);
    }

    /// <summary>Predicts many rows (row-major features); rows with a NaN or infinite feature predict NaN.</summary>
    /// <param name="features">rows x <see cref="FeatureCount"/> features.</param>
    /// <param name="predictions">One prediction per row.</param>
    public void PredictBatch(ReadOnlySpan<float> features, Span<float> predictions)
    {
        CheckLength(features.Length, predictions.Length * FeatureCount, nameof(features));
        int f = FeatureCount;
        if (Linear is { HybridWeight: 0 } alone)
        {
            for (int i = 0; i < predictions.Length; i++)
                predictions[i] = alone.PredictAlone(features.Slice(i * f, f));
            return;
        }
        var b = new InferenceBuffers(Components, BatchBlock);
        for (int start = 0; start < predictions.Length; start += BatchBlock)
        {
            int n = Math.Min(BatchBlock, predictions.Length - start);
            Components.Predict(_parameters, _firstLayerSingle.Span, _first, _second, features.Slice(start * f, n * f), n, b.Outputs, b);
            for (int i = 0; i < n; i++)
            {
                predictions[start + i] = Linear is { } linear
                    ? linear.Combine(features.Slice((start + i) * f, f), LabelMean + LabelStandardDeviation * b.Outputs[i])
                    : (float)(LabelMean + LabelStandardDeviation * b.Outputs[i]);
            }
        }
    }

    /// <summary>The interface angles (rows x Q) the model feeds its head, e.g. to plot their distribution (NaN for rows with a non-finite feature).</summary>
    /// <param name="features">rows x <see cref="FeatureCount"/> features.</param>
    /// <param name="angles">rows x Q angles.</param>
    public void ComputeInterfaceAngles(ReadOnlySpan<float> features, Span<double> angles)
    {
        int f = FeatureCount, q = Architecture.NumberOfQubits;
        if (features.Length % f != 0)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Features have {features.Length} values; expected a multiple of {f}."), nameof(features));
        int rows = features.Length / f;
        CheckLength(angles.Length, rows * q, nameof(angles));
        var b = new InferenceBuffers(Components, BatchBlock);
        for (int start = 0; start < rows; start += BatchBlock)
        {
            int n = Math.Min(BatchBlock, rows - start);
            Components.Predict(_parameters, _firstLayerSingle.Span, _first, _second, features.Slice(start * f, n * f), n, b.Outputs, b);
            b.Angles.AsSpan(0, n * q).CopyTo(angles.Slice(start * q));
        }
    }

    private static void CheckLength(int actual, int expected, string name)
    {
        if (actual != expected)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} has {actual} values; expected {expected}."), name);
    }
}
