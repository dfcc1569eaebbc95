namespace Qhml.MLNet.Study;

/// <summary>What a trained model reports about its own training (hybrid models do; built-in trainers don't).</summary>
/// <param name="TrainingLosses">Training loss per epoch.</param>
/// <param name="ValidationLosses">Validation loss per epoch; empty when the trainer held out no validation data.</param>
/// <param name="SaturationFraction">Fraction of interface values within 5% of either end of their range (see <see cref="Normalization.ModeratedTanh.SaturatedFraction"/>); NaN when not applicable.</param>
/// <param name="InterfaceHistogram">Histogram of the interface values, when known.</param>
public sealed record RunDiagnostics(
    IReadOnlyList<double> TrainingLosses,
    IReadOnlyList<double> ValidationLosses,
    double SaturationFraction,
    InterfaceHistogram? InterfaceHistogram)
{
    /// <summary>
    /// Reads the diagnostics of a hybrid model's training: per-epoch losses, the interface saturation and
    /// the histogram of interface values (in-range bins; values beyond the range count only in the saturation).
    /// </summary>
    /// <param name="diagnostics">The hybrid model's training diagnostics.</param>
    /// <returns>The study's view of them.</returns>
    public static RunDiagnostics FromHybrid(Hybrid.HybridTrainingDiagnostics diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        Hybrid.InterfaceHistogram h = diagnostics.InterfaceHistogram;
        int bins = h.Counts.Count;
        double[] edges = Enumerable.Range(0, bins + 1).Select(i => h.RangeLow + (h.RangeHigh - h.RangeLow) * i / bins).ToArray();
        return new RunDiagnostics(diagnostics.EpochTrainLoss.ToArray(), diagnostics.EpochValidationLoss.ToArray(),
            diagnostics.InterfaceSaturation, new InterfaceHistogram(edges, h.Counts.Select(c => (double)c).ToArray()))
        {
            InitialValidationLoss = diagnostics.InitialValidationLoss,
        };
    }

    /// <summary>
    /// Validation loss of the untrained model, before any update: the start divergence is judged against.
    /// NaN when unknown; then the first epoch's validation loss stands in.
    /// </summary>
    public double InitialValidationLoss { get; init; } = double.NaN;

    /// <summary>
    /// Whether training diverged: a loss is NaN or infinite, or the validation loss at the last epoch run ends above
    /// where it started, the untrained model's (<see cref="InitialValidationLoss"/>; the first epoch's when unknown).
    /// This is the rule of <see cref="Hybrid.HybridTrainingDiagnostics.Diverged"/>.
    /// </summary>
    public bool Diverged
    {
        get
        {
            if (TrainingLosses.Any(l => !double.IsFinite(l)) || ValidationLosses.Any(l => !double.IsFinite(l)))
                return true;
            if (double.IsFinite(InitialValidationLoss))
                return ValidationLosses.Count >= 1 && ValidationLosses[^1] > InitialValidationLoss;
            return ValidationLosses.Count >= 2 && ValidationLosses[^1] > ValidationLosses[0];
        }
    }

    /// <summary>
    /// A stricter sign of over-fitting than <see cref="Diverged"/>: the validation loss at the last epoch run is above
    /// the first epoch's, i.e. nothing after epoch 1 improved on it for good (early stopping still keeps the best epoch).
    /// </summary>
    public bool ValidationRoseAfterFirstEpoch => ValidationLosses.Count >= 2 && ValidationLosses[^1] > ValidationLosses[0];
}
