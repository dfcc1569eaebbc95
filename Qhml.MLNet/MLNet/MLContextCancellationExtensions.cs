using Microsoft.ML;

namespace Qhml.MLNet;

/// <summary>
/// A public way to stop a running <c>Fit</c>: ML.NET's <c>MLContext.CancelExecution</c> is internal, so
/// users cannot cancel training from a <see cref="CancellationToken"/> today.
/// </summary>
public static class MLContextCancellationExtensions
{
    /// <summary>
    /// Links <paramref name="cancellationToken"/> to <paramref name="mlContext"/>: when the token is
    /// cancelled, the context's execution is cancelled, which stops the <c>QuantumHybrid</c> trainer between
    /// mini-batches and the built-in trainers that poll the context's flag (e.g. FastTree between trees).
    /// The interrupted <c>Fit</c> throws an <see cref="OperationCanceledException"/> (FastTree wraps it in an
    /// <see cref="AggregateException"/>, since it builds trees in parallel tasks).
    /// </summary>
    /// <remarks>
    /// The token stops the trainings of this context's components, whether they were created before or after
    /// the link: ML.NET cancels every host registered on the context, and hosts registered later start
    /// cancelled. It does not reach a component created from another <see cref="MLContext"/>.
    /// How soon a training stops depends on the trainer: <c>QuantumHybrid</c> checks before its first
    /// mini-batch and between mini-batches (a thread of its own polls the flag every 20 ms); FastTree, FastForest
    /// and LightGbm check between trees or boosting iterations; Sdca checks at every example.
    /// Limitation: a token cancelled by a timer (<see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/> or
    /// the <see cref="CancellationTokenSource(TimeSpan)"/> constructor) fires on the thread pool, and a training's
    /// own parallel loops can starve that timer: with a fresh process (the pool at its minimum size, one of its
    /// threads running the <c>Fit</c>), a 300 ms timer did not fire during a whole 21 s hybrid fit in about one
    /// run in six; with more pool threads it fires within about a second. For a deadline, cancel the token from
    /// a thread of your own (the experiment runner's time budget does), not from a timer.
    /// ML.NET's cancellation is one-way: a cancelled context stays cancelled, so use a fresh
    /// <see cref="MLContext"/> for the next training. Dispose the result to unlink the token.
    /// </remarks>
    /// <param name="mlContext">The context whose trainings should stop.</param>
    /// <param name="cancellationToken">The token that stops them.</param>
    /// <returns>The link; dispose it when the training is over.</returns>
    public static IDisposable CancelExecutionOn(this MLContext mlContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return cancellationToken.Register(static state => ((MLContext)state!).CancelExecution(), mlContext);
    }
}
