using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Qhml.MLNet.Study;

/// <summary>
/// Runs a study: every model on random train/test splits of every data set, for every training size and
/// seed, in parallel. Each run has its own <see cref="MLContext"/> and seeds derived only from what the run
/// is, so its result is the same whatever the degree of parallelism or the order runs finish in.
/// </summary>
public sealed class StudyRunner
{
    // Lists keep the caller's order for planning; dictionaries look runs' parts up by name.
    private readonly List<StudyDataset> _datasetList;
    private readonly List<ModelSpec> _modelList;
    private readonly Dictionary<string, StudyDataset> _datasets;
    private readonly Dictionary<string, ModelSpec> _models;
    private readonly StudyOptions _options;
    private readonly List<StudyRun> _plan; // the whole study, every shard

    /// <summary>Plans a study.</summary>
    /// <param name="datasets">Data sets (drugs), with distinct names.</param>
    /// <param name="models">Model specs, with distinct names.</param>
    /// <param name="options">Sizes, seeds and parallelism; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">Nothing to run, duplicate names, a training size too large for a data set (the message says which), or an invalid shard.</exception>
    public StudyRunner(IEnumerable<StudyDataset> datasets, IEnumerable<ModelSpec> models, StudyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(datasets);
        ArgumentNullException.ThrowIfNull(models);
        _options = options ?? new StudyOptions();
        _datasetList = datasets.ToList();
        _modelList = models.ToList();
        _datasets = ToDictionary(_datasetList, d => d.Name, "data set");
        _models = ToDictionary(_modelList, m => m.Name, "model");
        if (_datasets.Count == 0)
            throw new ArgumentException("A study needs at least one data set.", nameof(datasets));
        if (_models.Count == 0)
            throw new ArgumentException("A study needs at least one model.", nameof(models));
        if (_options.TrainSizes.Count == 0)
            throw new ArgumentException("A study needs at least one training size.", nameof(options));
        if (_options.Seeds < 1)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Seeds must be at least 1; got {_options.Seeds}."), nameof(options));
        if (_options.FirstSeedIndex < 0)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"FirstSeedIndex must be at least 0; got {_options.FirstSeedIndex}."), nameof(options));
        if (_options.MaxDegreeOfParallelism < 1)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"MaxDegreeOfParallelism must be at least 1; got {_options.MaxDegreeOfParallelism}."), nameof(options));
        if (_options.Shard.Count < 1 || _options.Shard.Index < 0 || _options.Shard.Index >= _options.Shard.Count)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Shard {_options.Shard.Index}/{_options.Shard.Count} is invalid: a shard is i/N with 0 <= i < N."), nameof(options));
        foreach (StudyDataset dataset in _datasets.Values)
        {
            foreach (int size in _options.TrainSizes)
            {
                if (size < 2 || size > dataset.RowCount - 2)
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture, $"Training size {size} does not fit data set '{dataset.Name}' with {dataset.RowCount} rows: it must be between 2 and {dataset.RowCount - 2} so that at least 2 rows remain for testing."),
                        nameof(options));
            }
        }
        _plan = PlanRuns();
        Runs = Enumerable.Range(0, _plan.Count).Where(_options.Shard.Owns).Select(i => _plan[i]).ToList();
        Identity = StudyIdentity.Build(_datasetList, _modelList, _options);
    }

    /// <summary>
    /// The runs this process makes, in a fixed order (data set, size, seed, model): the whole study, or this shard's
    /// part of it (<see cref="StudyOptions.Shard"/>).
    /// </summary>
    public IReadOnlyList<StudyRun> Runs { get; }

    /// <summary>
    /// The study's settings in one line (data sets with a fingerprint of their values, models, sizes, split indices,
    /// base seed), written at the top of its results file and checked on resume and merge. Parallelism and the shard
    /// are not part of it: they do not change what a run computes.
    /// </summary>
    public string Identity { get; }

    /// <summary>Trains and scores every run, in parallel.</summary>
    /// <param name="onRunCompleted">Called after each run (serialized: never concurrently), for progress reporting.</param>
    /// <param name="cancellationToken">Stops the study: no new run starts, running fits are asked to stop, and runs that finish after it are dropped.</param>
    /// <returns>The results, in the order of <see cref="Runs"/>.</returns>
    /// <exception cref="OperationCanceledException">The study was cancelled.</exception>
    public StudyResult Run(Action<StudyRunResult>? onRunCompleted = null, CancellationToken cancellationToken = default)
        => RunCore(new Dictionary<StudyRunKey, StudyRunResult>(), null, onRunCompleted, cancellationToken);

    /// <summary>
    /// Trains and scores the runs that <paramref name="resultsFile"/> does not hold yet, appending each to it as it
    /// finishes (flushed), so a cancelled or killed study keeps every finished run and resumes from the file.
    /// </summary>
    /// <param name="resultsFile">The study's results file (<see cref="StudyResultsFile.Open"/> with <see cref="Identity"/>).</param>
    /// <param name="onRunCompleted">Called after each new run is in the file (serialized: never concurrently).</param>
    /// <param name="cancellationToken">
    /// Stops the study: no new run starts, running fits are asked to stop (<see cref="MLContextCancellationExtensions.CancelExecutionOn"/>),
    /// and the method returns at once, without waiting for fits that do not stop; runs that finish after the token
    /// fired are abandoned, never written.
    /// </param>
    /// <returns>The runs of the file and the new ones, in the order of <see cref="Runs"/>.</returns>
    /// <exception cref="InvalidOperationException">The file belongs to other settings, or holds a run this study (or shard) does not plan.</exception>
    /// <exception cref="OperationCanceledException">The study was cancelled; the file holds every run finished before.</exception>
    public StudyResult RunWithResultsFile(StudyResultsFile resultsFile, Action<StudyRunResult>? onRunCompleted = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resultsFile);
        if (resultsFile.Identity != Identity)
            throw new InvalidOperationException($"The results file '{resultsFile.Path}' belongs to a study with other settings:\n  {resultsFile.Identity}\nthis one is\n  {Identity}");
        return RunCore(CheckResumed(resultsFile), resultsFile, onRunCompleted, cancellationToken);
    }

    private StudyResult RunCore(Dictionary<StudyRunKey, StudyRunResult> done, StudyResultsFile? file, Action<StudyRunResult>? onRunCompleted, CancellationToken cancellationToken)
    {
        var results = new StudyRunResult?[Runs.Count];
        var todo = new List<int>();
        for (int i = 0; i < Runs.Count; i++)
        {
            if (done.TryGetValue(StudyRunKey.Of(Runs[i]), out StudyRunResult? previous))
                results[i] = previous;
            else
                todo.Add(i);
        }
        var gate = new Lock();
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism,
            CancellationToken = cancellationToken,
        };
        // No chunking: runs start in plan order, so a stopped study has finished the start of the plan.
        Task loop = Task.Run(() => Parallel.ForEach(Partitioner.Create(todo, EnumerablePartitionerOptions.NoBuffering), parallel, i =>
        {
            StudyRunResult? result = Execute(Runs[i], cancellationToken);
            if (result is null)
                return;
            lock (gate)
            {
                if (cancellationToken.IsCancellationRequested)
                    return; // finished after the stop: abandoned, as if it had been interrupted
                file?.Append(result);
                results[i] = result;
                onRunCompleted?.Invoke(result);
            }
        }), CancellationToken.None);
        // After a stop the loop ends on its own, with Parallel's OperationCanceledException: observed here, not left to the finalizer.
        _ = loop.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        try
        {
            loop.Wait(cancellationToken);
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or AggregateException)
        {
            // Fits that ignore the stop run on and are dropped by the check above; wait only for a row being written.
            lock (gate)
                cancellationToken.ThrowIfCancellationRequested();
        }
        catch (AggregateException e)
        {
            ExceptionDispatchInfo.Throw(e.Flatten().InnerExceptions[0]);
        }
        if (results.Any(r => r is null))
            cancellationToken.ThrowIfCancellationRequested();
        return new StudyResult(results.Select(r => r!).ToArray());
    }

    /// <summary>The file's runs by key, each checked to be a run of this study and of this shard, with the planned seeds.</summary>
    private Dictionary<StudyRunKey, StudyRunResult> CheckResumed(StudyResultsFile file)
    {
        var plan = new Dictionary<StudyRunKey, int>();
        for (int i = 0; i < _plan.Count; i++)
            plan[StudyRunKey.Of(_plan[i])] = i;
        var done = new Dictionary<StudyRunKey, StudyRunResult>();
        foreach (StudyRunResult result in file.Resumed)
        {
            var key = StudyRunKey.Of(result.Run);
            if (!plan.TryGetValue(key, out int index))
                throw new InvalidOperationException($"The results file '{file.Path}' holds run {key}, which this study does not plan.");
            if (_plan[index] != result.Run)
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"Run {key} in '{file.Path}' used split seed {result.Run.SplitSeed} and model seed {result.Run.ModelSeed}; this study plans {_plan[index].SplitSeed} and {_plan[index].ModelSeed}. The file comes from another version of the code."));
            if (!_options.Shard.Owns(index))
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"Run {key} in '{file.Path}' belongs to shard {index % _options.Shard.Count}/{_options.Shard.Count}, not to this shard {_options.Shard}. Resume a shard from its own results file."));
            if (done.TryGetValue(key, out StudyRunResult? seen) && !StudyResultsFile.SameOutcome(seen, result))
                throw new InvalidOperationException($"Run {key} appears twice in '{file.Path}' with different outcomes.");
            done.TryAdd(key, result);
        }
        return done;
    }

    /// <summary>
    /// Trains and scores one run; exceptions from the model become a failed result. Null when the token stopped it:
    /// an interrupted fit is not a result.
    /// </summary>
    private StudyRunResult? Execute(StudyRun run, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
            return null;
        StudyDataset dataset = _datasets[run.Dataset];
        ModelSpec spec = _models[run.Model];
        (int[] train, int[] test) = dataset.Split(run.TrainSize, run.SplitSeed);
        float[] observed = test.Select(dataset.GetLabel).ToArray();
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var mlContext = new MLContext(seed: run.ModelSeed);
            using IDisposable link = mlContext.CancelExecutionOn(cancellationToken);
            IEstimator<ITransformer> pipeline = spec.BuildPipeline(mlContext,
                new ModelSpecContext(dataset.FeatureCount, run.TrainSize, run.ModelSeed));
            ITransformer model = pipeline.Fit(dataset.ToDataView(mlContext, train));
            IDataView scored = model.Transform(dataset.ToDataView(mlContext, test));
            float[] predicted = scored.GetColumn<float>("Score").ToArray();
            RunDiagnostics? diagnostics = spec.ExtractDiagnostics?.Invoke(model);

            bool finite = predicted.All(float.IsFinite);
            RegressionScores scores = finite
                ? RegressionScores.Compute(mlContext, observed, predicted)
                : NaNScores;
            bool diverged = !finite || (diagnostics?.Diverged ?? false);
            stopwatch.Stop();
            return new StudyRunResult(run, test.Length, scores, diverged, diagnostics,
                _options.KeepPredictions ? observed : [], _options.KeepPredictions ? predicted : [],
                Error: null, stopwatch.Elapsed);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            return null; // stopped mid-fit (an OperationCanceledException, or whatever the interrupted trainer threw)
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or InsufficientExecutionStackException))
        {
            // A run that failed on its own is a result; running out of memory is the machine's, and a row for it would
            // keep the run out of every resume, so it stops the study instead (rerun with less parallelism).
            stopwatch.Stop();
            return new StudyRunResult(run, test.Length, NaNScores, Diverged: false, Diagnostics: null, [], [],
                $"{ex.GetType().Name}: {ex.Message}", stopwatch.Elapsed);
        }
    }

    private static readonly RegressionScores NaNScores = new(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);

    private List<StudyRun> PlanRuns()
    {
        var runs = new List<StudyRun>();
        foreach (StudyDataset dataset in _datasetList)
        {
            foreach (int size in _options.TrainSizes)
            {
                for (int s = _options.FirstSeedIndex; s < _options.FirstSeedIndex + _options.Seeds; s++)
                {
                    int splitSeed = DeriveSeed(_options.BaseSeed, StableHash(dataset.Name), size, s);
                    foreach (ModelSpec model in _modelList)
                        runs.Add(new StudyRun(dataset.Name, model.Name, size, s, splitSeed, DeriveSeed(splitSeed, 1, 0, 0)));
                }
            }
        }
        return runs;
    }

    /// <summary>A non-negative seed mixing the inputs (SplitMix64 finalizer): stable across runs and platforms.</summary>
    internal static int DeriveSeed(int a, int b, int c, int d)
    {
        ulong z = (ulong)(uint)a;
        foreach (int v in (ReadOnlySpan<int>)[b, c, d])
        {
            z = (z ^ (uint)v) + 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
        }
        return (int)(z & int.MaxValue);
    }

    /// <summary>FNV-1a of the name: <see cref="string.GetHashCode()"/> is randomized per process.</summary>
    internal static int StableHash(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text)
        {
            hash ^= c;
            hash *= 16777619;
        }
        return (int)hash;
    }

    private static Dictionary<string, T> ToDictionary<T>(IEnumerable<T> items, Func<T, string> name, string what)
    {
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (T item in items)
        {
            ArgumentNullException.ThrowIfNull(item, what);
            if (!result.TryAdd(name(item), item))
                throw new ArgumentException($"Two {what}s are named '{name(item)}'; names must be distinct.");
        }
        return result;
    }
}
