using Microsoft.ML.Runtime;

namespace Qhml.MLNet;

/// <summary>
/// Turns an ML.NET host's cancellation flag (set by <c>MLContext.CancelExecution</c>, which offers nothing to
/// wait on) into a <see cref="CancellationToken"/> the hybrid training loop checks between mini-batches.
/// </summary>
/// <remarks>
/// The flag is polled on a thread of its own, not by a thread-pool timer: training keeps the pool's few
/// workers busy with its parallel loops: a pool timer's tick was measured to arrive hundreds of milliseconds
/// to seconds late on a loaded machine, and not at all during a 21 s fit in a fresh process (the pool at its
/// minimum size); a dedicated thread only waits for the OS scheduler.
/// </remarks>
internal sealed class HostCancellationWatch : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    private readonly IHost _host;
    private readonly CancellationTokenSource _canceled = new();
    private readonly ManualResetEventSlim _stopped = new();
    private readonly Thread _thread;

    public HostCancellationWatch(IHost host)
    {
        _host = host;
        _thread = new Thread(Watch) { IsBackground = true, Name = "QuantumHybrid cancellation watch" };
        _thread.Start();
    }

    /// <summary>Cancelled once the host's flag is seen set.</summary>
    public CancellationToken Token => _canceled.Token;

    /// <summary>Whether the host was cancelled (read now, not at the last poll).</summary>
    public bool IsHostCanceled => _host is ICancelable { IsCanceled: true };

    /// <summary>Forwards the flag at once (e.g. between epochs), without waiting for the next poll.</summary>
    public void CheckNow()
    {
        if (IsHostCanceled)
            _canceled.Cancel();
    }

    private void Watch()
    {
        while (!_stopped.Wait(PollInterval))
        {
            if (IsHostCanceled)
            {
                _canceled.Cancel();
                return;
            }
        }
    }

    /// <summary>Stops the watch thread and waits for it.</summary>
    public void Dispose()
    {
        _stopped.Set();
        _thread.Join();
        _canceled.Dispose();
        _stopped.Dispose();
    }
}
