using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Qhml.MLNet.Serving;

/// <summary>Registers a <see cref="QhmlPredictionPool{TInput, TOutput}"/> in a service collection, in the style of
/// Microsoft.Extensions.ML's <c>AddPredictionEnginePool</c>.</summary>
public static class QhmlServingServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton pool of PredictionEngines for <typeparamref name="TInput"/> -> <typeparamref name="TOutput"/>
    /// and its health check; add models with <see cref="QhmlPredictionPoolBuilder{TInput, TOutput}.FromFile(string, string, bool)"/>.
    /// </summary>
    /// <example><code>
    /// services.AddQhmlPredictionPool&lt;GeneRow, ScoreRow&gt;()
    ///     .FromFile("venetoclax", "models/venetoclax.zip", watchForChanges: true)
    ///     .FromFile("nutlin", "models/nutlin.zip");
    /// </code></example>
    /// <typeparam name="TInput">The input row type (for this library's models: a <c>float[] Features</c> member).</typeparam>
    /// <typeparam name="TOutput">The output row type (a <c>float Score</c> member for regression).</typeparam>
    /// <param name="services">The service collection.</param>
    /// <returns>A builder to add the named models.</returns>
    public static QhmlPredictionPoolBuilder<TInput, TOutput> AddQhmlPredictionPool<TInput, TOutput>(this IServiceCollection services)
        where TInput : class, new()
        where TOutput : class, new()
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions();
        services.TryAddSingleton(provider => new QhmlPredictionPool<TInput, TOutput>(
            provider.GetRequiredService<IOptions<QhmlPoolModelNames<TInput, TOutput>>>(),
            provider.GetRequiredService<IOptionsMonitor<QhmlModelOptions<TInput, TOutput>>>(),
            provider.GetService<ILoggerFactory>()));
        services.TryAddSingleton<QhmlPredictionPoolHealthCheck<TInput, TOutput>>();
        return new QhmlPredictionPoolBuilder<TInput, TOutput>(services);
    }
}
