using Qhml.MLNet.Quantum;

namespace Qhml.MLNet.Hybrid;

/// <summary>
/// The one home of the hybrid model's defaults and limits, as ML.NET keeps one internal <c>Defaults</c> class per
/// component: <see cref="HybridOptions"/>, <see cref="QuantumHybridRegressionTrainer.Options"/>, the catalog
/// method's parameters and the search-space attributes all read these constants, and doc comments point here
/// rather than repeat the values. Names are the options' names.
/// </summary>
internal static class HybridDefaults
{
    /// <summary>Units of the single default hidden layer.</summary>
    public const int HiddenUnits = 64;
    /// <summary>Hidden activation.</summary>
    public const HybridActivation Activation = HybridActivation.ReLU;
    /// <summary>Number of qubits (and of network outputs).</summary>
    public const int NumberOfQubits = 8;
    /// <summary>
    /// The largest number of qubits the hybrid head takes: the largest circuit the batched lane engine trains and
    /// scores (a state of 2^16 amplitudes per lane). The simulator itself runs bigger circuits one sample at a time
    /// (<see cref="QuantumCircuit.MaxQubits"/>), too slowly to train on; that is its own affair.
    /// </summary>
    public const int MaxNumberOfQubits = LaneProgram.MaxQubits;
    /// <summary>Variational layers of the circuit.</summary>
    public const int NumberOfLayers = 3;
    /// <summary>Encoding rotation axis.</summary>
    public const RotationAxis EncodingAxis = RotationAxis.Y;
    /// <summary>Entangler.</summary>
    public const Entangler Entangler = Quantum.Entangler.CnotRing;
    /// <summary>The encoding is applied once, before the first variational layer (no data re-uploading).</summary>
    public const bool ReUploading = false;
    /// <summary>Interface normalization.</summary>
    public const InterfaceNormalization InterfaceNormalization = Hybrid.InterfaceNormalization.ModeratedTanh;
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
    /// <summary>Hidden units of the classical head: 0 picks the count whose parameter total is closest to the circuit plus readout.</summary>
    public const int ClassicalHeadHiddenUnits = 0;
    /// <summary>Maximum number of epochs.</summary>
    public const int NumberOfEpochs = 100;
    /// <summary>Mini-batch size.</summary>
    public const int BatchSize = 32;
    /// <summary>Adam learning rate.</summary>
    public const double LearningRate = 0.003;
    /// <summary>L2 penalty on weights; 1e-2 gave the best held-out Pearson r on Venetoclax (200 training lines) of 1e-3, 1e-2, 3e-2.</summary>
    public const double L2Regularization = 1e-2;
    /// <summary>Training loss.</summary>
    public const HybridLoss Loss = HybridLoss.SquaredError;
    /// <summary>Huber delta, in label standard deviations.</summary>
    public const double HuberDelta = 1.0;
    /// <summary>
    /// Fraction of training rows held out for early stopping (and for the linear path's mixing weight) when no
    /// validation set is given: 0.2, so early stopping is on by default (without it, fold R² ranged from -0.12 to 0.67
    /// for a new user; issue 11).
    /// </summary>
    public const double ValidationFraction = 0.2;
    /// <summary>Epochs without validation improvement before stopping.</summary>
    public const int EarlyStoppingPatience = 10;
    /// <summary>Seed of initialization, shuffling and the held-out split, when the hybrid layer is used without ML.NET.</summary>
    public const int Seed = 1;
    /// <summary>Half-width of the uniform initialization of the circuit angles (radians).</summary>
    public const double CircuitInitScale = 0.1;
    /// <summary>Rows with a NaN or infinite feature are an error, not skipped: a missing value usually means a forgotten imputation step.</summary>
    public const bool SkipRowsWithNonFiniteFeatures = false;
    /// <summary>A degenerate model (HybridDegeneracy) is a Warning on the log, not an error: it is still a model, and a study wants to see it.</summary>
    public const bool ThrowOnDegenerateModel = false;
    /// <summary>The wide first layer computes in single precision (float weights and sums): faster scoring and training, as ML.NET's own trainers and PyTorch compute in float.</summary>
    public const bool SinglePrecisionFirstLayer = true;
    /// <summary>
    /// A ridge linear path beside the hybrid term (wide and deep): on the 8 study drugs of issue 11 it lifts the
    /// hybrid by about 0.09 inner-CV Pearson r (training lines only); see docs/results.md.
    /// </summary>
    public const bool UseLinearPath = true;
    /// <summary>The linear path's L2 by exact leave-one-out error (see docs/results.md for the comparison with the marginal likelihood).</summary>
    public const RidgePenaltySelection LinearPathPenalty = RidgePenaltySelection.LeaveOneOut;
}
