namespace Qhml.MLNet.Experiments;

/// <summary>
/// The time budget as a token cancelled from a thread of its own. A
/// <c>CancellationTokenSource(TimeSpan)</c> fires on the thread pool, and a training's parallel loops were
/// seen to starve that timer for a whole 21 s fit; this thread only waits for the OS scheduler.
/// </summary>
internal sealed class ExperimentDeadline : IDisposable
{
    private readonly CancellationTokenSource _expired = new();
    private readonly ManualResetEventSlim _disposed = new();
    private readonly Thread? _thread;
    private static readonly TimeSpan LongestWait = TimeSpan.FromMilliseconds(int.MaxValue);

    /// <summary>Starts the countdown; no budget, no deadline.</summary>
    public ExperimentDeadline(TimeSpan? budget)
    {
        if (budget is not { } b)
            return;
        _thread = new Thread(() =>
        {
            // In pieces: one wait takes at most int.MaxValue ms (24.8 days), and a longer budget is legal.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (TimeSpan left = b; left > TimeSpan.Zero; left = b - clock.Elapsed)
            {
                if (_disposed.Wait(left < LongestWait ? left : LongestWait))
                    return;
            }
            _expired.Cancel();
        })
        { IsBackground = true, Name = "Experiment deadline" };
        _thread.Start();
    }

    /// <summary>Cancelled when the budget is spent.</summary>
    public CancellationToken Token => _expired.Token;

    /// <summary>Stops the countdown and waits for its thread.</summary>
    public void Dispose()
    {
        _disposed.Set();
        _thread?.Join();
        _expired.Dispose();
        _disposed.Dispose();
    }
}
