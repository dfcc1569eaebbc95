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
    public int Qubits => Architecture.QubitCount;
    public int HeadOffset => Network.ParameterCount;
    public int ParameterCount => Network.ParameterCount + Head.ParameterCount;

    public static HybridComponents Create(HybridArchitecture a)
    {
        var network = new DenseNetwork(a.FeatureCount, a.HiddenLayers, a.QubitCount, a.Activation);
        var normalizer = new InterfaceNormalizer(a.Normalization, a.QubitCount, a.AngleHalfRange, a.Moderation, a.BatchNormEpsilon);
        HeadCore head = a.Head == HybridHeadKind.Quantum
            ? QuantumHead.Create(a)
            : new ClassicalHead(a.QubitCount, a.ClassicalHeadHiddenUnits);
        return new HybridComponents(a, network, normalizer, head);
    }

    /// <summary>
    /// Inference over <paramref name="n"/> rows of features (n x F, already double): standardized
    /// predictions into <paramref name="outputs"/>, angles (n x Q) left in <paramref name="buffers"/>.
    /// A row with a non-finite feature (or, from extreme inputs, a non-finite angle) predicts NaN; its
    /// angles are set to NaN and the head sees zeros instead.
    /// </summary>
    public void Predict(ReadOnlySpan<double> parameters, ReadOnlySpan<double> first, ReadOnlySpan<double> second,
        ReadOnlySpan<double> features, int n, Span<double> outputs, InferenceBuffers buffers)
    {
        int f = Architecture.FeatureCount, q = Qubits, act = Network.ActivationBufferSize;
        ReadOnlySpan<double> netParams = parameters.Slice(0, Network.ParameterCount);
        Span<bool> invalid = buffers.Invalid.AsSpan(0, n);
        bool anyInvalid = false;
        // Rows in blocks of four share each pass over the first layer's weights; the sums match single-row scoring bit for bit.
        Span<double> acts = buffers.Activations.AsSpan(0, n * act);
        Network.ForwardRows(netParams, features, buffers.RowIndex.AsSpan(0, n), acts);
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> x = features.Slice(i * f, f);
            Network.Output(x, acts.Slice(i * act, act)).CopyTo(buffers.NetworkOutputs.AsSpan(i * q, q));
            invalid[i] = !SpanMath.AllFinite(x);
        }
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
