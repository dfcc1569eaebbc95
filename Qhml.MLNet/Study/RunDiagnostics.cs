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
            diagnostics.InterfaceSaturation, new InterfaceHistogram(edges, h.Counts.Select(c => (double)c).ToArray()));
    }

    /// <summary>
    /// Whether training diverged: a loss is NaN or infinite, or the validation loss ends above where it started.
    /// </summary>
    public bool Diverged
    {
        get
        {
            if (TrainingLosses.Any(l => !double.IsFinite(l)) || ValidationLosses.Any(l => !double.IsFinite(l)))
                return true;
            return ValidationLosses.Count >= 2 && ValidationLosses[^1] > ValidationLosses[0];
        }
    }
}
