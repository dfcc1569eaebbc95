namespace Qhml.MLNet.Hybrid;

/// <summary>Scratch for <see cref="HybridComponents.Predict"/> of up to <see cref="MaxRows"/> rows.</summary>
internal sealed class InferenceBuffers
{
    public InferenceBuffers(HybridComponents c, int maxRows)
    {
        MaxRows = maxRows;
        Activations = new double[maxRows * c.Network.ActivationBufferSize];
        RowIndex = Enumerable.Range(0, maxRows).ToArray();
        NetworkOutputs = new double[maxRows * c.Qubits];
        Angles = new double[maxRows * c.Qubits];
        HeadScratch = new double[maxRows * c.Head.ScratchPerRow];
        Features = c.SinglePrecisionFirstLayer ? [] : new double[maxRows * c.Architecture.FeatureCount];
        Outputs = new double[maxRows];
        Invalid = new bool[maxRows];
    }

    public int MaxRows { get; }
    /// <summary>Pre- and post-activations of every row (rows x the network's activation buffer).</summary>
    public double[] Activations { get; }
    /// <summary>0, 1, ..., MaxRows - 1: the row list of a contiguous block for <c>DenseNetwork.ForwardRows</c>.</summary>
    public int[] RowIndex { get; }
    public double[] NetworkOutputs { get; }
    public double[] Angles { get; }
    public double[] HeadScratch { get; }
    /// <summary>The rows widened to double for a double-precision first layer (empty for a single-precision one, which reads the floats).</summary>
    public double[] Features { get; }
    public double[] Outputs { get; }
    public bool[] Invalid { get; }
}
