using System.Globalization;
using System.Diagnostics;
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

    /// <summary>Plans a study.</summary>
    /// <param name="datasets">Data sets (drugs), with distinct names.</param>
    /// <param name="models">Model specs, with distinct names.</param>
    /// <param name="options">Sizes, seeds and parallelism; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">Nothing to run, duplicate names, or a training size too large for a data set (the message says which).</exception>
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
        Runs = PlanRuns();
    }

    /// <summary>The runs this study will make, in a fixed order (data set, size, seed, model).</summary>
    public IReadOnlyList<StudyRun> Runs { get; }

    /// <summary>Trains and scores every run, in parallel.</summary>
    /// <param name="onRunCompleted">Called after each run (serialized: never concurrently), for progress reporting.</param>
    /// <param name="cancellationToken">Stops starting new runs.</param>
    /// <returns>The results, in the order of <see cref="Runs"/>.</returns>
    /// <exception cref="OperationCanceledException">The study was cancelled.</exception>
    public StudyResult Run(Action<StudyRunResult>? onRunCompleted = null, CancellationToken cancellationToken = default)
    {
        var results = new StudyRunResult[Runs.Count];
        var callbackLock = new object();
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism,
            CancellationToken = cancellationToken,
        };
        Parallel.For(0, Runs.Count, parallel, i =>
        {
            results[i] = Execute(Runs[i]);
            if (onRunCompleted is not null)
            {
                lock (callbackLock)
                    onRunCompleted(results[i]);
            }
        });
        return new StudyResult(results);
    }

    /// <summary>Trains and scores one run; exceptions from the model become a failed result.</summary>
    private StudyRunResult Execute(StudyRun run)
    {
        StudyDataset dataset = _datasets[run.Dataset];
        ModelSpec spec = _models[run.Model];
        (int[] train, int[] test) = dataset.Split(run.TrainSize, run.SplitSeed);
        float[] observed = test.Select(dataset.GetLabel).ToArray();
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var mlContext = new MLContext(seed: run.ModelSeed);
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
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
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
