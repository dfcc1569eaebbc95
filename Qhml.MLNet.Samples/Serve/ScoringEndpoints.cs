using System.Text.Json;
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

    private static async Task<IResult> Predict(HttpRequest http, QhmlPredictionPool<FeatureRow, ScoreRow> pool)
    {
        (PredictRequest? request, IResult? bad) = await Read(http, ScoringJson.Web.PredictRequest);
        if (bad is not null)
            return bad;
        try
        {
            float score = pool.Predict(ModelName, model => ScoringRequests.Row(request, model), out ServedModelInfo model).Score;
            return float.IsFinite(score)
                ? Results.Json(new PredictResponse(score, model.ContentHash), ScoringJson.Web.PredictResponse)
                : Error(StatusCodes.Status500InternalServerError, $"The model scored this row to {ScoringRequests.Describe(score)}.");
        }
        catch (ScoringRequestException ex)
        {
            return Error(StatusCodes.Status400BadRequest, ex.Message);
        }
    }

    private static async Task<IResult> PredictBatch(HttpRequest http, QhmlPredictionPool<FeatureRow, ScoreRow> pool)
    {
        (BatchRequest? request, IResult? bad) = await Read(http, ScoringJson.Web.BatchRequest);
        if (bad is not null)
            return bad;
        try
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
        }
        catch (ScoringRequestException ex)
        {
            return Error(StatusCodes.Status400BadRequest, ex.Message);
        }
    }

    /// <summary>Parses and checks the request like <c>/predict</c>, then answers a constant instead of scoring.</summary>
    private static async Task<IResult> PredictConstant(HttpRequest http, QhmlPredictionPool<FeatureRow, ScoreRow> pool)
    {
        (PredictRequest? request, IResult? bad) = await Read(http, ScoringJson.Web.PredictRequest);
        if (bad is not null)
            return bad;
        try
        {
            ServedModelInfo model = pool.GetModel(ModelName);
            _ = ScoringRequests.Row(request, model);
            return Results.Json(new PredictResponse(0f, model.ContentHash), ScoringJson.Web.PredictResponse);
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

    private static async Task<(T? Value, IResult? Bad)> Read<T>(HttpRequest http, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        try
        {
            return (await JsonSerializer.DeserializeAsync(http.Body, type, http.HttpContext.RequestAborted), null);
        }
        catch (JsonException ex)
        {
            return (default, Error(StatusCodes.Status400BadRequest, $"Bad JSON: {ex.Message.ReplaceLineEndings(" ")}"));
        }
    }

    public static IResult Error(int status, string reason)
        => Results.Json(new ErrorResponse(reason), ScoringJson.Web.ErrorResponse, statusCode: status);
}
