using Qhml.MLNet.Quantum;

namespace Qhml.MLNet.Hybrid;

/// <summary>
/// The structure of a trained hybrid model (everything but the learned numbers), resolved from the
/// options and the data: immutable, saved with the model.
/// </summary>
public sealed class HybridArchitecture
{
    internal HybridArchitecture(int featureCount, HybridOptions options, int classicalHiddenUnits)
    {
        FeatureCount = featureCount;
        HiddenLayers = Array.AsReadOnly((int[])options.HiddenLayers.Clone());
        Activation = options.Activation;
        NumberOfQubits = options.NumberOfQubits;
        NumberOfLayers = options.NumberOfLayers;
        EncodingAxis = options.EncodingAxis;
        Entangler = options.Entangler;
        ReUploading = options.ReUploading;
        InterfaceNormalization = options.InterfaceNormalization;
        AngleHalfRange = options.AngleHalfRange;
        Moderation = options.Moderation;
        BatchNormEpsilon = options.BatchNormEpsilon;
        Head = options.Head;
        ClassicalHeadHiddenUnits = classicalHiddenUnits;
        SinglePrecisionFirstLayer = options.SinglePrecisionFirstLayer && options.HiddenLayers.Length > 0;
    }

    internal HybridArchitecture(int featureCount, int[] hiddenLayers, HybridActivation activation, int numberOfQubits,
        int numberOfLayers, RotationAxis encoding, Entangler entangler, bool reUploading, InterfaceNormalization normalization,
        double angleHalfRange, double moderation, double batchNormEpsilon, HybridHeadKind head, int classicalHiddenUnits,
        bool singlePrecisionFirstLayer)
    {
        FeatureCount = featureCount;
        HiddenLayers = Array.AsReadOnly(hiddenLayers);
        Activation = activation;
        NumberOfQubits = numberOfQubits;
        NumberOfLayers = numberOfLayers;
        EncodingAxis = encoding;
        Entangler = entangler;
        ReUploading = reUploading;
        InterfaceNormalization = normalization;
        AngleHalfRange = angleHalfRange;
        Moderation = moderation;
        BatchNormEpsilon = batchNormEpsilon;
        Head = head;
        ClassicalHeadHiddenUnits = classicalHiddenUnits;
        SinglePrecisionFirstLayer = singlePrecisionFirstLayer && hiddenLayers.Length > 0;
    }

    /// <summary>Number of input features.</summary>
    public int FeatureCount { get; }
    /// <summary>Units per hidden layer (may be empty).</summary>
    public IReadOnlyList<int> HiddenLayers { get; }
    /// <summary>Hidden activation.</summary>
    public HybridActivation Activation { get; }
    /// <summary>Qubits = interface values.</summary>
    public int NumberOfQubits { get; }
    /// <summary>Variational layers.</summary>
    public int NumberOfLayers { get; }
    /// <summary>Encoding rotation axis.</summary>
    public RotationAxis EncodingAxis { get; }
    /// <summary>Entangling pattern.</summary>
    public Entangler Entangler { get; }
    /// <summary>Whether the encoding is repeated before each variational layer.</summary>
    public bool ReUploading { get; }
    /// <summary>Interface normalization.</summary>
    public InterfaceNormalization InterfaceNormalization { get; }
    /// <summary>A, the angle half-range.</summary>
    public double AngleHalfRange { get; }
    /// <summary>s, the moderation.</summary>
    public double Moderation { get; }
    /// <summary>Batch-norm epsilon (AdaptiveModeratedTanh).</summary>
    public double BatchNormEpsilon { get; }
    /// <summary>Head kind.</summary>
    public HybridHeadKind Head { get; }
    /// <summary>Hidden units of the classical head (0 for the quantum head).</summary>
    public int ClassicalHeadHiddenUnits { get; }
    /// <summary>Whether the first dense layer computes in single precision (see <see cref="HybridOptions.SinglePrecisionFirstLayer"/>; false without hidden layers).</summary>
    public bool SinglePrecisionFirstLayer { get; }
}
