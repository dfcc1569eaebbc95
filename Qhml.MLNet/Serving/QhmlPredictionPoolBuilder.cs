using Microsoft.Extensions.DependencyInjection;

namespace Qhml.MLNet.Serving;

/// <summary>Adds named models to a <see cref="QhmlPredictionPool{TInput, TOutput}"/> registration.</summary>
/// <typeparam name="TInput">The input row type.</typeparam>
/// <typeparam name="TOutput">The output row type.</typeparam>
public sealed class QhmlPredictionPoolBuilder<TInput, TOutput>
    where TInput : class, new()
    where TOutput : class, new()
{
    internal QhmlPredictionPoolBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection the pool is registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Serves the model saved at <paramref name="filePath"/> under <paramref name="modelName"/>, reloading it when the file changes.</summary>
    /// <param name="modelName">The name requests use to pick this model; unique within the pool.</param>
    /// <param name="filePath">The model file (relative paths are taken from the current directory).</param>
    /// <returns>This builder, to add more models.</returns>
    public QhmlPredictionPoolBuilder<TInput, TOutput> FromFile(string modelName, string filePath)
        => FromFile(modelName, filePath, QhmlServingDefaults.WatchForChanges);

    /// <summary>Serves the model saved at <paramref name="filePath"/> under <paramref name="modelName"/>.</summary>
    /// <param name="modelName">The name requests use to pick this model; unique within the pool.</param>
    /// <param name="filePath">The model file (relative paths are taken from the current directory).</param>
    /// <param name="watchForChanges">Reload the model when the file changes.</param>
    /// <returns>This builder, to add more models.</returns>
    public QhmlPredictionPoolBuilder<TInput, TOutput> FromFile(string modelName, string filePath, bool watchForChanges)
        => FromFile(modelName, filePath, options => options.WatchForChanges = watchForChanges);

    /// <summary>Serves the model saved at <paramref name="filePath"/> under <paramref name="modelName"/>, with more options.</summary>
    /// <param name="modelName">The name requests use to pick this model; unique within the pool.</param>
    /// <param name="filePath">The model file (relative paths are taken from the current directory).</param>
    /// <param name="configure">Sets the other options (probe row, score reader, reload timing, pool size).</param>
    /// <returns>This builder, to add more models.</returns>
    /// <exception cref="ArgumentException">The name is empty or already registered, or the path is empty.</exception>
    public QhmlPredictionPoolBuilder<TInput, TOutput> FromFile(string modelName, string filePath, Action<QhmlModelOptions<TInput, TOutput>> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelName);
        ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
        ArgumentNullException.ThrowIfNull(configure);
        if (!_names.Add(modelName))
            throw new ArgumentException($"A model named '{modelName}' is already registered in this pool; model names must be unique.", nameof(modelName));
        string fullPath = Path.GetFullPath(filePath);
        Services.Configure<QhmlPoolModelNames<TInput, TOutput>>(names => names.Names.Add(modelName));
        Services.Configure<QhmlModelOptions<TInput, TOutput>>(modelName, options =>
        {
            options.FilePath = fullPath;
            configure(options);
        });
        return this;
    }

    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
}

/// <summary>The model names registered in one pool, in registration order.</summary>
internal sealed class QhmlPoolModelNames<TInput, TOutput>
{
    public List<string> Names { get; } = [];
}
