using System.Diagnostics;
using Qhml.MLNet.Common;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace Qhml.MLNet.Experiments;

/// <summary>
/// A Model Builder-style regression experiment, shaped like ML.NET AutoML's <c>AutoMLExperiment</c>: set
/// the dataset, the featurization pipeline, the label, the metric and the time (or a trial limit), run, and
/// get every trial's result with the best pipeline refitted. Trials try trainer families
/// (<see cref="ExperimentFamilies"/>) with configurations from a tuner (<see cref="ExperimentTuner"/>).
/// </summary>
/// <remarks>
/// Trials run in rounds of <see cref="SetTrialsPerRound"/> proposed from the results of earlier rounds only,
/// and each trial trains single-threaded with a seed derived from the experiment seed and its id: the same
/// seed and trial limit give the same leaderboard whatever <see cref="SetParallelTrials"/> is. A trial that
/// throws or diverges is recorded as failed. Each finished trial is appended to the results file
/// (<see cref="SetResultsFile"/>); an experiment resumes from it. Progress goes to <c>MLContext.Log</c>,
/// to <see cref="TrialCompleted"/> and to the <see cref="IProgress{T}"/> given to <see cref="RunAsync"/>.
/// </remarks>
public sealed class RegressionExperiment
{
    private readonly MLContext _mlContext;
    private readonly object _gate = new();
    private IDataView? _train, _validation;
    private int _folds = 5;
    private Func<MLContext, IEstimator<ITransformer>>? _featurizer;
    private string _label = DefaultColumnNames.Label, _features = DefaultColumnNames.Features;
    private IReadOnlyList<ExperimentFamily> _families = ExperimentFamilies.All;
    private ExperimentMetric _metric = ExperimentMetric.RSquared;
    private TimeSpan? _budget;
    private int? _maxTrials;
    private int _seed, _parallel = 1, _roundSize = 4;
    private ExperimentTuner _tuner = ExperimentTuner.SuccessiveHalvingTpe;
    private string? _resultsPath;
    private bool _resume;
    private ExperimentShard _shard = ExperimentShard.All;

    /// <summary>Creates an experiment; its context provides the log (<c>MLContext.Log</c>).</summary>
    /// <param name="mlContext">The context.</param>
    public RegressionExperiment(MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        _mlContext = mlContext;
    }

    /// <summary>Raised after each trial finishes (on the thread that ran it).</summary>
    public event EventHandler<TrialResult>? TrialCompleted;

    /// <summary>Training rows, evaluated by <paramref name="folds"/>-fold cross-validation (folds drawn with the experiment seed).</summary>
    /// <param name="train">Training rows.</param>
    /// <param name="folds">Number of folds, at least 2.</param>
    /// <returns>This experiment.</returns>
    public RegressionExperiment SetDataset(IDataView train, int folds)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (folds < 2)
            throw OutOfRange.Exception(nameof(folds), folds, "Cross-validation needs at least 2 folds.");
        (_train, _validation, _folds) = (train, null, folds);
        return this;
    }

    /// <summary>Training rows and a validation set that scores every trial.</summary>
    /// <param name="train">Training rows.</param>
    /// <param name="validation">Validation rows, same schema.</param>
    /// <returns>This experiment.</returns>
    public RegressionExperiment SetDataset(IDataView train, IDataView validation)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        (_train, _validation, _folds) = (train, validation, 1);
        return this;
    }

    /// <summary>The featurization pipeline put in front of every trainer; it must produce <paramref name="featureColumnName"/>.</summary>
    /// <param name="featurizer">Builds the pipeline prefix in a trial's context (e.g. <c>ml =&gt; ml.Transforms.NormalizeMeanVariance("Features")</c>).</param>
    /// <param name="featureColumnName">The feature vector column it produces.</param>
    /// <returns>This experiment.</returns>
    public RegressionExperiment SetPipeline(Func<MLContext, IEstimator<ITransformer>> featurizer, string featureColumnName = DefaultColumnNames.Features)
    {
        ArgumentNullException.ThrowIfNull(featurizer);
        ArgumentException.ThrowIfNullOrEmpty(featureColumnName);
        (_featurizer, _features) = (featurizer, featureColumnName);
        return this;
    }

    /// <summary>The label column (float).</summary>
    /// <param name="labelColumnName">Its name.</param>
    /// <returns>This experiment.</returns>
    public RegressionExperiment SetLabel(string labelColumnName)
    {
        ArgumentException.ThrowIfNullOrEmpty(labelColumnName);
        _label = labelColumnName;
        return this;
    }

    /// <summary>The candidate trainer families (default: all of <see cref="ExperimentFamilies.All"/>).</summary>
    /// <param name="families">At least one family, unique names.</param>
    /// <returns>This experiment.</returns>
    public RegressionExperiment SetFamilies(params IEnumerable<ExperimentFamily> families)
    {
        ArgumentNullException.ThrowIfNull(families);
        _families = families.ToArray();
        return this;
    }

    /// <summary>The metric to optimize (default R²).</summary>
    /// <param name="metric">The metric.</param>
    /// <returns>This experiment.</returns>
    public RegressionExperiment SetMetric(ExperimentMetric metric)
    {
        if (!Enum.IsDefined(metric))
            throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric.");
        _metric = metric;
        return this;
    }

    /// <summary>The time budget of the search: no trial starts after it and running ones are cancelled at it. The refit of the best pipeline comes after.</summary>
    /// <param name="seconds">Seconds, &gt; 0.</param>
    /// <returns>This experiment.</returns>
    public RegressionExperiment SetTrainingTimeInSeconds(double seconds)
    {
        if (!(seconds > 0) || !double.IsFinite(seconds))
            throw OutOfRange.Exception(nameof(seconds), seconds, "The time budget must be a positive number of seconds.");
        _budget = seconds < TimeSpan.MaxValue.TotalSeconds ? TimeSpan.FromSeconds(seconds) : TimeSpan.MaxValue; // years: no limit in practice
        return this;
    }

    /// <summary>The number of trials of the whole experiment (all shards); with a time budget, whichever comes first.</summary>
    /// <param name="maxTrials">At least 1.</param>
    /// <returns>This experiment.</returns>
    public RegressionExperiment SetMaxTrials(int maxTrials)
    {
        if (maxTrials < 1)
            throw OutOfRange.Exception(nameof(maxTrials), maxTrials, "The trial limit must be at least 1.");
        _maxTrials = maxTrials;
        return this;
    }

    /// <summary>The experiment seed (folds, proposals, trial seeds).</summary>
    /// <param name="seed">The seed.</param>
    /// <returns>This experiment.</returns>
    public RegressionExperiment SetSeed(int seed)
    {
        _seed = seed;
        return this;
    }

    /// <summary>How many trials train at once (each on one thread). Does not change results.</summary>
    /// <param name="parallelTrials">At least 1.</param>
    /// <returns>This experiment.</returns>
    public RegressionExperiment SetParallelTrials(int parallelTrials)
    {
        if (parallelTrials < 1)
            throw OutOfRange.Exception(nameof(parallelTrials), parallelTrials, "At least one trial must run at a time.");
        _parallel = parallelTrials;
        return this;
    }

    /// <summary>Trials proposed together from the same results (default 4). Part of the experiment's identity; more parallel trials than this do not help.</summary>
    /// <param name="trialsPerRound">At least 1.</param>
    /// <returns>This experiment.</returns>
    public RegressionExperiment SetTrialsPerRound(int trialsPerRound)
    {
        if (trialsPerRound < 1)
            throw OutOfRange.Exception(nameof(trialsPerRound), trialsPerRound, "A round needs at least one trial.");
        _roundSize = trialsPerRound;
        return this;
    }

    /// <summary>The tuner (default successive halving + TPE).</summary>
    /// <param name="tuner">The tuner.</param>
    /// <returns>This experiment.</returns>
    public RegressionExperiment SetTuner(ExperimentTuner tuner)
    {
        if (!Enum.IsDefined(tuner))
            throw new ArgumentOutOfRangeException(nameof(tuner), tuner, "Unknown tuner.");
        _tuner = tuner;
        return this;
    }

    /// <summary>
    /// Appends every finished trial to <paramref name="path"/>. With <paramref name="resume"/>, an existing
    /// file of the same experiment is read first and its trials are not run again; without it, an existing
    /// file is an error.
    /// </summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="resume">Continue from the file if it exists.</param>
    /// <returns>This experiment.</returns>
    public RegressionExperiment SetResultsFile(string path, bool resume = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        (_resultsPath, _resume) = (Path.GetFullPath(path), resume);
        return this;
    }

    /// <summary>
    /// Runs only this shard's trials (ids with <c>id mod N = i</c>). With <see cref="ExperimentTuner.Random"/> the
    /// trial list does not depend on results and a shard runs its whole part. With the adaptive tuner a round is
    /// proposed from all earlier rounds' results, so a shard runs its part of the rounds it can plan and stops;
    /// merge the shards' results files (<see cref="ExperimentResultsFile.Merge"/>), give every shard the merged
    /// file and resume them: each proposes the same next round from the same history and runs its part.
    /// </summary>
    /// <param name="shard">The shard.</param>
    /// <returns>This experiment.</returns>
    public RegressionExperiment SetShard(ExperimentShard shard)
    {
        if (shard.Count < 1 || shard.Index < 0 || shard.Index >= shard.Count)
            throw new ArgumentOutOfRangeException(nameof(shard), shard, "A shard is i/N with 0 <= i < N.");
        _shard = shard;
        return this;
    }

    /// <summary>
    /// The line that makes results comparable (written at the top of the results file and checked on
    /// resume and merge): label, metric, seed, evaluation, tuner, round size, families.
    /// </summary>
    public string Identity => string.Create(CultureInfo.InvariantCulture,
        $"label={_label};metric={_metric};seed={_seed};evaluation={(_validation is null ? $"{_folds}-fold" : "validation-set")};tuner={_tuner};round={_roundSize};families={string.Join('+', _families.Select(f => f.Name))}");

    /// <summary>Checks every setting against the data without training; <see cref="RunAsync"/> calls it first.</summary>
    /// <exception cref="InvalidOperationException">A setting is missing or inconsistent, or the label/feature column is missing or of the wrong type.</exception>
    public void Validate()
    {
        if (_train is null)
            throw new InvalidOperationException("No dataset: call SetDataset first.");
        if (_featurizer is null)
            throw new InvalidOperationException("No featurization pipeline: call SetPipeline first (e.g. ml => ml.Transforms.NormalizeMeanVariance(\"Features\")).");
        if (_families.Count == 0)
            throw new InvalidOperationException("The search is empty: no trainer family was given.");
        var duplicate = _families.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"Trainer family '{duplicate.Key}' is given twice.");
        if (_budget is null && _maxTrials is null)
            throw new InvalidOperationException("No budget: set a time budget (SetTrainingTimeInSeconds) and/or a trial limit (SetMaxTrials).");
        CheckColumns(_train.Schema, "training");
        if (_validation is not null)
            CheckColumns(_validation.Schema, "validation");
        if (_resultsPath is not null && File.Exists(_resultsPath) && !_resume)
            throw new InvalidOperationException($"The results file '{_resultsPath}' exists. Resume from it, or choose another file.");
    }

    private void CheckColumns(DataViewSchema schema, string role)
    {
        var label = schema.GetColumnOrNull(_label);
        if (label is null)
            throw new InvalidOperationException($"The {role} data have no label column '{_label}'. Columns: {string.Join(", ", schema.Select(c => c.Name))}.");
        if (label.Value.Type != NumberDataViewType.Single)
            throw new InvalidOperationException($"Label column '{_label}' of the {role} data is {label.Value.Type}; a regression label must be Single (float).");
        DataViewSchema output;
        try
        {
            // Fitted on a few rows: the public way to learn the pipeline's output schema.
            output = _featurizer!(_mlContext).Fit(_mlContext.Data.TakeRows(DataOf(role), 32)).GetOutputSchema(schema);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new InvalidOperationException($"The featurization pipeline does not apply to the {role} data: {e.Message}", e);
        }
        if (output.GetColumnOrNull(_features)?.Type is not VectorDataViewType { IsKnownSize: true } vector || vector.ItemType != NumberDataViewType.Single)
            throw new InvalidOperationException($"The featurization pipeline must produce '{_features}', a known-size vector of Single, from the {role} data.");
    }

    private IDataView DataOf(string role) => role == "training" ? _train! : _validation!;

    /// <summary>Runs the experiment.</summary>
    /// <param name="progress">Receives each finished trial (optional).</param>
    /// <param name="cancellationToken">Stops the experiment: running trainings are cancelled, finished trials stay in the results file.</param>
    /// <returns>The trials, the leaderboard and the best pipeline refitted on all training rows.</returns>
    /// <exception cref="InvalidOperationException">A setting is invalid (before any trial runs), or the results file belongs to another experiment.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<ExperimentResult> RunAsync(IProgress<TrialResult>? progress = null, CancellationToken cancellationToken = default)
    {
        Validate();
        IReadOnlyList<TrialResult> resumed = PrepareResultsFile();
        return Task.Run(() => Run(resumed, progress, cancellationToken), CancellationToken.None);
    }

    private IReadOnlyList<TrialResult> PrepareResultsFile()
    {
        if (_resultsPath is null)
            return [];
        if (File.Exists(_resultsPath))
        {
            var (identity, trials) = ExperimentResultsFile.Read(_resultsPath);
            if (identity != Identity)
                throw new InvalidOperationException($"The results file '{_resultsPath}' belongs to another experiment:\n  {identity}\nthis one is\n  {Identity}");
            return trials;
        }
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_resultsPath)!);
            ExperimentResultsFile.Create(_resultsPath, Identity);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"Cannot write the results file '{_resultsPath}': {e.Message}", e);
        }
        return [];
    }

    private ExperimentResult Run(IReadOnlyList<TrialResult> resumed, IProgress<TrialResult>? progress, CancellationToken cancellationToken)
    {
        var host = ((IHostEnvironment)_mlContext).Register("Experiment");
        using var ch = host.Start("Experiment");
        var clock = Stopwatch.StartNew();
        double clockOffset = resumed.Count == 0 ? 0 : resumed.Max(t => t.FinishedAtSeconds);
        var folds = MakeFolds();
        ITrialPlanner planner = _tuner == ExperimentTuner.Random
            ? new RandomTrialPlanner(_families, _seed)
            : new HalvingTpeTrialPlanner(_families, _seed, _metric);
        var done = resumed.ToDictionary(t => t.TrialId);
        Log(ch, string.Create(CultureInfo.InvariantCulture,
            $"Experiment {Identity}; shard {_shard}; budget {(_budget is { } b ? $"{b.TotalSeconds:G} s" : "none")}, trial limit {(_maxTrials?.ToString(CultureInfo.InvariantCulture) ?? "none")}; {done.Count} trials resumed."));

        using var deadline = new ExperimentDeadline(_budget);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        // An adaptive tuner's round depends on every earlier trial: a shard stops where another shard's part
        // of an earlier round is missing, and continues after a merge and a resume.
        bool waitsForShards = _shard.Count > 1 && _tuner != ExperimentTuner.Random;
        var plannedEarlier = new List<int>();
        for (int round = 0; !stop.IsCancellationRequested; round++)
        {
            int first = round * _roundSize;
            if (_maxTrials is int max && first >= max)
                break;
            if (waitsForShards && plannedEarlier.Any(id => !done.ContainsKey(id)))
            {
                Log(ch, string.Create(CultureInfo.InvariantCulture,
                    $"Shard {_shard} has run its part of rounds 0-{round - 1}; round {round} needs the other shards' results: merge the shards' results files and resume every shard from the merged file."));
                break;
            }
            var history = done.Values.Where(t => t.TrialId < first).OrderBy(t => t.TrialId).ToArray();
            var proposed = planner.ProposeRound(history, first, _roundSize)
                .Where(p => _maxTrials is not int m || p.TrialId < m).ToArray();
            plannedEarlier.AddRange(proposed.Select(p => p.TrialId));
            var planned = proposed.Where(p => _shard.Owns(p.TrialId)).ToArray();
            foreach (var p in planned.Where(p => done.ContainsKey(p.TrialId)))
                CheckResumed(p, done[p.TrialId]);
            var toRun = planned.Where(p => !done.ContainsKey(p.TrialId)).ToArray();
            Parallel.ForEach(toRun, new ParallelOptions { MaxDegreeOfParallelism = _parallel }, trial =>
            {
                if (stop.IsCancellationRequested)
                    return;
                TrialResult? result = RunTrial(trial, folds, clock, clockOffset, stop.Token);
                if (result is null)
                    return; // cut by the budget or the caller: not a result, rerun on resume
                lock (_gate)
                {
                    done[result.TrialId] = result;
                    if (_resultsPath is not null)
                        ExperimentResultsFile.Append(_resultsPath, result);
                    Log(ch, result.ToString());
                }
                TrialCompleted?.Invoke(this, result);
                progress?.Report(result);
            });
        }
        cancellationToken.ThrowIfCancellationRequested();

        var trials = done.Values.OrderBy(t => t.TrialId).ToArray();
        TrialResult? best = ExperimentResult.Rank(trials, _metric).FirstOrDefault(t => t.Status == TrialStatus.Succeeded);
        ITransformer? model = null;
        var refit = Stopwatch.StartNew();
        if (best is not null)
        {
            Log(ch, $"Refitting the best trial on all training rows: {best}");
            var ml = new MLContext(best.Seed);
            model = Pipeline(ml, Plan(best)).Fit(_train!);
        }
        else
            Log(ch, "No trial succeeded; there is no best model.");
        return new ExperimentResult(_metric, trials, best, model, _train!.Schema, refit.Elapsed.TotalSeconds);
    }

    private void Log(IChannel ch, string message)
    {
        lock (_gate)
            ch.Info(MessageSensitivity.None, message);
    }

    private PlannedTrial Plan(TrialResult trial)
    {
        ExperimentFamily family = _families.First(f => f.Name == trial.Family);
        return new PlannedTrial(trial.TrialId, family, TrialConfiguration.Parse(trial.Configuration, family.SearchSpace), trial.Rung);
    }

    private static void CheckResumed(PlannedTrial planned, TrialResult recorded)
    {
        string configuration = planned.Configuration.Format(planned.Family.SearchSpace);
        if (recorded.Family != planned.Family.Name || recorded.Configuration != configuration)
            throw new InvalidOperationException($"Trial {planned.TrialId} in the results file ({recorded.Family}: {recorded.Configuration}) is not the trial this experiment plans ({planned.Family.Name}: {configuration}); the file comes from a different experiment or code version.");
    }

    private (IDataView Train, IDataView Test)[] MakeFolds()
    {
        if (_validation is not null)
            return [(_train!, _validation)];
        return _mlContext.Data.CrossValidationSplit(_train!, _folds, seed: _seed).Select(f => (f.TrainSet, f.TestSet)).ToArray();
    }

    private Microsoft.ML.Data.EstimatorChain<ITransformer> Pipeline(MLContext ml, PlannedTrial trial)
        => _featurizer!(ml).Append(trial.Family.CreateTrainer(ml, trial.Configuration, new TrialContext(_label, _features, TrialSeeds.For(_seed, trial.TrialId, stream: 1))));

    private TrialResult? RunTrial(PlannedTrial trial, (IDataView Train, IDataView Test)[] folds, Stopwatch clock, double clockOffset, CancellationToken stop)
    {
        int seed = TrialSeeds.For(_seed, trial.TrialId, stream: 1);
        string configuration = trial.Configuration.Format(trial.Family.SearchSpace);
        var watch = Stopwatch.StartNew();
        var metrics = new List<double>(folds.Length);
        string? error = null;
        try
        {
            for (int k = 0; k < folds.Length; k++)
            {
                stop.ThrowIfCancellationRequested();
                var ml = new MLContext(seed);
                using var link = ml.CancelExecutionOn(stop);
                var model = Pipeline(ml, trial).Fit(folds[k].Train);
                IDataView scored = model.Transform(folds[k].Test);
                float[] labels = scored.GetColumn<float>(_label).ToArray();
                float[] scores = scored.GetColumn<float>(DefaultColumnNames.Score).ToArray();
                double value = _metric.Compute(labels, scores);
                if (!double.IsFinite(value))
                    throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                        $"diverged: {_metric} on fold {k + 1} is not finite (non-finite or constant predictions)."));
                metrics.Add(value);
            }
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception e)
        {
            error = e.GetType().Name + ": " + e.Message;
        }
        return new TrialResult(trial.TrialId, trial.Family.Name, trial.Rung, configuration, seed,
            error is null ? TrialStatus.Succeeded : TrialStatus.Failed, error is null ? metrics : [],
            watch.Elapsed.TotalSeconds, clockOffset + clock.Elapsed.TotalSeconds, error);
    }
}
