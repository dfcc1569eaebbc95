using Qhml.MLNet.Hybrid;
using Qhml.MLNet.Quantum;

namespace Qhml.MLNet;

/// <summary>
/// Default values of <see cref="QuantumHybridRegressionTrainer.Options"/>, shared with the catalog method
/// <see cref="QuantumHybridCatalog.QuantumHybrid(Microsoft.ML.RegressionCatalog.RegressionTrainers, string, string, string?, int, int, double, int)"/>
/// so both stay in step. They are the hybrid layer's defaults (<see cref="HybridDefaults"/>).
/// </summary>
public static class QuantumHybridRegressionDefaults
{
    /// <summary>Units of the single default hidden layer (64).</summary>
    public const int HiddenUnits = HybridDefaults.HiddenUnits;
    /// <summary>Hidden activation (ReLU).</summary>
    public const HybridActivation Activation = HybridDefaults.Activation;
    /// <summary>Number of qubits (8).</summary>
    public const int NumberOfQubits = HybridDefaults.QubitCount;
    /// <summary>Variational layers of the circuit (3).</summary>
    public const int NumberOfLayers = HybridDefaults.CircuitLayers;
    /// <summary>Entangler (CNOT ring).</summary>
    public const Entangler Entangler = HybridDefaults.Entangler;
    /// <summary>Encoding rotation axis (Y).</summary>
    public const RotationAxis EncodingAxis = HybridDefaults.Encoding;
    /// <summary>Interface normalization (moderated tanh).</summary>
    public const InterfaceNormalization InterfaceNormalization = HybridDefaults.Normalization;
    /// <summary>s, the moderation of the moderated tanh (2).</summary>
    public const double Moderation = HybridDefaults.Moderation;
    /// <summary>A, the angle half-range (pi/2).</summary>
    public const double AngleHalfRange = HybridDefaults.AngleHalfRange;
    /// <summary>Head (quantum circuit).</summary>
    public const HybridHeadKind Head = HybridDefaults.Head;
    /// <summary>Adam learning rate (0.003).</summary>
    public const double LearningRate = HybridDefaults.LearningRate;
    /// <summary>Maximum number of epochs (100).</summary>
    public const int NumberOfEpochs = HybridDefaults.Epochs;
    /// <summary>Mini-batch size (32).</summary>
    public const int BatchSize = HybridDefaults.BatchSize;
    /// <summary>L2 penalty on weights (0.01).</summary>
    public const double L2Regularization = HybridDefaults.L2;
    /// <summary>Training loss (squared error).</summary>
    public const HybridLoss Loss = HybridLoss.SquaredError;
    /// <summary>Huber delta in label standard deviations (1).</summary>
    public const double HuberDelta = HybridDefaults.HuberDelta;
    /// <summary>Epochs without validation improvement before stopping (10).</summary>
    public const int EarlyStoppingPatience = HybridDefaults.EarlyStoppingPatience;
    /// <summary>Fraction of training rows held out for early stopping when no validation set is given (0: none).</summary>
    public const double ValidationFraction = HybridDefaults.ValidationFraction;
    /// <summary>Momentum of the running statistics of the adaptive moderated tanh (0.1).</summary>
    public const double BatchNormMomentum = HybridDefaults.BatchNormMomentum;
    /// <summary>Epsilon added to the batch variance (1e-5).</summary>
    public const double BatchNormEpsilon = HybridDefaults.BatchNormEpsilon;
    /// <summary>Half-width of the uniform initialization of the circuit angles, radians (0.1).</summary>
    public const double CircuitInitScale = HybridDefaults.CircuitInitScale;
    /// <summary>The first dense layer computes in single precision (true).</summary>
    public const bool SinglePrecisionFirstLayer = HybridDefaults.SinglePrecisionFirstLayer;
    /// <summary>Whether a ridge linear path is fitted beside the hybrid term.</summary>
    public const bool UseLinearPath = HybridDefaults.UseLinearPath;
}
