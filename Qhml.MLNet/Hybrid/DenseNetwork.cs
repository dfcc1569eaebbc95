using System.Globalization;
using System.Numerics;
using System.Numerics.Tensors;

namespace Qhml.MLNet.Hybrid;

/// <summary>
/// The dense network features -&gt; hidden layers (activation) -&gt; Q linear outputs, over a flat parameter
/// span: per layer the weights (outputs x inputs, row-major) then the biases. Stateless, so one instance
/// serves all threads; callers supply parameter, activation and scratch spans.
/// </summary>
internal sealed class DenseNetwork
{
    private readonly int[] _sizes;        // input, hidden..., output
    private readonly int[] _weightOffset; // per layer
    private readonly int[] _actOffset;    // per layer, into the pre/post activation buffer

    public DenseNetwork(int inputCount, IReadOnlyList<int> hidden, int outputCount, HybridActivation activation)
    {
        Activation = activation;
        if (hidden.Count == 0)
        {
            if (inputCount != outputCount)
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"With no hidden layers the features are encoded directly, so their count ({inputCount}) must equal the qubit count ({outputCount})."),
                    nameof(hidden));
            _sizes = [inputCount];
        }
        else
        {
            _sizes = [inputCount, .. hidden, outputCount];
        }
        int layers = _sizes.Length - 1;
        _weightOffset = new int[layers];
        _actOffset = new int[layers];
        int p = 0, a = 0, widest = inputCount;
        for (int l = 0; l < layers; l++)
        {
            _weightOffset[l] = p;
            p += _sizes[l + 1] * _sizes[l] + _sizes[l + 1];
            _actOffset[l] = a;
            a += _sizes[l + 1];
            widest = Math.Max(widest, _sizes[l + 1]);
        }
        ParameterCount = p;
        ActivationBufferSize = 2 * a;
        ScratchSize = 2 * widest;
    }

    public HybridActivation Activation { get; }
    public int InputCount => _sizes[0];
    public int OutputCount => _sizes[^1];
    public int LayerCount => _sizes.Length - 1;
    public int ParameterCount { get; }
    /// <summary>Doubles per row holding pre- and post-activations of every layer.</summary>
    public int ActivationBufferSize { get; }
    /// <summary>Doubles of per-row scratch of the backward pass (two of the widest layer).</summary>
    public int ScratchSize { get; }

    public int LayerInputs(int layer) => _sizes[layer];
    public int LayerOutputs(int layer) => _sizes[layer + 1];
    public int WeightOffset(int layer) => _weightOffset[layer];
    public int BiasOffset(int layer) => _weightOffset[layer] + _sizes[layer + 1] * _sizes[layer];

    /// <summary>He (ReLU/GELU) or Xavier (tanh, last layer) uniform weights, zero biases.</summary>
    public void Initialize(Span<double> parameters, Random rng)
    {
        for (int l = 0; l < LayerCount; l++)
        {
            int fanIn = _sizes[l];
            bool last = l == LayerCount - 1;
            double variance = (!last && Activation != HybridActivation.Tanh ? 2.0 : 1.0) / fanIn;
            double half = Math.Sqrt(3.0 * variance);
            Span<double> w = parameters.Slice(_weightOffset[l], _sizes[l + 1] * fanIn);
            for (int i = 0; i < w.Length; i++)
                w[i] = (2.0 * rng.NextDouble() - 1.0) * half;
            parameters.Slice(BiasOffset(l), _sizes[l + 1]).Clear();
        }
    }

    /// <summary>Adds <c>l2 * w</c> to the gradient of every weight (not the biases).</summary>
    public void AddL2(ReadOnlySpan<double> parameters, double l2, Span<double> gradient)
    {
        for (int l = 0; l < LayerCount; l++)
        {
            int o = _weightOffset[l], n = _sizes[l + 1] * _sizes[l];
            TensorPrimitives.MultiplyAdd(parameters.Slice(o, n), l2, gradient.Slice(o, n), gradient.Slice(o, n));
        }
    }

    /// <summary>The Q outputs stored by <c>Forward</c>/<c>ForwardRows</c> in <paramref name="activations"/> (or the input itself when there are no layers).</summary>
    public ReadOnlySpan<double> Output(ReadOnlySpan<double> input, ReadOnlySpan<double> activations)
        => LayerCount == 0 ? input : activations.Slice(ActivationBufferSize / 2 + _actOffset[^1], OutputCount);

    /// <summary>Parameters of the first layer (weights and biases); the upper layers' parameters follow them.</summary>
    public int FirstLayerParameterCount => LayerCount == 0 ? 0 : _sizes[1] * _sizes[0] + _sizes[1];

    /// <summary>Width of the first layer (the per-row length of the deltas of <see cref="BackwardUpperRows"/>).</summary>
    public int FirstLayerOutputs => LayerCount == 0 ? 0 : _sizes[1];

    /// <summary>
    /// The first layer's weights rounded to float, the copy a single-precision first layer computes with: row o at
    /// <c>o * <see cref="SingleFirstLayerStride"/></c>, the padding after each row zero
    /// (<see cref="SingleFirstLayerLength"/> values in all).
    /// </summary>
    public void RoundFirstLayerWeights(ReadOnlySpan<double> parameters, Span<float> firstWeights)
    {
        if (LayerCount == 0)
            return;
        int nIn = _sizes[0], stride = SingleFirstLayerStride;
        if (firstWeights.Length != SingleFirstLayerLength)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The float weights have {firstWeights.Length} values; expected {SingleFirstLayerLength}."), nameof(firstWeights));
        ReadOnlySpan<double> w = FirstLayerWeights(parameters);
        for (int o = 0; o < _sizes[1]; o++)
        {
            SpanMath.Narrow(w.Slice(o * nIn, nIn), firstWeights.Slice(o * stride, nIn));
            firstWeights.Slice((o * stride) + nIn, stride - nIn).Clear();
        }
    }

    /// <summary>
    /// Distance between weight rows in the float copy: the input count rounded up to 16 floats (64 bytes), so that in
    /// a 64-byte aligned copy every row starts on a cache line and no vector load straddles two.
    /// </summary>
    public int SingleFirstLayerStride => LayerCount == 0 ? 0 : (_sizes[0] + 15) / 16 * 16;

    /// <summary>Floats in the padded float copy of the first layer's weights (0 without hidden layers).</summary>
    public int SingleFirstLayerLength => LayerCount == 0 ? 0 : _sizes[1] * SingleFirstLayerStride;

    /// <summary>Floats in the first layer's weight matrix (0 without hidden layers).</summary>
    public int FirstLayerWeightCount => LayerCount == 0 ? 0 : _sizes[1] * _sizes[0];

    private ReadOnlySpan<double> FirstLayerWeights(ReadOnlySpan<double> parameters) => parameters.Slice(0, FirstLayerWeightCount);

    // First-layer pre-activations of one row (the rows after the last full block of four, or a lone scored row), eight
    // weight rows per pass over the input: the same sums as the four-row kernel. Spans checked by ForwardRows.
    private void FirstLayerOneRow<T>(ReadOnlySpan<double> parameters, ReadOnlySpan<T> w, int stride, ReadOnlySpan<T> x, Span<double> pre)
        where T : unmanaged, INumber<T>
    {
        int nIn = _sizes[0], nOut = _sizes[1];
        ReadOnlySpan<double> b = parameters.Slice(BiasOffset(0), nOut);
        Span<T> s = stackalloc T[8];
        int o = 0;
        for (; o + 8 <= nOut; o += 8)
        {
            DenseKernels.DotOutputs8(w.Slice(o * stride, (7 * stride) + nIn), stride, x, s);
            for (int k = 0; k < 8; k++)
                pre[o + k] = double.CreateTruncating(s[k]) + b[o + k];
        }
        for (; o < nOut; o++)
            pre[o] = double.CreateTruncating(DenseKernels.Dot(w.Slice(o * stride, nIn), x)) + b[o];
    }

    /// <summary>
    /// Forward pass of the rows <c>features[rowIndex[r] * F ..]</c> into consecutive activation blocks, filling
    /// pre-activations (first half of each block) and post-activations (second half); the wide first layer is computed
    /// four rows per pass over the weights, the remaining rows one at a time, with the same sums either way: a row's
    /// activations do not depend on which rows it is computed with.
    /// </summary>
    public void ForwardRows(ReadOnlySpan<double> parameters, ReadOnlySpan<double> features, ReadOnlySpan<int> rowIndex, Span<double> activations)
        => ForwardRows(parameters, FirstLayerWeights(parameters), LayerCount == 0 ? 0 : _sizes[0], features, rowIndex, activations);

    /// <summary>
    /// <see cref="ForwardRows(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{int}, Span{double})"/> with a
    /// single-precision first layer: its products and sums in float from <paramref name="firstWeights"/> (the padded
    /// copy of <see cref="RoundFirstLayerWeights"/>) and the float features; the bias, activations and upper layers in double.
    /// </summary>
    public void ForwardRows(ReadOnlySpan<double> parameters, ReadOnlySpan<float> firstWeights, ReadOnlySpan<float> features,
        ReadOnlySpan<int> rowIndex, Span<double> activations)
        => ForwardRows<float>(parameters, firstWeights, SingleFirstLayerStride, features, rowIndex, activations);

    private void ForwardRows<T>(ReadOnlySpan<double> parameters, ReadOnlySpan<T> w, int stride, ReadOnlySpan<T> features, ReadOnlySpan<int> rowIndex,
        Span<double> activations)
        where T : unmanaged, INumber<T>
    {
        if (LayerCount == 0)
            return;
        int nIn = _sizes[0], nOut = _sizes[1], count = rowIndex.Length, act = ActivationBufferSize;
        CheckFirstLayer(w.Length, nOut * stride, features.Length);
        ReadOnlySpan<double> b = parameters.Slice(BiasOffset(0), nOut);
        Span<T> sums = stackalloc T[8];
        int r = 0;
        for (; r + 4 <= count; r += 4)
        {
            ReadOnlySpan<T> x0 = features.Slice(rowIndex[r] * nIn, nIn), x1 = features.Slice(rowIndex[r + 1] * nIn, nIn);
            ReadOnlySpan<T> x2 = features.Slice(rowIndex[r + 2] * nIn, nIn), x3 = features.Slice(rowIndex[r + 3] * nIn, nIn);
            int o = 0;
            for (; o + 2 <= nOut; o += 2)
            {
                DenseKernels.DotRows4Outputs2(w.Slice(o * stride, stride + nIn), stride, x0, x1, x2, x3, sums);
                for (int k = 0; k < 4; k++)
                {
                    activations[(r + k) * act + o] = double.CreateTruncating(sums[2 * k]) + b[o];
                    activations[(r + k) * act + o + 1] = double.CreateTruncating(sums[2 * k + 1]) + b[o + 1];
                }
            }
            if (o < nOut)
            {
                ReadOnlySpan<T> wo = w.Slice(o * stride, nIn);
                activations[r * act + o] = double.CreateTruncating(DenseKernels.Dot(wo, x0)) + b[o];
                activations[(r + 1) * act + o] = double.CreateTruncating(DenseKernels.Dot(wo, x1)) + b[o];
                activations[(r + 2) * act + o] = double.CreateTruncating(DenseKernels.Dot(wo, x2)) + b[o];
                activations[(r + 3) * act + o] = double.CreateTruncating(DenseKernels.Dot(wo, x3)) + b[o];
            }
        }
        for (; r < count; r++)
            FirstLayerOneRow(parameters, w, stride, features.Slice(rowIndex[r] * nIn, nIn), activations.Slice(r * act, act));
        for (r = 0; r < count; r++)
            ForwardRest(parameters, activations.Slice(r * act, act));
    }

    // The spans' lengths are checked once here rather than discovered as a wrong slice deep inside a kernel.
    private void CheckFirstLayer(int weights, int expectedWeights, int features)
    {
        if (weights != expectedWeights)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The first layer's weights have {weights} values; expected {expectedWeights}."), nameof(weights));
        if (features % _sizes[0] != 0)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The features have {features} values; expected a multiple of {_sizes[0]}."), nameof(features));
    }

    // Given the first layer's pre-activations, finishes the row: activations and the remaining layers.
    private void ForwardRest(ReadOnlySpan<double> parameters, Span<double> activations)
    {
        int half = ActivationBufferSize / 2;
        for (int l = 0; l < LayerCount; l++)
        {
            int nIn = _sizes[l], nOut = _sizes[l + 1];
            Span<double> pre = activations.Slice(_actOffset[l], nOut);
            Span<double> post = activations.Slice(half + _actOffset[l], nOut);
            if (l > 0)
            {
                ReadOnlySpan<double> x = activations.Slice(half + _actOffset[l - 1], nIn);
                ReadOnlySpan<double> w = parameters.Slice(_weightOffset[l], nOut * nIn);
                ReadOnlySpan<double> b = parameters.Slice(BiasOffset(l), nOut);
                for (int o = 0; o < nOut; o++)
                    pre[o] = TensorPrimitives.Dot(w.Slice(o * nIn, nIn), x) + b[o];
            }
            if (l == LayerCount - 1)
                pre.CopyTo(post);
            else
                Activations.Forward(Activation, pre, post);
        }
    }

    /// <summary>
    /// Backward pass through layers L-1 .. 1 of the rows of <c>ForwardRows</c>, rows in order: accumulates
    /// those layers' gradients into <paramref name="upperGradient"/> (the gradient of the parameters from
    /// <see cref="FirstLayerParameterCount"/> on, so its index 0 is the second layer's first weight) and writes
    /// dLoss/d(first-layer pre-activation) per row into <paramref name="firstDeltas"/> (rows x
    /// <see cref="FirstLayerOutputs"/>) for <see cref="FirstLayerGradient"/>.
    /// </summary>
    public void BackwardUpperRows(ReadOnlySpan<double> parameters, ReadOnlySpan<double> activations, ReadOnlySpan<double> outputGradients,
        int count, Span<double> upperGradient, Span<double> scratch, Span<double> firstDeltas)
    {
        if (LayerCount == 0)
            return;
        int act = ActivationBufferSize, q = OutputCount, nOut = _sizes[1];
        for (int r = 0; r < count; r++)
            BackwardUpper(parameters, activations.Slice(r * act, act), outputGradients.Slice(r * q, q), upperGradient,
                scratch.Slice(0, ScratchSize), firstDeltas.Slice(r * nOut, nOut));
    }

    /// <summary>
    /// Overwrites the first layer's gradient rows <c>[firstOutput, endOutput)</c> with sum over rows (in order)
    /// of delta x input, four rows per pass; with <paramref name="firstOutput"/> = 0 also the bias gradient.
    /// Each weight row's sum is independent of how the outputs are split between threads.
    /// </summary>
    public void FirstLayerGradient(ReadOnlySpan<double> features, ReadOnlySpan<int> rowIndex, ReadOnlySpan<double> firstDeltas,
        int firstOutput, int endOutput, Span<double> gradient)
    {
        if (LayerCount == 0)
            return;
        int count = rowIndex.Length, nIn = _sizes[0], nOut = _sizes[1];
        if (firstOutput == 0)
        {
            Span<double> gb = gradient.Slice(BiasOffset(0), nOut);
            gb.Clear();
            for (int r = 0; r < count; r++)
                TensorPrimitives.Add(gb, firstDeltas.Slice(r * nOut, nOut), gb);
        }
        int pairEnd = firstOutput + (endOutput - firstOutput) / 2 * 2;
        for (int o = firstOutput; o < pairEnd; o += 2)
        {
            // Two weight rows per pass share the loads of the inputs; each element's sum is as in the single-row loop below.
            Span<double> gw = gradient.Slice(o * nIn, 2 * nIn);
            gw.Clear();
            int k = 0;
            for (; k + 4 <= count; k += 4)
                DenseKernels.Axpy4Outputs2(gw, firstDeltas.Slice(k * nOut + o), nOut, features.Slice(rowIndex[k] * nIn, nIn),
                    features.Slice(rowIndex[k + 1] * nIn, nIn), features.Slice(rowIndex[k + 2] * nIn, nIn), features.Slice(rowIndex[k + 3] * nIn, nIn));
            for (; k < count; k++)
                for (int j = 0; j < 2; j++)
                {
                    double d = firstDeltas[k * nOut + o + j];
                    if (d != 0)
                        TensorPrimitives.MultiplyAdd(features.Slice(rowIndex[k] * nIn, nIn), d, gw.Slice(j * nIn, nIn), gw.Slice(j * nIn, nIn));
                }
        }
        for (int o = pairEnd; o < endOutput; o++)
        {
            Span<double> gw = gradient.Slice(o * nIn, nIn);
            gw.Clear();
            int k = 0;
            for (; k + 4 <= count; k += 4)
                DenseKernels.Axpy4(gw, firstDeltas[k * nOut + o], features.Slice(rowIndex[k] * nIn, nIn),
                    firstDeltas[(k + 1) * nOut + o], features.Slice(rowIndex[k + 1] * nIn, nIn),
                    firstDeltas[(k + 2) * nOut + o], features.Slice(rowIndex[k + 2] * nIn, nIn),
                    firstDeltas[(k + 3) * nOut + o], features.Slice(rowIndex[k + 3] * nIn, nIn));
            for (; k < count; k++)
            {
                double d = firstDeltas[k * nOut + o];
                if (d != 0)
                    TensorPrimitives.MultiplyAdd(features.Slice(rowIndex[k] * nIn, nIn), d, gw, gw);
            }
        }
    }

    // Layers L-1 .. 1 of one row: accumulates their gradients and leaves dLoss/d(first layer pre-activation).
    private void BackwardUpper(ReadOnlySpan<double> parameters, ReadOnlySpan<double> activations, ReadOnlySpan<double> outputGradient,
        Span<double> upperGradient, Span<double> scratch, Span<double> firstDelta)
    {
        int half = ActivationBufferSize / 2;
        int widest = ScratchSize / 2;
        Span<double> delta = scratch.Slice(0, widest);
        Span<double> next = scratch.Slice(widest, widest);
        outputGradient.CopyTo(delta);
        for (int l = LayerCount - 1; l >= 1; l--)
        {
            int nIn = _sizes[l], nOut = _sizes[l + 1];
            ReadOnlySpan<double> x = activations.Slice(half + _actOffset[l - 1], nIn);
            ReadOnlySpan<double> w = parameters.Slice(_weightOffset[l], nOut * nIn);
            int first = FirstLayerParameterCount;
            Span<double> gw = upperGradient.Slice(_weightOffset[l] - first, nOut * nIn);
            Span<double> gb = upperGradient.Slice(BiasOffset(l) - first, nOut);
            Span<double> d = delta.Slice(0, nOut);
            TensorPrimitives.Add(gb, d, gb);
            Span<double> dIn = next.Slice(0, nIn);
            dIn.Clear();
            for (int o = 0; o < nOut; o++)
            {
                double g = d[o];
                if (g == 0)
                    continue;
                TensorPrimitives.MultiplyAdd(x, g, gw.Slice(o * nIn, nIn), gw.Slice(o * nIn, nIn));
                TensorPrimitives.MultiplyAdd(w.Slice(o * nIn, nIn), g, dIn, dIn);
            }
            Activations.MultiplyByDerivative(Activation,
                activations.Slice(_actOffset[l - 1], nIn), activations.Slice(half + _actOffset[l - 1], nIn), dIn);
            Span<double> swap = delta;
            delta = next;
            next = swap;
        }
        delta.Slice(0, _sizes[1]).CopyTo(firstDelta);
    }
}
