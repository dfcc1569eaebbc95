namespace Qhml.MLNet.Hybrid;

/// <summary>
/// The stateless pieces of a hybrid model built from its architecture, and the flat parameter layout
/// <c>[network | head]</c>. Shared by training and inference.
/// </summary>
internal sealed class HybridComponents
{
    private HybridComponents(HybridArchitecture architecture, DenseNetwork network, InterfaceNormalizer normalizer, HeadCore head)
    {
        Architecture = architecture;
        Network = network;
        Normalizer = normalizer;
        Head = head;
    }

    public HybridArchitecture Architecture { get; }
    public DenseNetwork Network { get; }
    public InterfaceNormalizer Normalizer { get; }
    public HeadCore Head { get; }
    public int Qubits => Architecture.NumberOfQubits;
    public int HeadOffset => Network.ParameterCount;
    public int ParameterCount => Network.ParameterCount + Head.ParameterCount;

    public static HybridComponents Create(HybridArchitecture a)
    {
        var network = new DenseNetwork(a.FeatureCount, a.HiddenLayers, a.NumberOfQubits, a.Activation);
        var normalizer = new InterfaceNormalizer(a.InterfaceNormalization, a.NumberOfQubits, a.AngleHalfRange, a.Moderation, a.BatchNormEpsilon);
        HeadCore head = a.Head == HybridHeadKind.Quantum
            ? QuantumHead.Create(a)
            : new ClassicalHead(a.NumberOfQubits, a.ClassicalHeadHiddenUnits);
        return new HybridComponents(a, network, normalizer, head);
    }

    /// <summary>Whether the first dense layer computes in single precision (its float weights from <see cref="RoundFirstLayerWeights"/>).</summary>
    public bool SinglePrecisionFirstLayer => Architecture.SinglePrecisionFirstLayer;

    /// <summary>
    /// The float weights a single-precision first layer computes with (<see cref="DenseNetwork.RoundFirstLayerWeights"/>'s
    /// padded rows), rounded from <paramref name="parameters"/> into <paramref name="reuse"/> (when given) or a new
    /// cache-line aligned buffer; empty when that layer is double (it reads the parameters).
    /// </summary>
    public Memory<float> RoundFirstLayerWeights(ReadOnlySpan<double> parameters, Memory<float>? reuse = null)
    {
        if (!SinglePrecisionFirstLayer)
            return Memory<float>.Empty;
        Memory<float> single = reuse ?? AlignedMemory.AllocateSingle(Network.SingleFirstLayerLength);
        Network.RoundFirstLayerWeights(parameters, single.Span);
        return single;
    }

    /// <summary>
    /// Network outputs of <paramref name="n"/> rows of features (n x F) into <c>buffers.NetworkOutputs</c> (n x Q), and
    /// <c>buffers.Invalid[i]</c> set when row i has a NaN or infinite feature. The first layer runs in float from
    /// <paramref name="firstWeights"/> when it is single precision, else in double from the widened features.
    /// </summary>
    public void NetworkForward(ReadOnlySpan<double> parameters, ReadOnlySpan<float> firstWeights, ReadOnlySpan<float> features, int n, InferenceBuffers buffers)
    {
        int f = Architecture.FeatureCount, q = Qubits, act = Network.ActivationBufferSize;
        ReadOnlySpan<double> netParams = parameters.Slice(0, Network.ParameterCount);
        features = features.Slice(0, n * f);
        Span<double> acts = buffers.Activations.AsSpan(0, n * act);
        ReadOnlySpan<int> rows = buffers.RowIndex.AsSpan(0, n);
        // Rows in blocks of four share each pass over the first layer's weights; the sums match single-row scoring bit for bit.
        Span<double> wide = default;
        if (SinglePrecisionFirstLayer)
        {
            Network.ForwardRows(netParams, firstWeights, features, rows, acts);
        }
        else
        {
            wide = buffers.Features.AsSpan(0, n * f);
            SpanMath.Widen(features, wide);
            Network.ForwardRows(netParams, wide, rows, acts);
        }
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> x = features.Slice(i * f, f);
            // Only a network without layers reads its input here, and that network is always double.
            ReadOnlySpan<double> input = wide.IsEmpty ? default : wide.Slice(i * f, f);
            Network.Output(input, acts.Slice(i * act, act)).CopyTo(buffers.NetworkOutputs.AsSpan(i * q, q));
            buffers.Invalid[i] = !SpanMath.AllFinite(x);
        }
    }

    /// <summary>
    /// Inference over <paramref name="n"/> rows of features (n x F): standardized predictions into
    /// <paramref name="outputs"/>, angles (n x Q) left in <paramref name="buffers"/>. A row with a non-finite
    /// feature (or, from extreme inputs, a non-finite angle) predicts NaN; its angles are set to NaN and the head
    /// sees zeros instead.
    /// </summary>
    public void Predict(ReadOnlySpan<double> parameters, ReadOnlySpan<float> firstWeights, ReadOnlySpan<double> first, ReadOnlySpan<double> second,
        ReadOnlySpan<float> features, int n, Span<double> outputs, InferenceBuffers buffers)
    {
        int q = Qubits;
        Span<bool> invalid = buffers.Invalid.AsSpan(0, n);
        bool anyInvalid = false;
        NetworkForward(parameters, firstWeights, features, n, buffers);
        Normalizer.ForwardInference(buffers.NetworkOutputs, n, first, second, buffers.Angles);
        for (int i = 0; i < n; i++)
        {
            Span<double> angles = buffers.Angles.AsSpan(i * q, q);
            if (invalid[i] || !SpanMath.AllFinite(angles))
            {
                invalid[i] = anyInvalid = true;
                angles.Clear();
            }
        }
        Head.Forward(parameters.Slice(HeadOffset), buffers.Angles, n, outputs, buffers.HeadScratch);
        if (anyInvalid)
            for (int i = 0; i < n; i++)
                if (invalid[i])
                {
                    outputs[i] = double.NaN;
                    buffers.Angles.AsSpan(i * q, q).Fill(double.NaN);
                }
    }
}
