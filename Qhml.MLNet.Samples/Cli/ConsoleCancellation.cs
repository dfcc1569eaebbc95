namespace Qhml.MLNet.Samples.Cli;

/// <summary>
/// Ctrl+C for a long command: the first press cancels <see cref="Token"/> and keeps the process alive, so the command
/// can keep what finished and say how to resume; a second press lets the runtime end the process at once.
/// </summary>
internal sealed class ConsoleCancellation : IDisposable
{
    /// <summary>Exit code of a command stopped by Ctrl+C: 128 + SIGINT, the shells' convention.</summary>
    public const int ExitCode = 130;

    private readonly CancellationTokenSource _source = new();
    private readonly TextWriter _messages;
    private int _presses;
    private bool _listening;

    /// <summary>Creates a source that is not yet listening to the console (tests press it directly).</summary>
    /// <param name="messages">Where to say what a press does.</param>
    public ConsoleCancellation(TextWriter messages) => _messages = messages;

    /// <summary>Cancelled by the first press.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Starts listening to Ctrl+C.</summary>
    /// <returns>The listening source; dispose it to stop listening.</returns>
    public static ConsoleCancellation Listen()
    {
        var cancellation = new ConsoleCancellation(Console.Error) { _listening = true };
        Console.CancelKeyPress += cancellation.OnCancelKeyPress;
        return cancellation;
    }

    /// <summary>One press of Ctrl+C.</summary>
    /// <returns>True to keep the process alive (the first press), false to let it end (any later press).</returns>
    public bool Press()
    {
        if (Interlocked.Increment(ref _presses) > 1)
            return false;
        _messages.WriteLine("Stopping: finished runs are kept, runs in progress are abandoned. Press Ctrl+C again to end at once.");
        _source.Cancel();
        return true;
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e) => e.Cancel = Press();

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_listening)
            Console.CancelKeyPress -= OnCancelKeyPress;
        _source.Dispose();
    }
}
