using Qhml.MLNet.Quantum;

namespace Qhml.MLNet.Hybrid;

/// <summary>Default values of <see cref="HybridOptions"/>.</summary>
public static class HybridDefaults
{
    /// <summary>Number of qubits (and of network outputs).</summary>
    public const int QubitCount = 8;
    /// <summary>Variational layers of the circuit.</summary>
    public const int CircuitLayers = 3;
    /// <summary>Encoding rotation axis.</summary>
    public const RotationAxis Encoding = RotationAxis.Y;
    /// <summary>Entangler.</summary>
    public const Entangler Entangler = Quantum.Entangler.CnotRing;
    /// <summary>Units of the single default hidden layer.</summary>
    public const int HiddenUnits = 64;
    /// <summary>Hidden activation.</summary>
    public const HybridActivation Activation = HybridActivation.ReLU;
    /// <summary>Interface normalization.</summary>
    public const InterfaceNormalization Normalization = InterfaceNormalization.ModeratedTanh;
    /// <summary>A, the angle half-range: pi/2.</summary>
    public const double AngleHalfRange = Math.PI / 2;
    /// <summary>
    /// s, the moderation of the moderated tanh: 3, chosen on real data (GDSC2 Venetoclax and Sorafenib, 50-400
    /// training lines, 5 seeds): against s = 2 it raised test Pearson r by +0.034 (SE 0.011, 28 of 40 paired runs),
    /// s = 4 was level with 3, and s = 1 (the plain tanh) was 0.09 below s = 2; see docs/results.md.
    /// </summary>
    public const double Moderation = 3.0;
    /// <summary>Momentum of the running statistics of <see cref="InterfaceNormalization.AdaptiveModeratedTanh"/>.</summary>
    public const double BatchNormMomentum = 0.1;
    /// <summary>Epsilon added to the batch variance.</summary>
    public const double BatchNormEpsilon = 1e-5;
    /// <summary>Head.</summary>
    public const HybridHeadKind Head = HybridHeadKind.Quantum;
    /// <summary>Maximum number of epochs.</summary>
    public const int Epochs = 100;
    /// <summary>Mini-batch size.</summary>
    public const int BatchSize = 32;
    /// <summary>Adam learning rate.</summary>
    public const double LearningRate = 0.003;
    /// <summary>L2 penalty on weights; 1e-2 gave the best held-out Pearson r on Venetoclax (200 training lines) of 1e-3, 1e-2, 3e-2.</summary>
    public const double L2 = 1e-2;
    /// <summary>Huber delta, in label standard deviations.</summary>
    public const double HuberDelta = 1.0;
    /// <summary>Fraction of training rows held out for early stopping when no validation set is given.</summary>
    public const double ValidationFraction = 0.0;
    /// <summary>Epochs without validation improvement before stopping.</summary>
    public const int EarlyStoppingPatience = 10;
    /// <summary>Seed of initialization, shuffling and the held-out split.</summary>
    public const int Seed = 1;
    /// <summary>Half-width of the uniform initialization of the circuit angles (radians).</summary>
    public const double CircuitInitScale = 0.1;
    /// <summary>The wide first layer computes in single precision (float weights and sums): faster scoring and training, as ML.NET's own trainers and PyTorch compute in float.</summary>
    public const bool SinglePrecisionFirstLayer = true;
    /// <summary>Whether a ridge linear path is fitted beside the hybrid term.</summary>
    public const bool UseLinearPath = false;
}
