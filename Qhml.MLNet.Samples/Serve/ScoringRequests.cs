using System.Globalization;
using Qhml.MLNet.Serving;

namespace Qhml.MLNet.Samples.Serve;

/// <summary>A request the service cannot score; its message is the one-line reason of the 400.</summary>
/// <param name="message">What is wrong and what was expected.</param>
public sealed class ScoringRequestException(string message) : Exception(message);

/// <summary>Turns request bodies into rows for one model version, or says in one line why they cannot be scored.</summary>
internal static class ScoringRequests
{
    /// <summary>The most rows one batch request may carry.</summary>
    public const int MaxBatchRows = 10_000;

    /// <summary>The row for <c>POST /predict</c>.</summary>
    /// <exception cref="ScoringRequestException">Neither or both of features and genes, a wrong count, a non-finite value, a missing gene.</exception>
    public static FeatureRow Row(PredictRequest? request, ServedModelInfo model)
    {
        GeneIndex index = GeneIndex.Of(model);
        return request switch
        {
            null => throw new ScoringRequestException(Expected(index)),
            { Features: not null, Genes: not null } => throw new ScoringRequestException("Send either 'features' or 'genes', not both."),
            { Features: { } features } => new FeatureRow { Features = Checked(features, index.FeatureCount, "features") },
            { Genes: { } genes } => new FeatureRow { Features = index.Features(genes) },
            _ => throw new ScoringRequestException(Expected(index)),
        };
    }

    /// <summary>The rows for <c>POST /predict/batch</c>.</summary>
    /// <exception cref="ScoringRequestException">No rows, too many, or a row with a wrong count or a non-finite value (named by its index).</exception>
    public static FeatureRow[] Rows(BatchRequest? request, ServedModelInfo model)
    {
        int featureCount = GeneIndex.Of(model).FeatureCount;
        if (request?.Rows is not { Length: > 0 } rows)
            throw new ScoringRequestException($"Send {{\"rows\": [[...], ...]}}: one or more rows of {featureCount} numbers.");
        if (rows.Length > MaxBatchRows)
            throw new ScoringRequestException(string.Create(CultureInfo.InvariantCulture, $"A batch holds at most {MaxBatchRows} rows; this one has {rows.Length}."));
        var result = new FeatureRow[rows.Length];
        for (int i = 0; i < rows.Length; i++)
            result[i] = new FeatureRow { Features = Checked(rows[i], featureCount, string.Create(CultureInfo.InvariantCulture, $"rows[{i}]")) };
        return result;
    }

    /// <summary>"NaN", "Infinity" or "-Infinity".</summary>
    public static string Describe(float value) => float.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";

    private static float[] Checked(float[]? features, int featureCount, string where)
    {
        if (features is null)
            throw new ScoringRequestException($"'{where}' is null; expected {featureCount} numbers.");
        if (features.Length != featureCount)
            throw new ScoringRequestException(string.Create(CultureInfo.InvariantCulture,
                $"'{where}' has {features.Length} values; the model takes {featureCount} features."));
        for (int slot = 0; slot < features.Length; slot++)
        {
            if (!float.IsFinite(features[slot]))
                throw new ScoringRequestException(string.Create(CultureInfo.InvariantCulture,
                    $"'{where}[{slot}]' is {Describe(features[slot])}; every value must be a finite number."));
        }
        return features;
    }

    private static string Expected(GeneIndex index)
        => string.Create(CultureInfo.InvariantCulture, $"Send {{\"features\": [{index.FeatureCount} numbers]}} or {{\"genes\": {{\"GENE\": value, ...}}}}.");
}
