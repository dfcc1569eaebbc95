using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Qhml.MLNet.Samples.Serve;

/// <summary>The row type the service's prediction pool scores: the model's feature vector.</summary>
public sealed class FeatureRow
{
    /// <summary>Expression values in the model's gene order.</summary>
    public float[] Features { get; set; } = [];
}

/// <summary>The model's output.</summary>
public sealed class ScoreRow
{
    /// <summary>Predicted ln(IC50).</summary>
    public float Score { get; set; }
}

/// <summary><c>POST /predict</c>: either the feature vector in the model's order, or values by gene name.</summary>
public sealed class PredictRequest
{
    /// <summary>One value per model feature, in the model's order.</summary>
    public float[]? Features { get; set; }

    /// <summary>Values by gene name (every gene of the model; others are ignored).</summary>
    public Dictionary<string, float>? Genes { get; set; }
}

/// <summary><c>POST /predict/batch</c>: rows of feature vectors.</summary>
public sealed class BatchRequest
{
    /// <summary>One feature vector per row, in the model's order.</summary>
    public float[][]? Rows { get; set; }
}

/// <summary>A score and the content hash (SHA-256) of the model file that produced it.</summary>
public sealed record PredictResponse(float Score, string Model);

/// <summary>One score per row, in order, and the model that produced them all.</summary>
public sealed record BatchResponse(float[] Scores, string Model);

/// <summary>Why a request failed, in one line.</summary>
public sealed record ErrorResponse(string Error);

/// <summary><c>GET /health</c>: the serving model and whether its last new file was rejected.</summary>
public sealed record HealthResponse(string Status, string Model, DateTimeOffset LoadedAt, string Trainer, int Generation, string File, string? LastReloadError);

/// <summary>Source-generated JSON for the service's messages (use <see cref="Web"/>).</summary>
[JsonSerializable(typeof(PredictRequest))]
[JsonSerializable(typeof(BatchRequest))]
[JsonSerializable(typeof(PredictResponse))]
[JsonSerializable(typeof(BatchResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(HealthResponse))]
public sealed partial class ScoringJson : JsonSerializerContext
{
    /// <summary>
    /// The context the service reads and writes with: camelCase, names matched without case, named literals ("NaN") read
    /// so that a NaN gets its own 400, and quotes and non-ASCII gene names written as they are (no \u0027).
    /// </summary>
    public static ScoringJson Web { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
