using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace Qhml.MLNet.Serving;

/// <summary>
/// One named model: the model serving now, and its reloads (on request or when the watched file changes). Reloads are
/// serialized; requests never wait for one: they score on whichever model is current when they start.
/// </summary>
internal sealed class ModelSlot<TInput, TOutput> : IDisposable
    where TInput : class, new()
    where TOutput : class, new()
{
    private readonly QhmlModelOptions<TInput, TOutput> _options;
    private readonly Func<TOutput, float> _score;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _reloadGate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly PhysicalFileProvider? _files;
    private readonly IDisposable? _watch;
    private ServedModel<TInput, TOutput> _current;

    // Debounce state of the watcher: the time of the last change event, whether one is unhandled, whether a loop runs.
    private long _lastChangeTimestamp;
    private int _changePending;
    private int _loopRunning;

    /// <summary>Loads the model (the first load blocks: no request can come before it) and starts watching the file.</summary>
    /// <exception cref="InvalidDataException">The file is not a model that scores the probe row.</exception>
    /// <exception cref="IOException">The file is missing or unreadable.</exception>
    public ModelSlot(string name, QhmlModelOptions<TInput, TOutput> options, Func<TOutput, float> score, ILogger logger)
    {
        Name = name;
        _options = options;
        _score = score;
        _logger = logger;
        ModelFileSnapshot file = ModelFileSnapshot.ReadStableAsync(options.FilePath, options.StabilityInterval, options.StabilityTimeout, CancellationToken.None)
            .GetAwaiter().GetResult();
        _current = ServedModel<TInput, TOutput>.Load(name, file, options, score, generation: 1);
        LogServing(_current.Info);
        if (options.WatchForChanges)
        {
            // The provider watches the file's folder (keep models in a folder of their own); a rename into place fires too.
            _files = new PhysicalFileProvider(Path.GetDirectoryName(options.FilePath)!, ExclusionFilters.None);
            string fileName = Path.GetFileName(options.FilePath);
            _watch = ChangeToken.OnChange(() => _files.Watch(fileName), OnFileChanged);
        }
    }

    public string Name { get; }

    public ServedModel<TInput, TOutput> Current => Volatile.Read(ref _current);

    public ServedModelStatus Status
    {
        get
        {
            var failure = Volatile.Read(ref _lastFailureBox);
            return new ServedModelStatus(Current.Info, failure?.Reason, failure?.At);
        }
    }

    // A boxed copy of _lastFailure so readers on other threads see a whole value.
    private FailureBox? _lastFailureBox;

    private sealed record FailureBox(string Reason, DateTimeOffset At);

    /// <summary>Reads the file once stable, and swaps in the new model if it differs from the serving one and passes the probe.</summary>
    public async Task<ModelReloadResult> ReloadAsync(CancellationToken cancellation)
    {
        await _reloadGate.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            ServedModel<TInput, TOutput> serving = Current;
            ServedModel<TInput, TOutput> next;
            try
            {
                ModelFileSnapshot file = await ModelFileSnapshot.ReadStableAsync(
                    _options.FilePath, _options.StabilityInterval, _options.StabilityTimeout, cancellation).ConfigureAwait(false);
                if (file.ContentHash == serving.Info.ContentHash)
                {
                    ServingLog.ReloadUnchanged(_logger, Name, file.FilePath, file.ContentHash);
                    return new ModelReloadResult(ModelReloadOutcome.Unchanged, serving.Info, null);
                }
                next = await Task.Run(() => ServedModel<TInput, TOutput>.Load(Name, file, _options, _score, serving.Info.Generation + 1), cancellation)
                    .ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The file is untrusted input: whatever loading it threw, the old model keeps serving.
                string reason = ex.Message.ReplaceLineEndings(" ").TrimEnd('.');
                Volatile.Write(ref _lastFailureBox, new FailureBox(reason, DateTimeOffset.UtcNow));
                ServingLog.ReloadRejected(_logger, Name, _options.FilePath, reason, serving.Info.ContentHash, serving.Info.Generation);
                return new ModelReloadResult(ModelReloadOutcome.Failed, serving.Info, reason);
            }
            Volatile.Write(ref _current, next);
            serving.Dispose();
            Volatile.Write(ref _lastFailureBox, null);
            LogServing(next.Info);
            return new ModelReloadResult(ModelReloadOutcome.Swapped, next.Info, null);
        }
        finally
        {
            _reloadGate.Release();
        }
    }

    private void OnFileChanged()
    {
        Interlocked.Exchange(ref _lastChangeTimestamp, TimeProvider.System.GetTimestamp());
        Volatile.Write(ref _changePending, 1);
        if (Interlocked.CompareExchange(ref _loopRunning, 1, 0) == 0)
            _ = Task.Run(ReloadOnChangesAsync);
    }

    /// <summary>Waits for a quiet period after the last change, reloads, and repeats while changes keep coming.</summary>
    private async Task ReloadOnChangesAsync()
    {
        try
        {
            while (true)
            {
                TimeSpan quiet;
                while ((quiet = TimeProvider.System.GetElapsedTime(Interlocked.Read(ref _lastChangeTimestamp))) < _options.DebounceDelay)
                    await Task.Delay(_options.DebounceDelay - quiet, _stopping.Token).ConfigureAwait(false);
                Volatile.Write(ref _changePending, 0);
                await ReloadAsync(_stopping.Token).ConfigureAwait(false);

                if (Volatile.Read(ref _changePending) == 1)
                    continue;
                Volatile.Write(ref _loopRunning, 0);
                // A change that arrived between the check and the write above would find the loop still running: recheck.
                if (Volatile.Read(ref _changePending) == 0 || Interlocked.CompareExchange(ref _loopRunning, 1, 0) != 0)
                    return;
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Volatile.Write(ref _loopRunning, 0);
            ServingLog.WatchLoopFailed(_logger, Name, ex);
        }
    }

    private void LogServing(ServedModelInfo info)
        => ServingLog.ModelServing(_logger, Name, info.Generation, info.FilePath, info.ContentHash, info.Trainer, info.LoadDuration.TotalMilliseconds);

    public void Dispose()
    {
        _stopping.Cancel();
        _watch?.Dispose();
        _files?.Dispose();
        Current.Dispose();
    }
}
