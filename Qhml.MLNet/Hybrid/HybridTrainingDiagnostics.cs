namespace Qhml.MLNet.Hybrid;

/// <summary>What happened during training, kept in the model (losses on standardized labels).</summary>
public sealed class HybridTrainingDiagnostics
{
    internal HybridTrainingDiagnostics(double[] trainLoss, double[] validationLoss, int bestEpoch, int trainingRows, int validationRows,
        int skippedNaNLabels, int skippedInvalidFeatures, InterfaceHistogram histogram)
    {
        EpochTrainLoss = Array.AsReadOnly(trainLoss);
        EpochValidationLoss = Array.AsReadOnly(validationLoss);
        BestEpoch = bestEpoch;
        TrainingRowCount = trainingRows;
        ValidationRowCount = validationRows;
        SkippedNaNLabelRows = skippedNaNLabels;
        SkippedInvalidFeatureRows = skippedInvalidFeatures;
        InterfaceHistogram = histogram;
    }

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
    /// <summary>Rows skipped because of a NaN/infinite feature (only with SkipRowsWithInvalidFeatures).</summary>
    public int SkippedInvalidFeatureRows { get; }
    /// <summary>Distribution of the final model's interface angles over the training rows (inference mode).</summary>
    public InterfaceHistogram InterfaceHistogram { get; }
    /// <summary>Fraction of those angles within 5% of the ends of the angle range.</summary>
    public double InterfaceSaturation => InterfaceHistogram.SaturatedFraction;
}
