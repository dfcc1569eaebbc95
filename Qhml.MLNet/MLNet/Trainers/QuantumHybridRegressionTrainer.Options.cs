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
    /// Defaults are in <see cref="HybridDefaults"/>. Fields carrying
    /// <see cref="RangeAttribute"/> or <see cref="ChoiceAttribute"/> are the tunable ones, so an AutoML
    /// search space can be derived from this class. Every option but the columns and <see cref="Seed"/> has a
    /// namesake in <see cref="HybridOptions"/>, the hybrid layer's options, which validate them.
    /// </summary>
    public sealed class Options : TrainerInputBaseWithWeight
    {
        /// <summary>
        /// Units of each hidden layer of the dense network, input side first (default one layer of
        /// <see cref="HybridDefaults.HiddenUnits"/>). Empty: the features go straight to the interface normalization
        /// and their count must equal <see cref="NumberOfQubits"/>.
        /// </summary>
        public int[] HiddenLayers = [HybridDefaults.HiddenUnits];

        /// <summary>Activation of the hidden layers (the last dense layer, feeding the interface, is linear). Default <see cref="HybridDefaults.Activation"/>.</summary>
        [Choice(new object[] { HybridActivation.ReLU, HybridActivation.Tanh, HybridActivation.Gelu }, HybridDefaults.Activation)]
        public HybridActivation Activation = HybridDefaults.Activation;

        /// <summary>
        /// Number of qubits Q: the network has Q outputs, one rotation angle per qubit. Cost grows as 2^Q. From 1 to
        /// <see cref="HybridDefaults.MaxNumberOfQubits"/>; default <see cref="HybridDefaults.NumberOfQubits"/>.
        /// </summary>
        [Range(1, HybridDefaults.MaxNumberOfQubits, HybridDefaults.NumberOfQubits, false)]
        public int NumberOfQubits = HybridDefaults.NumberOfQubits;

        /// <summary>Number of variational layers L of the circuit (rotations then entangler, per layer). Default <see cref="HybridDefaults.NumberOfLayers"/>.</summary>
        [Range(1, 8, HybridDefaults.NumberOfLayers, false)]
        public int NumberOfLayers = HybridDefaults.NumberOfLayers;

        /// <summary>Two-qubit gate pattern closing each variational layer. Default <see cref="HybridDefaults.Entangler"/>.</summary>
        [Choice(new object[] { Entangler.CnotRing, Entangler.CnotChain, Entangler.CzRing, Entangler.AllToAll, Entangler.None }, HybridDefaults.Entangler)]
        public Entangler Entangler = HybridDefaults.Entangler;

        /// <summary>Rotation axis of the angle encoding (Z is preceded by a Hadamard). Default <see cref="HybridDefaults.EncodingAxis"/>.</summary>
        [Choice(new object[] { RotationAxis.Y, RotationAxis.X, RotationAxis.Z }, HybridDefaults.EncodingAxis)]
        public RotationAxis EncodingAxis = HybridDefaults.EncodingAxis;

        /// <summary>Whether the encoding is repeated before every variational layer (data re-uploading). Default <see cref="HybridDefaults.ReUploading"/>.</summary>
        [Choice(new object[] { false, true }, HybridDefaults.ReUploading)]
        public bool ReUploading = HybridDefaults.ReUploading;

        /// <summary>How network outputs become rotation angles. Default <see cref="HybridDefaults.InterfaceNormalization"/>, the moderated-gradient tanh <c>A tanh(x / s)</c>.</summary>
        [Choice(new object[] { InterfaceNormalization.ModeratedTanh, InterfaceNormalization.AdaptiveModeratedTanh, InterfaceNormalization.Tanh,
            InterfaceNormalization.Sigmoid, InterfaceNormalization.MinMax, InterfaceNormalization.None }, HybridDefaults.InterfaceNormalization)]
        public InterfaceNormalization InterfaceNormalization = HybridDefaults.InterfaceNormalization;

        /// <summary>
        /// s, the moderation of the (adaptive) moderated tanh: larger values flatten the slope and keep angles away from
        /// the ends of the range. Default <see cref="HybridDefaults.Moderation"/>.
        /// </summary>
        [Range(1.0, 8.0, HybridDefaults.Moderation, true)]
        public double Moderation = HybridDefaults.Moderation;

        /// <summary>A, the half-range of the rotation angles in radians. Default <see cref="HybridDefaults.AngleHalfRange"/>.</summary>
        [Range(0.5, 3.14159, HybridDefaults.AngleHalfRange, false)]
        public double AngleHalfRange = HybridDefaults.AngleHalfRange;

        /// <summary>
        /// Head on the interface values: the quantum circuit with a linear readout, or a classical dense head of similar
        /// size (baseline). Default <see cref="HybridDefaults.Head"/>.
        /// </summary>
        public HybridHeadKind Head = HybridDefaults.Head;

        /// <summary>Hidden units of the classical head; 0 (<see cref="HybridDefaults.ClassicalHeadHiddenUnits"/>) picks the count whose parameter total is closest to the circuit plus readout.</summary>
        public int ClassicalHeadHiddenUnits = HybridDefaults.ClassicalHeadHiddenUnits;

        /// <summary>Adam learning rate. Default <see cref="HybridDefaults.LearningRate"/>.</summary>
        [Range(1e-4, 1e-1, HybridDefaults.LearningRate, true)]
        public double LearningRate = HybridDefaults.LearningRate;

        /// <summary>Maximum number of passes over the training rows. Default <see cref="HybridDefaults.NumberOfEpochs"/>.</summary>
        [Range(5, 500, HybridDefaults.NumberOfEpochs, true)]
        public int NumberOfEpochs = HybridDefaults.NumberOfEpochs;

        /// <summary>Mini-batch size (the effective size is at most the number of training rows). Default <see cref="HybridDefaults.BatchSize"/>.</summary>
        [Choice(new object[] { 8, 16, 32, 64, 128 }, HybridDefaults.BatchSize)]
        public int BatchSize = HybridDefaults.BatchSize;

        /// <summary>
        /// L2 penalty <c>(L2Regularization / 2) * sum w^2</c> on network, readout and classical-head weights (not on
        /// biases or circuit angles). Default <see cref="HybridDefaults.L2Regularization"/>.
        /// </summary>
        [Range(1e-6, 1.0, HybridDefaults.L2Regularization, true)]
        public double L2Regularization = HybridDefaults.L2Regularization;

        /// <summary>Training loss on standardized labels. Default <see cref="HybridDefaults.Loss"/>.</summary>
        [Choice(new object[] { HybridLoss.SquaredError, HybridLoss.Huber }, HybridDefaults.Loss)]
        public HybridLoss Loss = HybridDefaults.Loss;

        /// <summary>Huber delta in label standard deviations (used with <see cref="HybridLoss.Huber"/>). Default <see cref="HybridDefaults.HuberDelta"/>.</summary>
        public double HuberDelta = HybridDefaults.HuberDelta;

        /// <summary>
        /// Epochs without a new best validation loss before training stops; the best weights are restored. Default
        /// <see cref="HybridDefaults.EarlyStoppingPatience"/>.
        /// </summary>
        public int EarlyStoppingPatience = HybridDefaults.EarlyStoppingPatience;

        /// <summary>
        /// Fraction of training rows held out (seeded) for early stopping when <c>Fit</c> gets no validation
        /// set (default <see cref="HybridDefaults.ValidationFraction"/>); 0 trains on all rows for <see cref="NumberOfEpochs"/> epochs
        /// (and, with <see cref="UseLinearPath"/>, gives the hybrid term the full weight, unchecked).
        /// </summary>
        public double ValidationFraction = HybridDefaults.ValidationFraction;

        /// <summary>Momentum of the running statistics of <see cref="InterfaceNormalization.AdaptiveModeratedTanh"/>. Default <see cref="HybridDefaults.BatchNormMomentum"/>.</summary>
        public double BatchNormMomentum = HybridDefaults.BatchNormMomentum;

        /// <summary>Epsilon added to the batch variance of <see cref="InterfaceNormalization.AdaptiveModeratedTanh"/>. Default <see cref="HybridDefaults.BatchNormEpsilon"/>.</summary>
        public double BatchNormEpsilon = HybridDefaults.BatchNormEpsilon;

        /// <summary>Half-width of the uniform initialization of the circuit angles, in radians. Default <see cref="HybridDefaults.CircuitInitScale"/>.</summary>
        public double CircuitInitScale = HybridDefaults.CircuitInitScale;

        /// <summary>
        /// Seed of initialization, shuffling and the held-out split; <see langword="null"/> (default) draws
        /// it from the <c>MLContext</c>'s random source, so <c>new MLContext(seed: n)</c> makes training reproducible.
        /// </summary>
        public int? Seed;

        /// <summary>Maximum number of threads; <see langword="null"/> uses all cores. The trained model is bit-identical whatever the value.</summary>
        public int? MaxDegreeOfParallelism;

        /// <summary>
        /// Skip (and count) rows with a NaN or infinite feature instead of throwing. Off by default
        /// (<see cref="HybridDefaults.SkipRowsWithNonFiniteFeatures"/>): a missing value usually means a forgotten
        /// imputation step, which should not go unnoticed.
        /// </summary>
        public bool SkipRowsWithNonFiniteFeatures = HybridDefaults.SkipRowsWithNonFiniteFeatures;

        /// <summary>
        /// Throw when the trained model learned nothing (saturated interface, near-constant predictions, a loss that
        /// never fell: <see cref="HybridTrainingDiagnostics.Degeneracy"/>). Off by default
        /// (<see cref="HybridDefaults.ThrowOnDegenerateModel"/>): the model is returned and a Warning goes to the MLContext log.
        /// </summary>
        public bool ThrowOnDegenerateModel = HybridDefaults.ThrowOnDegenerateModel;

        /// <summary>
        /// Compute the first dense layer (features x weights, by far the widest) in single precision, from float copies of
        /// double master weights; everything after it stays double. Scoring ~1.3-1.5x faster on the benchmark machine; for
        /// given weights predictions move by float rounding only, and every scoring path still agrees to the bit. False
        /// computes it in double. Saved with the model. Default <see cref="HybridDefaults.SinglePrecisionFirstLayer"/>;
        /// see <see cref="HybridOptions.SinglePrecisionFirstLayer"/>.
        /// </summary>
        public bool SinglePrecisionFirstLayer = HybridDefaults.SinglePrecisionFirstLayer;

        /// <summary>
        /// Wide and deep: a ridge regression on the features, fitted in closed form with its L2 chosen by exact
        /// leave-one-out error, plus the hybrid trained on the ridge's leave-one-out residuals and weighted by the
        /// factor in [0, 1] that fits the validation rows best. See <see cref="HybridOptions.UseLinearPath"/>.
        /// </summary>
        [Choice(new object[] { false, true }, HybridDefaults.UseLinearPath)]
        public bool UseLinearPath = HybridDefaults.UseLinearPath;

        /// <summary>
        /// How the linear path's ridge chooses its L2: exact leave-one-out error or the marginal likelihood. Default
        /// <see cref="HybridDefaults.LinearPathPenalty"/>; see <see cref="RidgePenaltySelection"/>.
        /// </summary>
        [Choice(new object[] { RidgePenaltySelection.LeaveOneOut, RidgePenaltySelection.MarginalLikelihood }, HybridDefaults.LinearPathPenalty)]
        public RidgePenaltySelection LinearPathPenalty = HybridDefaults.LinearPathPenalty;

        // The hybrid layer's options: the same names, copied one for one (a new option adds one line here).
        internal HybridOptions ToHybridOptions(int seed) => new()
        {
            HiddenLayers = (int[])HiddenLayers?.Clone()!, // a null is left for HybridOptions.Validate to name
            Activation = Activation,
            NumberOfQubits = NumberOfQubits,
            NumberOfLayers = NumberOfLayers,
            EncodingAxis = EncodingAxis,
            Entangler = Entangler,
            ReUploading = ReUploading,
            InterfaceNormalization = InterfaceNormalization,
            AngleHalfRange = AngleHalfRange,
            Moderation = Moderation,
            BatchNormMomentum = BatchNormMomentum,
            BatchNormEpsilon = BatchNormEpsilon,
            Head = Head,
            ClassicalHeadHiddenUnits = ClassicalHeadHiddenUnits,
            NumberOfEpochs = NumberOfEpochs,
            BatchSize = BatchSize,
            LearningRate = LearningRate,
            L2Regularization = L2Regularization,
            Loss = Loss,
            HuberDelta = HuberDelta,
            ValidationFraction = ValidationFraction,
            EarlyStoppingPatience = EarlyStoppingPatience,
            Seed = seed,
            CircuitInitScale = CircuitInitScale,
            MaxDegreeOfParallelism = MaxDegreeOfParallelism,
            SkipRowsWithNonFiniteFeatures = SkipRowsWithNonFiniteFeatures,
            ThrowOnDegenerateModel = ThrowOnDegenerateModel,
            SinglePrecisionFirstLayer = SinglePrecisionFirstLayer,
            UseLinearPath = UseLinearPath,
            LinearPathPenalty = LinearPathPenalty,
        };
    }
}
