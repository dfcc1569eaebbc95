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
    /// mini-batch and between mini-batches (polling the flag every 20 ms on a thread of its own); FastTree, FastForest
    /// and LightGbm check between trees or boosting iterations; Sdca checks at every example. A
    /// token cancelled by a timer (<see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/>) fires on the
    /// thread pool, which a training's parallel loops keep busy: on a loaded machine it was measured to fire
    /// up to about a second late.
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
