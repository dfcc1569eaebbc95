using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Qhml.MLNet.Serving;

namespace Qhml.MLNet.Samples.Serve;

/// <summary>The service's routes: <c>POST /predict</c>, <c>POST /predict/batch</c>, <c>GET /health</c>, and optionally
/// <c>POST /predict/constant</c> (same parsing and checks, no model: the HTTP floor for benchmarks).</summary>
internal static class ScoringEndpoints
{
    /// <summary>The name the service's one model has in the pool.</summary>
    public const string ModelName = "model";

    public static void Map(WebApplication app, bool httpFloor)
    {
        app.MapPost("/predict", Predict);
        app.MapPost("/predict/batch", PredictBatch);
        app.MapGet("/health", Health);
        if (httpFloor)
            app.MapPost("/predict/constant", PredictConstant);
    }

    private static Task<IResult> Predict(HttpRequest http, QhmlPredictionPool<FeatureRow, ScoreRow> pool)
        => Answer(http, ScoringJson.Web.PredictRequest, request =>
        {
            float score = pool.Predict(ModelName, model => ScoringRequests.Row(request, model), out ServedModelInfo model).Score;
            return float.IsFinite(score)
                ? Results.Json(new PredictResponse(score, model.ContentHash), ScoringJson.Web.PredictResponse)
                : Error(StatusCodes.Status500InternalServerError, $"The model scored this row to {ScoringRequests.Describe(score)}.");
        });

    private static Task<IResult> PredictBatch(HttpRequest http, QhmlPredictionPool<FeatureRow, ScoreRow> pool)
        => Answer(http, ScoringJson.Web.BatchRequest, request =>
        {
            ScoreRow[] rows = pool.PredictBatch(ModelName, model => ScoringRequests.Rows(request, model), out ServedModelInfo model);
            var scores = new float[rows.Length];
            for (int i = 0; i < rows.Length; i++)
            {
                scores[i] = rows[i].Score;
                if (!float.IsFinite(scores[i]))
                    return Error(StatusCodes.Status500InternalServerError, $"The model scored rows[{i}] to {ScoringRequests.Describe(scores[i])}.");
            }
            return Results.Json(new BatchResponse(scores, model.ContentHash), ScoringJson.Web.BatchResponse);
        });

    /// <summary>Parses and checks the request like <c>/predict</c>, then answers a constant instead of scoring.</summary>
    private static Task<IResult> PredictConstant(HttpRequest http, QhmlPredictionPool<FeatureRow, ScoreRow> pool)
        => Answer(http, ScoringJson.Web.PredictRequest, request =>
        {
            ServedModelInfo model = pool.GetModel(ModelName);
            _ = ScoringRequests.Row(request, model);
            return Results.Json(new PredictResponse(0f, model.ContentHash), ScoringJson.Web.PredictResponse);
        });

    /// <summary>Reads the body; bad JSON and requests that cannot be scored answer 400 with the one-line reason.</summary>
    private static async Task<IResult> Answer<T>(HttpRequest http, JsonTypeInfo<T> type, Func<T?, IResult> score)
    {
        T? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(http.Body, type, http.HttpContext.RequestAborted);
        }
        catch (JsonException ex)
        {
            return Error(StatusCodes.Status400BadRequest, $"Bad JSON: {ex.Message.ReplaceLineEndings(" ")}");
        }
        try
        {
            return score(request);
        }
        catch (ScoringRequestException ex)
        {
            return Error(StatusCodes.Status400BadRequest, ex.Message);
        }
    }

    private static async Task<IResult> Health(HealthCheckService health, QhmlPredictionPool<FeatureRow, ScoreRow> pool, CancellationToken cancellation)
    {
        HealthReport report = await health.CheckHealthAsync(cancellation);
        ServedModelStatus status = pool.GetStatus(ModelName);
        ServedModelInfo model = status.Serving;
        var body = new HealthResponse(report.Status.ToString(), model.ContentHash, model.LoadedAt, model.Trainer, model.Generation, model.FilePath, status.LastFailure);
        return Results.Json(body, ScoringJson.Web.HealthResponse,
            statusCode: report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
    }

    public static IResult Error(int status, string reason)
        => Results.Json(new ErrorResponse(reason), ScoringJson.Web.ErrorResponse, statusCode: status);
}
