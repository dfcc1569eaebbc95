using System.Globalization;

namespace Qhml.MLNet.Hybrid;

/// <summary>Signs that a trained model learned nothing (<see cref="HybridTrainingDiagnostics.Degeneracy"/>).</summary>
[Flags]
public enum HybridDegeneracy
{
    /// <summary>No sign of a degenerate model.</summary>
    None = 0,

    /// <summary>More than <see cref="HybridDegeneracyRules.MaxSaturation"/> of the interface angles sit at the ends of their range.</summary>
    SaturatedInterface = 1,

    /// <summary>The predictions on the training rows spread less than <see cref="HybridDegeneracyRules.MinPredictionSpread"/> of the label SD.</summary>
    ConstantPredictions = 2,

    /// <summary>No epoch's training loss fell below the untrained model's.</summary>
    LossNeverFell = 4,
}

/// <summary>The thresholds behind <see cref="HybridDegeneracy"/> and the message that explains a degenerate model.</summary>
public static class HybridDegeneracyRules
{
    /// <summary>Interface saturation above which a model is flagged (the issue's degenerate runs sat at 100%).</summary>
    public const double MaxSaturation = 0.95;

    /// <summary>Prediction SD, as a fraction of the label SD, below which predictions count as constant.</summary>
    public const double MinPredictionSpread = 0.01;

    internal static HybridDegeneracy Evaluate(HybridTrainingDiagnostics d)
    {
        var flags = HybridDegeneracy.None;
        if (d.InterfaceSaturation > MaxSaturation)
            flags |= HybridDegeneracy.SaturatedInterface;
        if (d.PredictionSpread < MinPredictionSpread)
            flags |= HybridDegeneracy.ConstantPredictions;
        if (d.EpochsRun > 0 && double.IsFinite(d.InitialTrainLoss) && d.EpochTrainLoss.Min() >= d.InitialTrainLoss)
            flags |= HybridDegeneracy.LossNeverFell;
        return flags;
    }

    /// <summary>One sentence naming each sign with its number, and the likely causes.</summary>
    /// <param name="d">Diagnostics of the trained model.</param>
    /// <param name="learningRate">The learning rate used, named in the advice.</param>
    /// <returns>The message; empty when <see cref="HybridTrainingDiagnostics.Degeneracy"/> is <see cref="HybridDegeneracy.None"/>.</returns>
    public static string Describe(HybridTrainingDiagnostics d, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(d);
        var flags = d.Degeneracy;
        if (flags == HybridDegeneracy.None)
            return "";
        var signs = new List<string>();
        if (flags.HasFlag(HybridDegeneracy.SaturatedInterface))
            signs.Add(Invariant($"interface saturation {d.InterfaceSaturation:P1} (above {MaxSaturation:P0})"));
        if (flags.HasFlag(HybridDegeneracy.ConstantPredictions))
            signs.Add(Invariant($"near-constant predictions (spread {d.PredictionSpread:P2} of the label SD)"));
        if (flags.HasFlag(HybridDegeneracy.LossNeverFell))
            signs.Add(Invariant($"a training loss that never fell below its start ({d.InitialTrainLoss:G4})"));
        return Invariant($"The trained model learned nothing: {string.Join("; ", signs)}. Likely causes: unscaled features (put a normalizer such as NormalizeMeanVariance before the trainer) or a learning rate too high (now {learningRate}).");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
