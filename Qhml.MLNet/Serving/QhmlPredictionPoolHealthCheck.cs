using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Qhml.MLNet.Serving;

/// <summary>
/// Health of a <see cref="QhmlPredictionPool{TInput, TOutput}"/>: healthy while every model serves; degraded when a
/// model's last new file was rejected (the old model still serves; the description says which file and why). The data
/// lists each model's content hash, load time and trainer. Register with
/// <c>services.AddHealthChecks().AddCheck&lt;QhmlPredictionPoolHealthCheck&lt;TIn, TOut&gt;&gt;("models")</c>.
/// </summary>
/// <typeparam name="TInput">The input row type.</typeparam>
/// <typeparam name="TOutput">The output row type.</typeparam>
/// <param name="pool">The pool to report on.</param>
public sealed class QhmlPredictionPoolHealthCheck<TInput, TOutput>(QhmlPredictionPool<TInput, TOutput> pool) : IHealthCheck
    where TInput : class, new()
    where TOutput : class, new()
{
    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var rejected = new List<string>();
        foreach (string name in pool.ModelNames)
        {
            ServedModelStatus status = pool.GetStatus(name);
            ServedModelInfo model = status.Serving;
            data[name] = string.Create(CultureInfo.InvariantCulture,
                $"sha256 {model.ContentHash}, loaded {model.LoadedAt:O}, {model.Trainer}, generation {model.Generation}");
            if (status.LastFailure is { } reason)
                rejected.Add($"model '{name}' rejected its new file ({reason}) and still serves sha256 {model.ContentHash}");
        }
        HealthCheckResult result = rejected.Count == 0
            ? HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"{data.Count} model(s) serving."), data)
            : HealthCheckResult.Degraded(string.Join("; ", rejected) + ".", data: data);
        return Task.FromResult(result);
    }
}
