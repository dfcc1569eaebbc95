namespace Qhml.MLNet.Hybrid;

/// <summary>
/// How the network's outputs (one per qubit) become circuit rotation angles. <c>A</c> below is
/// <see cref="HybridOptions.AngleHalfRange"/>, <c>s</c> is <see cref="HybridOptions.Moderation"/>.
/// </summary>
public enum InterfaceNormalization
{
    /// <summary>The raw network output is the angle (no bound; saturation counts |x| &gt;= 0.95 A).</summary>
    None = 0,

    /// <summary><c>A tanh(x)</c>, onto (-A, A).</summary>
    Tanh = 1,

    /// <summary>
    /// <c>2A sigmoid(x)</c>, onto (0, 2A) (with the default A = pi/2 that is (0, pi), the natural range of
    /// an RY encoding). Equals <c>A + A tanh(x / 2)</c>; saturation is measured against its own ends 0 and 2A.
    /// </summary>
    Sigmoid = 2,

    /// <summary>
    /// Linear map of the batch minimum/maximum (per qubit) onto [-A, A] during training (exact gradient,
    /// including through the arg-min and arg-max rows). For inference the minimum and maximum of the final
    /// network's outputs over the whole training set are frozen into the model; values outside them
    /// extrapolate linearly (no clamping).
    /// </summary>
    MinMax = 3,

    /// <summary>The moderated-gradient tanh <c>A tanh(x / s)</c>, onto (-A, A).</summary>
    ModeratedTanh = 4,

    /// <summary>
    /// Batch-standardized then moderated: <c>z = (x - mean_B) / sqrt(var_B + eps)</c> with the batch's
    /// statistics during training (exact batch-norm backward), then <c>A tanh(z / s)</c>. Running mean and
    /// variance are tracked as in batch normalization (momentum <see cref="HybridOptions.BatchNormMomentum"/>,
    /// unbiased batch variance) and frozen into the model for inference.
    /// </summary>
    AdaptiveModeratedTanh = 5,
}
