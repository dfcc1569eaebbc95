using System.Globalization;
using Qhml.MLNet.Common;
using Qhml.MLNet.Quantum;

namespace Qhml.MLNet.Hybrid;

/// <summary>
/// Options of the hybrid network -&gt; interface normalization -&gt; circuit (or classical head) -&gt; readout
/// model and of its training. The names are those of <see cref="QuantumHybridRegressionTrainer.Options"/>, which
/// copies its fields here one for one; a validation error names the option, so it names the ML.NET field too.
/// Defaults are in <see cref="HybridDefaults"/>.
/// </summary>
internal sealed class HybridOptions
{
    /// <summary>Units of each hidden layer of the dense network, input side first (default one layer of
    /// <see cref="HybridDefaults.HiddenUnits"/>). Empty: the features themselves (their count must equal
    /// <see cref="NumberOfQubits"/>) go to the interface normalization.</summary>
    public int[] HiddenLayers { get; set; } = [HybridDefaults.HiddenUnits];

    /// <summary>Activation of the hidden layers. Default <see cref="HybridDefaults.Activation"/>.</summary>
    public HybridActivation Activation { get; set; } = HybridDefaults.Activation;

    /// <summary>Number of qubits Q = number of network outputs = number of interface values, 1 to
    /// <see cref="HybridDefaults.MaxNumberOfQubits"/>. Default <see cref="HybridDefaults.NumberOfQubits"/>.</summary>
    public int NumberOfQubits { get; set; } = HybridDefaults.NumberOfQubits;

    /// <summary>Number of variational layers L of the circuit. Default <see cref="HybridDefaults.NumberOfLayers"/>.</summary>
    public int NumberOfLayers { get; set; } = HybridDefaults.NumberOfLayers;

    /// <summary>Rotation axis of the angle encoding (Z is preceded by a Hadamard). Default <see cref="HybridDefaults.EncodingAxis"/>.</summary>
    public RotationAxis EncodingAxis { get; set; } = HybridDefaults.EncodingAxis;

    /// <summary>Entangling pattern after each variational layer. Default <see cref="HybridDefaults.Entangler"/>.</summary>
    public Entangler Entangler { get; set; } = HybridDefaults.Entangler;

    /// <summary>Whether the encoding is repeated before every variational layer (data re-uploading). Default <see cref="HybridDefaults.ReUploading"/>.</summary>
    public bool ReUploading { get; set; } = HybridDefaults.ReUploading;

    /// <summary>How network outputs become rotation angles. Default <see cref="HybridDefaults.InterfaceNormalization"/>.</summary>
    public InterfaceNormalization InterfaceNormalization { get; set; } = HybridDefaults.InterfaceNormalization;

    /// <summary>A, the half-range of the angles. Default <see cref="HybridDefaults.AngleHalfRange"/>.</summary>
    public double AngleHalfRange { get; set; } = HybridDefaults.AngleHalfRange;

    /// <summary>s, the moderation of <see cref="InterfaceNormalization.ModeratedTanh"/> and <see cref="InterfaceNormalization.AdaptiveModeratedTanh"/>.
    /// Default <see cref="HybridDefaults.Moderation"/>.</summary>
    public double Moderation { get; set; } = HybridDefaults.Moderation;

    /// <summary>Weight of the newest batch in the running statistics (batch-norm momentum). Default <see cref="HybridDefaults.BatchNormMomentum"/>.</summary>
    public double BatchNormMomentum { get; set; } = HybridDefaults.BatchNormMomentum;

    /// <summary>Epsilon added to the variance before the square root (batch norm). Default <see cref="HybridDefaults.BatchNormEpsilon"/>.</summary>
    public double BatchNormEpsilon { get; set; } = HybridDefaults.BatchNormEpsilon;

    /// <summary>The head on the interface values. Default <see cref="HybridDefaults.Head"/>.</summary>
    public HybridHeadKind Head { get; set; } = HybridDefaults.Head;

    /// <summary>Hidden units of the classical head; 0 (<see cref="HybridDefaults.ClassicalHeadHiddenUnits"/>) picks the count whose parameter total is closest to the circuit plus readout.</summary>
    public int ClassicalHeadHiddenUnits { get; set; } = HybridDefaults.ClassicalHeadHiddenUnits;

    /// <summary>Maximum number of epochs. Default <see cref="HybridDefaults.NumberOfEpochs"/>.</summary>
    public int NumberOfEpochs { get; set; } = HybridDefaults.NumberOfEpochs;

    /// <summary>Mini-batch size (the effective size is at most the number of training rows). Default <see cref="HybridDefaults.BatchSize"/>.</summary>
    public int BatchSize { get; set; } = HybridDefaults.BatchSize;

    /// <summary>Adam learning rate. Default <see cref="HybridDefaults.LearningRate"/>.</summary>
    public double LearningRate { get; set; } = HybridDefaults.LearningRate;

    /// <summary>L2 penalty <c>(L2Regularization / 2) * sum w^2</c> on network, readout and classical-head weights (not on biases or circuit angles).
    /// Default <see cref="HybridDefaults.L2Regularization"/>.</summary>
    public double L2Regularization { get; set; } = HybridDefaults.L2Regularization;

    /// <summary>Training loss. Default <see cref="HybridDefaults.Loss"/>.</summary>
    public HybridLoss Loss { get; set; } = HybridDefaults.Loss;

    /// <summary>Huber delta in label standard deviations (used with <see cref="HybridLoss.Huber"/>). Default <see cref="HybridDefaults.HuberDelta"/>.</summary>
    public double HuberDelta { get; set; } = HybridDefaults.HuberDelta;

    /// <summary>Fraction of training rows held out (seeded) for early stopping when no validation set is given; 0 disables it.
    /// Default <see cref="HybridDefaults.ValidationFraction"/>.</summary>
    public double ValidationFraction { get; set; } = HybridDefaults.ValidationFraction;

    /// <summary>Epochs without a new best validation loss before training stops (the best weights are restored).
    /// Default <see cref="HybridDefaults.EarlyStoppingPatience"/>.</summary>
    public int EarlyStoppingPatience { get; set; } = HybridDefaults.EarlyStoppingPatience;

    /// <summary>The one seed of initialization, shuffling and the held-out split. Default <see cref="HybridDefaults.Seed"/>.</summary>
    public int Seed { get; set; } = HybridDefaults.Seed;

    /// <summary>Half-width of the uniform initialization of the circuit angles, in radians. Default <see cref="HybridDefaults.CircuitInitScale"/>.</summary>
    public double CircuitInitScale { get; set; } = HybridDefaults.CircuitInitScale;

    /// <summary>Maximum threads; <see langword="null"/> (default) uses all cores. The trained model does not depend on it.</summary>
    public int? MaxDegreeOfParallelism { get; set; }

    /// <summary>Skip (and count) rows with a NaN or infinite feature instead of throwing. Default <see cref="HybridDefaults.SkipRowsWithNonFiniteFeatures"/>.</summary>
    public bool SkipRowsWithNonFiniteFeatures { get; set; } = HybridDefaults.SkipRowsWithNonFiniteFeatures;

    /// <summary>Throw when the trained model is degenerate (<see cref="HybridTrainingDiagnostics.Degeneracy"/>) instead of returning it. Default <see cref="HybridDefaults.ThrowOnDegenerateModel"/>.</summary>
    public bool ThrowOnDegenerateModel { get; set; } = HybridDefaults.ThrowOnDegenerateModel;

    /// <summary>
    /// Compute the first dense layer (features x weights, by far the widest) in single precision: its products and
    /// sums in float, from float copies of the weights, while Adam keeps double master weights and everything after
    /// that layer (biases, activations, the circuit, the readout) stays double. It halves the bytes read per row and
    /// doubles the SIMD lanes: a PredictionEngine call ~1.5x and Transform ~1.3x faster on the benchmark machine. For
    /// given weights, predictions change by float rounding (about 1e-6 relative); training follows a slightly different
    /// path, like any change of rounding. Training and every scoring path use the same float sums, so they agree to the bit.
    /// False computes that layer in double. Ignored without hidden layers. Saved with the model.
    /// Default <see cref="HybridDefaults.SinglePrecisionFirstLayer"/>.
    /// </summary>
    public bool SinglePrecisionFirstLayer { get; set; } = HybridDefaults.SinglePrecisionFirstLayer;

    /// <summary>
    /// Wide and deep: fit a ridge regression on the features first (closed form, its L2 chosen by exact
    /// leave-one-out error), train the network and head on its leave-one-out residuals, and weight the hybrid term
    /// by the factor in [0, 1] that fits the validation rows best. The model then does at least about as well
    /// as ridge, and the hybrid term has to earn its weight on held-out rows. Saved with the model.
    /// </summary>
    public bool UseLinearPath { get; set; } = HybridDefaults.UseLinearPath;

    /// <summary>
    /// How the linear path's ridge chooses its L2 (with <see cref="UseLinearPath"/>). Default
    /// <see cref="HybridDefaults.LinearPathPenalty"/>.
    /// </summary>
    public RidgePenaltySelection LinearPathPenalty { get; set; } = HybridDefaults.LinearPathPenalty;

    /// <summary>Returns a deep copy.</summary>
    /// <returns>An independent copy of these options.</returns>
    public HybridOptions Clone()
    {
        var copy = (HybridOptions)MemberwiseClone();
        copy.HiddenLayers = (int[])HiddenLayers?.Clone()!; // a null is kept for Validate to name
        return copy;
    }

    /// <summary>Checks every option; throws naming the first invalid one.</summary>
    /// <exception cref="ArgumentNullException"><see cref="HiddenLayers"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        if (HiddenLayers is null)
            throw new ArgumentNullException(nameof(HiddenLayers), "HiddenLayers is null; use an empty array for no hidden layer.");
        for (int i = 0; i < HiddenLayers.Length; i++)
            if (HiddenLayers[i] < 1)
                throw OutOfRange.Exception(nameof(HiddenLayers), HiddenLayers[i],
                    string.Create(CultureInfo.InvariantCulture, $"Hidden layer {i} has {HiddenLayers[i]} units; expected at least 1."));
        Check(NumberOfQubits >= 1 && NumberOfQubits <= HybridDefaults.MaxNumberOfQubits, nameof(NumberOfQubits), NumberOfQubits,
            string.Create(CultureInfo.InvariantCulture, $"between 1 and {HybridDefaults.MaxNumberOfQubits}"));
        Check(NumberOfLayers >= 1, nameof(NumberOfLayers), NumberOfLayers, "at least 1");
        Check(Enum.IsDefined(EncodingAxis), nameof(EncodingAxis), EncodingAxis, "a defined RotationAxis");
        Check(Enum.IsDefined(Entangler), nameof(Entangler), Entangler, "a defined Entangler");
        Check(Enum.IsDefined(InterfaceNormalization), nameof(InterfaceNormalization), InterfaceNormalization, "a defined InterfaceNormalization");
        Check(Enum.IsDefined(Activation), nameof(Activation), Activation, "a defined HybridActivation");
        Check(Enum.IsDefined(Head), nameof(Head), Head, "a defined HybridHeadKind");
        Check(Enum.IsDefined(LinearPathPenalty), nameof(LinearPathPenalty), LinearPathPenalty, "a defined RidgePenaltySelection");
        Check(Enum.IsDefined(Loss), nameof(Loss), Loss, "a defined HybridLoss");
        Check(double.IsFinite(AngleHalfRange) && AngleHalfRange > 0, nameof(AngleHalfRange), AngleHalfRange, "positive and finite");
        Check(double.IsFinite(Moderation) && Moderation > 0, nameof(Moderation), Moderation, "positive and finite");
        Check(BatchNormMomentum > 0 && BatchNormMomentum <= 1, nameof(BatchNormMomentum), BatchNormMomentum, "in (0, 1]");
        Check(double.IsFinite(BatchNormEpsilon) && BatchNormEpsilon > 0, nameof(BatchNormEpsilon), BatchNormEpsilon, "positive and finite");
        Check(ClassicalHeadHiddenUnits >= 0, nameof(ClassicalHeadHiddenUnits), ClassicalHeadHiddenUnits, "0 (automatic) or more");
        Check(NumberOfEpochs >= 1, nameof(NumberOfEpochs), NumberOfEpochs, "at least 1");
        Check(BatchSize >= 1, nameof(BatchSize), BatchSize, "at least 1");
        Check(double.IsFinite(LearningRate) && LearningRate > 0, nameof(LearningRate), LearningRate, "positive and finite");
        Check(double.IsFinite(L2Regularization) && L2Regularization >= 0, nameof(L2Regularization), L2Regularization, "non-negative and finite");
        Check(double.IsFinite(HuberDelta) && HuberDelta > 0, nameof(HuberDelta), HuberDelta, "positive and finite");
        Check(ValidationFraction >= 0 && ValidationFraction < 1, nameof(ValidationFraction), ValidationFraction, "in [0, 1)");
        Check(EarlyStoppingPatience >= 1, nameof(EarlyStoppingPatience), EarlyStoppingPatience, "at least 1");
        Check(double.IsFinite(CircuitInitScale) && CircuitInitScale >= 0, nameof(CircuitInitScale), CircuitInitScale, "non-negative and finite");
        Check(MaxDegreeOfParallelism is null or >= 1, nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism!, "null (all cores) or at least 1");
    }

    // Threads handed to the parallel loops and the circuit evaluator, whose "all cores" is -1.
    internal int Parallelism => MaxDegreeOfParallelism ?? -1;

    private static void Check(bool ok, string name, object value, string expected)
    {
        if (!ok)
            throw OutOfRange.Exception(name, value, string.Create(CultureInfo.InvariantCulture, $"{name} is {value}; expected {expected}."));
    }
}
