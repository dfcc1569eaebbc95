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
    /// </summary>
    public void Predict(ReadOnlySpan<double> parameters, ReadOnlySpan<double> first, ReadOnlySpan<double> second,
        ReadOnlySpan<double> features, int n, Span<double> outputs, InferenceBuffers buffers)
    {
        int f = Architecture.FeatureCount, q = Qubits, act = Network.ActivationBufferSize;
        ReadOnlySpan<double> netParams = parameters.Slice(0, Network.ParameterCount);
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> x = features.Slice(i * f, f);
            Span<double> acts = buffers.Activations.AsSpan(0, act);
            Network.Forward(netParams, x, acts);
            Network.Output(x, acts).CopyTo(buffers.NetworkOutputs.AsSpan(i * q, q));
        }
        Normalizer.ForwardInference(buffers.NetworkOutputs, n, first, second, buffers.Angles);
        Head.Forward(parameters.Slice(HeadOffset), buffers.Angles, n, outputs, buffers.HeadScratch);
    }
}

/// <summary>Scratch for <see cref="HybridComponents.Predict"/> of up to <see cref="MaxRows"/> rows.</summary>
internal sealed class InferenceBuffers
{
    public InferenceBuffers(HybridComponents c, int maxRows)
    {
        MaxRows = maxRows;
        Activations = new double[c.Network.ActivationBufferSize];
        NetworkOutputs = new double[maxRows * c.Qubits];
        Angles = new double[maxRows * c.Qubits];
        HeadScratch = new double[maxRows * c.Head.ScratchPerRow];
        Features = new double[maxRows * c.Architecture.FeatureCount];
        Outputs = new double[maxRows];
    }

    public int MaxRows { get; }
    public double[] Activations { get; }
    public double[] NetworkOutputs { get; }
    public double[] Angles { get; }
    public double[] HeadScratch { get; }
    public double[] Features { get; }
    public double[] Outputs { get; }
}
