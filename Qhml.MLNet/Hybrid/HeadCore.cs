namespace Qhml.MLNet.Hybrid;

/// <summary>
/// A head mapping the Q interface angles of each row to one (standardized) prediction, over a flat
/// parameter span. Instances are immutable and thread-safe; per-call state lives in caller scratch.
/// </summary>
internal abstract class HeadCore
{
    /// <summary>Trainable parameters.</summary>
    public abstract int ParameterCount { get; }

    /// <summary>Doubles of scratch per row that <see cref="Forward"/> fills and <see cref="Backward"/> reads.</summary>
    public abstract int ScratchPerRow { get; }

    /// <summary>Seeded initialization.</summary>
    public abstract void Initialize(Span<double> parameters, Random rng, HybridOptions options);

    /// <summary>Adds <c>l2 * w</c> to the gradient of the head's weights (not biases or circuit angles).</summary>
    public abstract void AddL2(ReadOnlySpan<double> parameters, double l2, Span<double> gradient);

    /// <summary>Predictions of <paramref name="n"/> rows of angles (n x Q).</summary>
    public abstract void Forward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> angles, int n,
        Span<double> outputs, Span<double> scratch);

    /// <summary>
    /// Given dLoss/doutput per row, overwrites <paramref name="parameterGradient"/> with the gradient summed
    /// over rows and <paramref name="angleGradient"/> (n x Q) with dLoss/dangles. <paramref name="scratch"/>
    /// is what <see cref="Forward"/> filled; <paramref name="work"/> has the same size.
    /// </summary>
    public abstract void Backward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> angles, int n,
        ReadOnlySpan<double> scratch, ReadOnlySpan<double> outputGradient, Span<double> parameterGradient,
        Span<double> angleGradient, Span<double> work);

    /// <summary>A tape for one training run: what a training forward pass keeps for the backward pass of the same rows.</summary>
    public virtual HeadTape CreateTape() => HeadTape.None;

    /// <summary><see cref="Forward"/> that records into <paramref name="tape"/> (training).</summary>
    public virtual void ForwardTraining(ReadOnlySpan<double> parameters, ReadOnlySpan<double> angles, int n,
        Span<double> outputs, Span<double> scratch, HeadTape tape)
        => Forward(parameters, angles, n, outputs, scratch);

    /// <summary>The backward pass of the rows the last <paramref name="tape"/>d forward pass saw; same results as without the tape.</summary>
    public virtual void BackwardTraining(ReadOnlySpan<double> parameters, ReadOnlySpan<double> angles, int n,
        ReadOnlySpan<double> scratch, ReadOnlySpan<double> outputGradient, Span<double> parameterGradient,
        Span<double> angleGradient, Span<double> work, HeadTape tape)
        => Backward(parameters, angles, n, scratch, outputGradient, parameterGradient, angleGradient, work);
}

/// <summary>What a head keeps between the forward and backward pass of one training step; <see cref="None"/> keeps nothing.</summary>
internal class HeadTape
{
    /// <summary>The tape of a head that keeps nothing.</summary>
    public static readonly HeadTape None = new();
}
