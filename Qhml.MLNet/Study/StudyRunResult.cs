namespace Qhml.MLNet.Study;

/// <summary>The outcome of one <see cref="StudyRun"/>.</summary>
/// <param name="Run">The run.</param>
/// <param name="TestSize">Number of test rows (the data set's remaining rows).</param>
/// <param name="Scores">Test-set scores; all NaN when the run failed or predicted non-finite values.</param>
/// <param name="Diverged">Whether training diverged: a non-finite loss or prediction, or a validation loss ending above its start.</param>
/// <param name="Diagnostics">The model's own training diagnostics, when it reports any.</param>
/// <param name="Observed">Test labels (empty unless predictions are kept).</param>
/// <param name="Predicted">Test predictions (empty unless predictions are kept).</param>
/// <param name="Error">Why the run failed (an exception message), or <see langword="null"/> when it completed.</param>
/// <param name="Duration">Wall time of training and scoring.</param>
public sealed record StudyRunResult(
    StudyRun Run,
    int TestSize,
    RegressionScores Scores,
    bool Diverged,
    RunDiagnostics? Diagnostics,
    IReadOnlyList<float> Observed,
    IReadOnlyList<float> Predicted,
    string? Error,
    TimeSpan Duration)
{
    /// <summary>Whether the run threw instead of completing.</summary>
    public bool Failed => Error is not null;

    /// <summary>Interface saturation fraction from the diagnostics; NaN for models without an interface.</summary>
    public double SaturationFraction => Diagnostics?.SaturationFraction ?? double.NaN;
}
