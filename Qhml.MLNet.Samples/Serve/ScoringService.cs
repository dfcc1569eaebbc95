using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Qhml.MLNet.Serving;

namespace Qhml.MLNet.Samples.Serve;

/// <summary>What <c>serve</c> runs.</summary>
/// <param name="ModelPath">The model file; it is watched and reloaded when replaced.</param>
/// <param name="Host">The address to listen on (127.0.0.1 by default; 0.0.0.0 behind a load balancer).</param>
/// <param name="Port">The port (0: any free port).</param>
/// <param name="HttpFloor">Also map <c>POST /predict/constant</c>, which answers without scoring (benchmarks).</param>
public sealed record ServeSettings(string ModelPath, string Host = "127.0.0.1", int Port = 5080, bool HttpFloor = false);

/// <summary>
/// The scoring service: an ASP.NET Core minimal API over a <see cref="QhmlPredictionPool{TInput, TOutput}"/> holding one
/// watched model file. Stateless apart from that file, so replicas behind a load balancer scale it out.
/// </summary>
public static class ScoringService
{
    /// <summary>Builds the service and loads the model (a bad model file fails here, before anything listens).</summary>
    /// <param name="settings">Model file, address, port.</param>
    /// <param name="configureLogging">Extra logging setup (tests capture the log here).</param>
    /// <returns>The application, ready for <c>StartAsync</c> or <c>Run</c>.</returns>
    /// <exception cref="InvalidDataException">The model file is not a model that scores a probe row.</exception>
    public static WebApplication Build(ServeSettings settings, Action<ILoggingBuilder>? configureLogging = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(FormattableString.Invariant($"http://{settings.Host}:{settings.Port}"));
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        configureLogging?.Invoke(builder.Logging);
        builder.Services.AddQhmlPredictionPool<FeatureRow, ScoreRow>()
            .FromFile(ScoringEndpoints.ModelName, settings.ModelPath, watchForChanges: true);
        builder.Services.AddHealthChecks().AddCheck<QhmlPredictionPoolHealthCheck<FeatureRow, ScoreRow>>("model");

        WebApplication app = builder.Build();
        var pool = app.Services.GetRequiredService<QhmlPredictionPool<FeatureRow, ScoreRow>>();
        _ = GeneIndex.Of(pool.GetModel(ScoringEndpoints.ModelName));
        app.Use(AnswerServerErrors);
        ScoringEndpoints.Map(app, settings.HttpFloor);
        return app;
    }

    /// <summary>The address the started service listens on (with the port chosen when <see cref="ServeSettings.Port"/> is 0).</summary>
    /// <param name="app">A started application.</param>
    /// <returns>For example <c>http://127.0.0.1:5080</c>.</returns>
    public static Uri Address(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new Uri(address);
    }

    /// <summary>An unexpected exception answers 500 with one line, never a 200 or a stack trace.</summary>
    private static async Task AnswerServerErrors(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (!context.Response.HasStarted && ex is not OperationCanceledException)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Qhml.MLNet.Samples.Serve")
                .LogError(ex, "{Method} {Path} failed.", context.Request.Method, context.Request.Path);
            context.Response.Clear();
            await ScoringEndpoints.Error(StatusCodes.Status500InternalServerError, $"Internal error: {ex.Message.ReplaceLineEndings(" ")}").ExecuteAsync(context);
        }
    }
}
