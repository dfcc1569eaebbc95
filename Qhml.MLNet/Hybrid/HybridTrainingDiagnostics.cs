namespace Qhml.MLNet.Hybrid;

/// <summary>What happened during training, kept in the model (losses on standardized labels).</summary>
public sealed class HybridTrainingDiagnostics
{
    internal HybridTrainingDiagnostics(double initialTrainLoss, double initialValidationLoss, double[] trainLoss, double[] validationLoss,
        int bestEpoch, int trainingRows, int validationRows, int skippedNaNLabels, int skippedInvalidFeatures, InterfaceHistogram histogram)
    {
        InitialTrainLoss = initialTrainLoss;
        InitialValidationLoss = initialValidationLoss;
        EpochTrainLoss = Array.AsReadOnly(trainLoss);
        EpochValidationLoss = Array.AsReadOnly(validationLoss);
        BestEpoch = bestEpoch;
        TrainingRowCount = trainingRows;
        ValidationRowCount = validationRows;
        SkippedNaNLabelRows = skippedNaNLabels;
        SkippedInvalidFeatureRows = skippedInvalidFeatures;
        InterfaceHistogram = histogram;
    }

    /// <summary>
    /// Training loss of the initialized model before any update, as it predicts (interface statistics at their initial values; NaN in models saved before format version 2).
    /// </summary>
    public double InitialTrainLoss { get; }
    /// <summary>
    /// Validation loss of the initialized model, before any update: the start that <see cref="Diverged"/> compares
    /// with (NaN when there was no validation set, and in models saved before format version 2).
    /// </summary>
    public double InitialValidationLoss { get; }
    /// <summary>Weighted mean training loss per epoch (over that epoch's mini-batches).</summary>
    public IReadOnlyList<double> EpochTrainLoss { get; }
    /// <summary>Validation loss per epoch (NaN entries when there was no validation set).</summary>
    public IReadOnlyList<double> EpochValidationLoss { get; }
    /// <summary>Epochs run.</summary>
    public int EpochsRun => EpochTrainLoss.Count;
    /// <summary>1-based epoch whose weights the model holds (the best validation epoch, else the last).</summary>
    public int BestEpoch { get; }
    /// <summary>Rows trained on.</summary>
    public int TrainingRowCount { get; }
    /// <summary>Rows used for early stopping (0 if none).</summary>
    public int ValidationRowCount { get; }
    /// <summary>Rows skipped because their label was NaN (training and validation sets).</summary>
    public int SkippedNaNLabelRows { get; }
    /// <summary>Rows skipped because of a NaN/infinite feature (only with SkipRowsWithNonFiniteFeatures).</summary>
    public int SkippedInvalidFeatureRows { get; }
    /// <summary>Distribution of the final model's interface angles over the training rows (inference mode).</summary>
    public InterfaceHistogram InterfaceHistogram { get; }
    /// <summary>Fraction of those angles within 5% of the ends of the angle range.</summary>
    public double InterfaceSaturation => InterfaceHistogram.SaturatedFraction;
    /// <summary>
    /// Whether training went wrong: a non-finite training or validation loss in any epoch, or a validation loss at
    /// the last epoch run above <see cref="InitialValidationLoss"/>, i.e. the weights moved away from the data
    /// rather than towards it. The returned model holds the best epoch's weights either way; this flags the run
    /// as unstable. Without a validation set only the first condition applies.
    /// </summary>
    public bool Diverged
    {
        get
        {
            foreach (double loss in EpochTrainLoss)
                if (!double.IsFinite(loss))
                    return true;
            if (ValidationRowCount == 0 || EpochValidationLoss.Count == 0)
                return false;
            foreach (double loss in EpochValidationLoss)
                if (!double.IsFinite(loss))
                    return true;
            return EpochValidationLoss[^1] > InitialValidationLoss;
        }
    }
}
