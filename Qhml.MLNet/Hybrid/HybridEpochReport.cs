namespace Qhml.MLNet.Hybrid;

/// <summary>Progress after one training epoch (losses are on standardized labels).</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainLoss">Weighted mean training loss over the epoch's mini-batches.</param>
/// <param name="ValidationLoss">Weighted mean validation loss with the epoch's final weights; NaN without validation.</param>
/// <param name="Saturation">Fraction of the epoch's interface angles within 5% of the ends of the angle range.</param>
internal readonly record struct HybridEpochReport(int Epoch, double TrainLoss, double ValidationLoss, double Saturation);
