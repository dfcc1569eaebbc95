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
    /// Known limitation (under investigation): ML.NET cancels the hosts it tracks when the token fires, and
    /// in some runs a <c>Fit</c> started on the context was seen to continue to its end; do not rely on this
    /// link alone to bound a training's time.
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
