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
                    $"With no hidden layers the features are encoded directly, so their count ({inputCount}) must equal the qubit count ({outputCount}).",
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
    /// <summary>Doubles of scratch needed by <see cref="Backward"/>.</summary>
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

    /// <summary>The Q outputs stored by <see cref="Forward"/> in <paramref name="activations"/> (or the input itself when there are no layers).</summary>
    public ReadOnlySpan<double> Output(ReadOnlySpan<double> input, ReadOnlySpan<double> activations)
        => LayerCount == 0 ? input : activations.Slice(ActivationBufferSize / 2 + _actOffset[^1], OutputCount);

    /// <summary>Forward pass of one row; fills pre-activations (first half) and post-activations (second half).</summary>
    public void Forward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, Span<double> activations)
    {
        int half = ActivationBufferSize / 2;
        ReadOnlySpan<double> x = input;
        for (int l = 0; l < LayerCount; l++)
        {
            int nIn = _sizes[l], nOut = _sizes[l + 1];
            ReadOnlySpan<double> w = parameters.Slice(_weightOffset[l], nOut * nIn);
            ReadOnlySpan<double> b = parameters.Slice(BiasOffset(l), nOut);
            Span<double> pre = activations.Slice(_actOffset[l], nOut);
            Span<double> post = activations.Slice(half + _actOffset[l], nOut);
            for (int o = 0; o < nOut; o++)
                pre[o] = TensorPrimitives.Dot(w.Slice(o * nIn, nIn), x) + b[o];
            if (l == LayerCount - 1)
                pre.CopyTo(post);
            else
                Activations.Forward(Activation, pre, post);
            x = post;
        }
    }

    /// <summary>
    /// Backward pass of one row: accumulates into <paramref name="gradient"/> the parameter gradient for
    /// output gradient <paramref name="outputGradient"/> (the gradient wrt the input is not needed).
    /// </summary>
    public void Backward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> input, ReadOnlySpan<double> activations,
        ReadOnlySpan<double> outputGradient, Span<double> gradient, Span<double> scratch)
    {
        if (LayerCount == 0)
            return;
        int half = ActivationBufferSize / 2;
        int widest = ScratchSize / 2;
        Span<double> delta = scratch.Slice(0, widest);
        Span<double> next = scratch.Slice(widest, widest);
        outputGradient.CopyTo(delta);
        for (int l = LayerCount - 1; l >= 0; l--)
        {
            int nIn = _sizes[l], nOut = _sizes[l + 1];
            ReadOnlySpan<double> x = l == 0 ? input : activations.Slice(half + _actOffset[l - 1], nIn);
            ReadOnlySpan<double> w = parameters.Slice(_weightOffset[l], nOut * nIn);
            Span<double> gw = gradient.Slice(_weightOffset[l], nOut * nIn);
            Span<double> gb = gradient.Slice(BiasOffset(l), nOut);
            Span<double> d = delta.Slice(0, nOut);
            TensorPrimitives.Add(gb, d, gb);
            for (int o = 0; o < nOut; o++)
            {
                double g = d[o];
                if (g != 0)
                    TensorPrimitives.MultiplyAdd(x, g, gw.Slice(o * nIn, nIn), gw.Slice(o * nIn, nIn));
            }
            if (l == 0)
                break;
            Span<double> dIn = next.Slice(0, nIn);
            dIn.Clear();
            for (int o = 0; o < nOut; o++)
            {
                double g = d[o];
                if (g != 0)
                    TensorPrimitives.MultiplyAdd(w.Slice(o * nIn, nIn), g, dIn, dIn);
            }
            Activations.MultiplyByDerivative(Activation,
                activations.Slice(_actOffset[l - 1], nIn), activations.Slice(half + _actOffset[l - 1], nIn), dIn);
            Span<double> swap = delta;
            delta = next;
            next = swap;
        }
    }
}
