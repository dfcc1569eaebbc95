using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.ML;

namespace Qhml.MLNet.Serving;

/// <summary>
/// Thread-safe scoring for named ML.NET models: each call rents a PredictionEngine of the model's current version
/// from a pool (a PredictionEngine itself is not thread-safe) and gives it back. Models reload when their file changes
/// or on <see cref="ReloadAsync"/>: the new file is loaded and must score a probe row to a finite value before it
/// replaces the old model; calls in flight finish on the old model; a rejected file leaves the old model serving and
/// is logged with the file and the reason. Register it with
/// <see cref="QhmlServingServiceCollectionExtensions.AddQhmlPredictionPool{TInput, TOutput}(Microsoft.Extensions.DependencyInjection.IServiceCollection)"/>.
/// </summary>
/// <typeparam name="TInput">The input row type.</typeparam>
/// <typeparam name="TOutput">The output row type.</typeparam>
public sealed class QhmlPredictionPool<TInput, TOutput> : IDisposable
    where TInput : class, new()
    where TOutput : class, new()
{
    private readonly Dictionary<string, ModelSlot<TInput, TOutput>> _slots = new(StringComparer.Ordinal);
    private volatile bool _disposed;

    /// <summary>Loads every registered model; the pool is built by the service provider on first use.</summary>
    internal QhmlPredictionPool(IOptions<QhmlPoolModelNames<TInput, TOutput>> names, IOptionsMonitor<QhmlModelOptions<TInput, TOutput>> options, ILoggerFactory? loggerFactory)
    {
        ILogger logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Qhml.MLNet.Serving.QhmlPredictionPool");
        if (names.Value.Names.Count == 0)
            throw new InvalidOperationException($"The prediction pool for {typeof(TInput).Name} -> {typeof(TOutput).Name} has no model; add one with .FromFile(modelName, path).");
        try
        {
            foreach (string name in names.Value.Names)
            {
                if (_slots.ContainsKey(name))
                    throw new InvalidOperationException($"A model named '{name}' is registered twice in the prediction pool; model names must be unique.");
                QhmlModelOptions<TInput, TOutput> modelOptions = options.Get(name);
                _slots.Add(name, new ModelSlot<TInput, TOutput>(name, modelOptions, modelOptions.Score ?? DefaultScore(), logger));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The names of the served models, in registration order.</summary>
    public IReadOnlyList<string> ModelNames => [.. _slots.Keys];

    /// <summary>Scores one row with the named model.</summary>
    /// <param name="modelName">A registered model name.</param>
    /// <param name="input">The row.</param>
    /// <returns>The model's output.</returns>
    /// <exception cref="ArgumentException">No model has that name.</exception>
    public TOutput Predict(string modelName, TInput input) => Predict(modelName, input, out _);

    /// <summary>Scores one row with the named model and says which model version scored it.</summary>
    /// <param name="modelName">A registered model name.</param>
    /// <param name="input">The row.</param>
    /// <param name="model">The model version that scored the row (its content hash identifies the file).</param>
    /// <returns>The model's output.</returns>
    /// <exception cref="ArgumentException">No model has that name.</exception>
    public TOutput Predict(string modelName, TInput input, out ServedModelInfo model)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Predict(modelName, _ => input, out model);
    }

    /// <summary>
    /// Scores one row built for the exact model version that scores it: <paramref name="prepare"/> gets that version
    /// (its input schema, e.g. the gene order) after the engine is rented, so a reload in between cannot mismatch them.
    /// </summary>
    /// <param name="modelName">A registered model name.</param>
    /// <param name="prepare">Builds the row for the given model version; an exception it throws passes to the caller.</param>
    /// <param name="model">The model version that scored the row.</param>
    /// <returns>The model's output.</returns>
    /// <exception cref="ArgumentException">No model has that name.</exception>
    public TOutput Predict(string modelName, Func<ServedModelInfo, TInput> prepare, out ServedModelInfo model)
    {
        ArgumentNullException.ThrowIfNull(prepare);
        ServedModel<TInput, TOutput> served = Rent(modelName, out var engine);
        try
        {
            model = served.Info;
            return engine.Predict(prepare(served.Info));
        }
        finally
        {
            served.Return(engine);
        }
    }

    /// <summary>Scores many rows with one engine of the named model; every row is scored by the same model version.</summary>
    /// <param name="modelName">A registered model name.</param>
    /// <param name="inputs">The rows.</param>
    /// <param name="model">The model version that scored the rows.</param>
    /// <returns>One output per row, in order.</returns>
    /// <exception cref="ArgumentException">No model has that name, or a row is null.</exception>
    public TOutput[] PredictBatch(string modelName, IReadOnlyList<TInput> inputs, out ServedModelInfo model)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return PredictBatch(modelName, _ => inputs, out model);
    }

    /// <summary>Scores many rows built for the exact model version that scores them (see <see cref="Predict(string, Func{ServedModelInfo, TInput}, out ServedModelInfo)"/>).</summary>
    /// <param name="modelName">A registered model name.</param>
    /// <param name="prepare">Builds the rows for the given model version; an exception it throws passes to the caller.</param>
    /// <param name="model">The model version that scored the rows.</param>
    /// <returns>One output per row, in order.</returns>
    /// <exception cref="ArgumentException">No model has that name, or a row is null.</exception>
    public TOutput[] PredictBatch(string modelName, Func<ServedModelInfo, IReadOnlyList<TInput>> prepare, out ServedModelInfo model)
    {
        ArgumentNullException.ThrowIfNull(prepare);
        ServedModel<TInput, TOutput> served = Rent(modelName, out var engine);
        try
        {
            model = served.Info;
            IReadOnlyList<TInput> inputs = prepare(served.Info);
            var outputs = new TOutput[inputs.Count];
            for (int i = 0; i < outputs.Length; i++)
                outputs[i] = engine.Predict(inputs[i] ?? throw new ArgumentException($"Row {i} of the batch is null.", nameof(prepare)));
            return outputs;
        }
        finally
        {
            served.Return(engine);
        }
    }

    /// <summary>Scores many rows with the named model.</summary>
    /// <param name="modelName">A registered model name.</param>
    /// <param name="inputs">The rows.</param>
    /// <returns>One output per row, in order.</returns>
    public TOutput[] PredictBatch(string modelName, IReadOnlyList<TInput> inputs) => PredictBatch(modelName, inputs, out _);

    /// <summary>The model serving under a name now.</summary>
    /// <param name="modelName">A registered model name.</param>
    /// <returns>Its file, content hash, load time and trainer.</returns>
    public ServedModelInfo GetModel(string modelName) => Slot(modelName).Current.Info;

    /// <summary>The model serving under a name now, and the last rejected reload if it came after.</summary>
    /// <param name="modelName">A registered model name.</param>
    /// <returns>The status.</returns>
    public ServedModelStatus GetStatus(string modelName) => Slot(modelName).Status;

    /// <summary>Reloads a model from its file now (as a file change would): swaps only after the new model loads and passes the probe.</summary>
    /// <param name="modelName">A registered model name.</param>
    /// <param name="cancellation">Cancels the wait for a stable file or for a reload already running.</param>
    /// <returns>Whether the model was swapped, unchanged (same bytes), or the file rejected and why.</returns>
    public Task<ModelReloadResult> ReloadAsync(string modelName, CancellationToken cancellation = default) => Slot(modelName).ReloadAsync(cancellation);

    /// <summary>Stops watching the files and disposes the engines (those still scoring when they are returned).</summary>
    public void Dispose()
    {
        _disposed = true;
        foreach (var slot in _slots.Values)
            slot.Dispose();
        _slots.Clear();
    }

    private ServedModel<TInput, TOutput> Rent(string modelName, out PredictionEngine<TInput, TOutput> engine)
    {
        ModelSlot<TInput, TOutput> slot = Slot(modelName);
        ServedModel<TInput, TOutput> served = slot.Current;
        // A reload retires the old model right after swapping in the new one: a call that read the old one just before
        // finds it retired and takes the new one.
        while (!served.TryRent(out engine))
        {
            ServedModel<TInput, TOutput> next = slot.Current;
            if (ReferenceEquals(next, served))
                throw new ObjectDisposedException(GetType().Name, "The prediction pool was disposed.");
            served = next;
        }
        return served;
    }

    private ModelSlot<TInput, TOutput> Slot(string modelName)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _slots.TryGetValue(modelName, out var slot) ? slot
            : throw new ArgumentException($"No model named '{modelName}' is served; the pool serves: {string.Join(", ", _slots.Keys)}.", nameof(modelName));
    }

    private static Func<TOutput, float> DefaultScore()
    {
        PropertyInfo? score = typeof(TOutput).GetProperty("Score", BindingFlags.Public | BindingFlags.Instance);
        if (score is null || score.PropertyType != typeof(float) || score.GetMethod is null)
            throw new InvalidOperationException(
                $"{typeof(TOutput).Name} has no public float property 'Score' to check a new model's probe score; set QhmlModelOptions.Score.");
        return score.GetMethod.CreateDelegate<Func<TOutput, float>>();
    }
}
