using Microsoft.ML.SearchSpace;
using Microsoft.ML.Trainers;
using Qhml.MLNet.Hybrid;
using Qhml.MLNet.Quantum;

namespace Qhml.MLNet;

public sealed partial class QuantumHybridRegressionTrainer
{
    /// <summary>
    /// Options for <see cref="QuantumHybridRegressionTrainer"/>, used by
    /// <see cref="QuantumHybridCatalog.QuantumHybrid(Microsoft.ML.RegressionCatalog.RegressionTrainers, Options)"/>.
    /// Defaults are in <see cref="QuantumHybridRegressionDefaults"/>. Fields carrying
    /// <see cref="RangeAttribute"/> or <see cref="ChoiceAttribute"/> are the tunable ones, so an AutoML
    /// search space can be derived from this class.
    /// </summary>
    public sealed class Options : TrainerInputBaseWithWeight
    {
        /// <summary>
        /// Units of each hidden layer of the dense network, input side first (default one layer of 64).
        /// Empty: the features go straight to the interface normalization and their count must equal
        /// <see cref="NumberOfQubits"/>.
        /// </summary>
        public int[] HiddenLayers = [QuantumHybridRegressionDefaults.HiddenUnits];

        /// <summary>Activation of the hidden layers (the last dense layer, feeding the interface, is linear).</summary>
        [Choice(new object[] { HybridActivation.ReLU, HybridActivation.Tanh, HybridActivation.Gelu }, QuantumHybridRegressionDefaults.Activation)]
        public HybridActivation Activation = QuantumHybridRegressionDefaults.Activation;

        /// <summary>Number of qubits Q: the network has Q outputs, one rotation angle per qubit. Cost grows as 2^Q.</summary>
        [Range(2, 12, QuantumHybridRegressionDefaults.NumberOfQubits, false)]
        public int NumberOfQubits = QuantumHybridRegressionDefaults.NumberOfQubits;

        /// <summary>Number of variational layers L of the circuit (rotations then entangler, per layer).</summary>
        [Range(1, 8, QuantumHybridRegressionDefaults.NumberOfLayers, false)]
        public int NumberOfLayers = QuantumHybridRegressionDefaults.NumberOfLayers;

        /// <summary>Two-qubit gate pattern closing each variational layer.</summary>
        [Choice(new object[] { Entangler.CnotRing, Entangler.CnotChain, Entangler.CzRing, Entangler.AllToAll, Entangler.None }, QuantumHybridRegressionDefaults.Entangler)]
        public Entangler Entangler = QuantumHybridRegressionDefaults.Entangler;

        /// <summary>Rotation axis of the angle encoding (Y by default; Z is preceded by a Hadamard).</summary>
        [Choice(new object[] { RotationAxis.Y, RotationAxis.X, RotationAxis.Z }, QuantumHybridRegressionDefaults.EncodingAxis)]
        public RotationAxis EncodingAxis = QuantumHybridRegressionDefaults.EncodingAxis;

        /// <summary>Whether the encoding is repeated before every variational layer (data re-uploading).</summary>
        [Choice(new object[] { false, true }, false)]
        public bool ReUploading;

        /// <summary>How network outputs become rotation angles (default: the moderated-gradient tanh <c>A tanh(x / s)</c>).</summary>
        [Choice(new object[] { InterfaceNormalization.ModeratedTanh, InterfaceNormalization.AdaptiveModeratedTanh, InterfaceNormalization.Tanh,
            InterfaceNormalization.Sigmoid, InterfaceNormalization.MinMax, InterfaceNormalization.None }, QuantumHybridRegressionDefaults.InterfaceNormalization)]
        public InterfaceNormalization InterfaceNormalization = QuantumHybridRegressionDefaults.InterfaceNormalization;

        /// <summary>s, the moderation of the (adaptive) moderated tanh: larger values flatten the slope and keep angles away from the ends of the range.</summary>
        [Range(1.0, 8.0, QuantumHybridRegressionDefaults.Moderation, true)]
        public double Moderation = QuantumHybridRegressionDefaults.Moderation;

        /// <summary>A, the half-range of the rotation angles in radians (default pi/2).</summary>
        [Range(0.5, 3.14159, QuantumHybridRegressionDefaults.AngleHalfRange, false)]
        public double AngleHalfRange = QuantumHybridRegressionDefaults.AngleHalfRange;

        /// <summary>Head on the interface values: the quantum circuit with a linear readout, or a classical dense head of similar size (baseline).</summary>
        public HybridHeadKind Head = QuantumHybridRegressionDefaults.Head;

        /// <summary>Hidden units of the classical head; 0 picks the count whose parameter total is closest to the circuit plus readout.</summary>
        public int ClassicalHeadHiddenUnits;

        /// <summary>Adam learning rate.</summary>
        [Range(1e-4, 1e-1, QuantumHybridRegressionDefaults.LearningRate, true)]
        public double LearningRate = QuantumHybridRegressionDefaults.LearningRate;

        /// <summary>Maximum number of passes over the training rows.</summary>
        [Range(5, 500, QuantumHybridRegressionDefaults.NumberOfEpochs, true)]
        public int NumberOfEpochs = QuantumHybridRegressionDefaults.NumberOfEpochs;

        /// <summary>Mini-batch size (the effective size is at most the number of training rows).</summary>
        [Choice(new object[] { 8, 16, 32, 64, 128 }, QuantumHybridRegressionDefaults.BatchSize)]
        public int BatchSize = QuantumHybridRegressionDefaults.BatchSize;

        /// <summary>L2 penalty <c>(L2 / 2) * sum w^2</c> on network, readout and classical-head weights (not on biases or circuit angles).</summary>
        [Range(1e-6, 1.0, QuantumHybridRegressionDefaults.L2Regularization, true)]
        public double L2Regularization = QuantumHybridRegressionDefaults.L2Regularization;

        /// <summary>Training loss on standardized labels.</summary>
        [Choice(new object[] { HybridLoss.SquaredError, HybridLoss.Huber }, QuantumHybridRegressionDefaults.Loss)]
        public HybridLoss Loss = QuantumHybridRegressionDefaults.Loss;

        /// <summary>Huber delta in label standard deviations (used with <see cref="HybridLoss.Huber"/>).</summary>
        public double HuberDelta = QuantumHybridRegressionDefaults.HuberDelta;

        /// <summary>Epochs without a new best validation loss before training stops; the best weights are restored.</summary>
        public int EarlyStoppingPatience = QuantumHybridRegressionDefaults.EarlyStoppingPatience;

        /// <summary>
        /// Fraction of training rows held out (seeded) for early stopping when <c>Fit</c> gets no validation
        /// set; 0 (default) trains on all rows for <see cref="NumberOfEpochs"/> epochs.
        /// </summary>
        public double ValidationFraction = QuantumHybridRegressionDefaults.ValidationFraction;

        /// <summary>Momentum of the running statistics of <see cref="InterfaceNormalization.AdaptiveModeratedTanh"/>.</summary>
        public double BatchNormMomentum = QuantumHybridRegressionDefaults.BatchNormMomentum;

        /// <summary>Epsilon added to the batch variance of <see cref="InterfaceNormalization.AdaptiveModeratedTanh"/>.</summary>
        public double BatchNormEpsilon = QuantumHybridRegressionDefaults.BatchNormEpsilon;

        /// <summary>Half-width of the uniform initialization of the circuit angles, in radians.</summary>
        public double CircuitInitScale = QuantumHybridRegressionDefaults.CircuitInitScale;

        /// <summary>
        /// Seed of initialization, shuffling and the held-out split; <see langword="null"/> (default) draws
        /// it from the <c>MLContext</c>'s random source, so <c>new MLContext(seed: n)</c> makes training reproducible.
        /// </summary>
        public int? Seed;

        /// <summary>Maximum number of threads; <see langword="null"/> uses all cores. The trained model is bit-identical whatever the value.</summary>
        public int? MaxDegreeOfParallelism;

        /// <summary>
        /// Skip (and count) rows with a NaN or infinite feature instead of throwing. Off by default: a
        /// missing value usually means a forgotten imputation step, which should not go unnoticed.
        /// </summary>
        public bool SkipRowsWithNonFiniteFeatures;

        /// <summary>
        /// Compute the first dense layer (features x weights, by far the widest) in single precision, from float copies of
        /// double master weights; everything after it stays double. Scoring ~1.3-1.5x faster on the benchmark machine; for
        /// given weights predictions move by float rounding only, and every scoring path still agrees to the bit. False
        /// computes it in double. Saved with the model. See <see cref="HybridOptions.SinglePrecisionFirstLayer"/>.
        /// </summary>
        public bool SinglePrecisionFirstLayer = QuantumHybridRegressionDefaults.SinglePrecisionFirstLayer;

        /// <summary>
        /// Wide and deep: a ridge regression on the features, fitted in closed form with its L2 chosen by exact
        /// leave-one-out error, plus the hybrid trained on the ridge's leave-one-out residuals and weighted by the
        /// factor in [0, 1] that fits the validation rows best. See <see cref="HybridOptions.UseLinearPath"/>.
        /// </summary>
        [Choice(new object[] { false, true }, QuantumHybridRegressionDefaults.UseLinearPath)]
        public bool UseLinearPath = QuantumHybridRegressionDefaults.UseLinearPath;
    }
}
