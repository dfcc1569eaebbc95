using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Qhml.MLNet.Samples.Serve;

namespace Qhml.MLNet.Tests.Serving;

public sealed class ScoringServiceRequestTests(ScoringServiceFixture service) : IClassFixture<ScoringServiceFixture>
{
    private static string Numbers(IEnumerable<float> values) => string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

    private static float[] Row(int row) => ServingTestModels.Row(row).Features;

    private static string Genes(int row, Func<string, bool>? keep = null, string? nanGene = null)
    {
        IReadOnlyList<string> names = ServingTestModels.Data.SlotNames!;
        float[] values = Row(row);
        var pairs = names.Select((name, slot) => (name, slot)).Where(p => keep?.Invoke(p.name) ?? true)
            .Select(p => $"\"{p.name}\":" + (p.name == nanGene ? "\"NaN\"" : values[p.slot].ToString("R", CultureInfo.InvariantCulture)));
        return "{\"genes\":{" + string.Join(",", pairs) + "}}";
    }

    [Fact]
    public async Task PredictScoresFeaturesAndGenesByNameLikeAPredictionEngineAndNamesTheModel()
    {
        float[] expected = ServingTestModels.ReferenceScores(1, 3);
        for (int row = 0; row < 3; row++)
        {
            using var byFeatures = await service.Client.PostAsync("/predict", ScoringServiceFixture.Json(ScoringServiceFixture.Features(Row(row))));
            using var byGenes = await service.Client.PostAsync("/predict", ScoringServiceFixture.Json(Genes(row)));
            Assert.Equal((200, 200), ((int)byFeatures.StatusCode, (int)byGenes.StatusCode));
            PredictResponse a = await ScoringServiceFixture.Read<PredictResponse>(byFeatures);
            PredictResponse b = await ScoringServiceFixture.Read<PredictResponse>(byGenes);
            Assert.Equal(new PredictResponse(expected[row], service.ModelHash), a);
            Assert.Equal(a, b);
        }
    }

    [Fact]
    public async Task BatchScoresEveryRowLikeSingleRequests()
    {
        string body = "{\"rows\":[" + string.Join(",", Enumerable.Range(0, 40).Select(r => "[" + Numbers(Row(r)) + "]")) + "]}";
        using var response = await service.Client.PostAsync("/predict/batch", ScoringServiceFixture.Json(body));
        Assert.Equal(200, (int)response.StatusCode);
        BatchResponse batch = await ScoringServiceFixture.Read<BatchResponse>(response);
        Assert.Equal(service.ModelHash, batch.Model);
        Assert.Equal(ServingTestModels.ReferenceScores(1, 40), batch.Scores);
    }

    [Fact]
    public async Task HealthReportsTheModelHashLoadTimeAndTrainer()
    {
        using var response = await service.Client.GetAsync("/health");
        Assert.Equal(200, (int)response.StatusCode);
        HealthResponse health = await ScoringServiceFixture.Read<HealthResponse>(response);
        Assert.Equal(("Healthy", service.ModelHash, "QuantumHybridModelParameters", 1, service.ModelPath, (string?)null),
            (health.Status, health.Model, health.Trainer, health.Generation, health.File, health.LastReloadError));
        Assert.InRange(health.LoadedAt, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow);
    }

    public static TheoryData<string, string, string> BadRequests()
    {
        string row = Numbers(Row(0));
        string nanAt3 = "{\"features\":[" + string.Join(",", Row(0).Select((v, i) => i == 3 ? "\"NaN\"" : v.ToString("R", CultureInfo.InvariantCulture))) + "]}";
        string infinityAt0 = "{\"features\":[\"-Infinity\"," + Numbers(Row(0).Skip(1)) + "]}";
        const string Expected = "Send {\"features\": [706 numbers]} or {\"genes\": {\"GENE\": value, ...}}.";
        return new TheoryData<string, string, string>
        {
            { "/predict", "{\"features\": [1, 2", "Bad JSON: " },
            { "/predict", "", "Bad JSON: " },
            { "/predict", "{\"features\": [\"abc\"]}", "Bad JSON: " },
            { "/predict", "null", Expected },
            { "/predict", "{}", Expected },
            { "/predict", "{\"features\":[" + Numbers(Row(0).Skip(1)) + "]}", "'features' has 705 values; the model takes 706 features." },
            { "/predict", nanAt3, "'features[3]' is NaN; every value must be a finite number." },
            { "/predict", infinityAt0, "'features[0]' is -Infinity; every value must be a finite number." },
            { "/predict", Genes(0, keep: name => name != "GENE0005"), "Missing 1 of the model's 706 genes, e.g. GENE0005." },
            { "/predict", Genes(0, nanGene: "GENE0002"), "Gene 'GENE0002' is NaN; every value must be a finite number." },
            { "/predict", "{\"features\":[" + row + "],\"genes\":{}}", "Send either 'features' or 'genes', not both." },
            { "/predict/batch", "{\"rows\":[]}", "Send {\"rows\": [[...], ...]}: one or more rows of 706 numbers." },
            { "/predict/batch", "{\"rows\":[[" + row + "],[" + row + "],[1,2,3]]}", "'rows[2]' has 3 values; the model takes 706 features." },
            { "/predict/batch", "{\"rows\":[[" + row + "],[\"NaN\"," + Numbers(Row(0).Skip(1)) + "]]}", "'rows[1][0]' is NaN; every value must be a finite number." },
            { "/predict/batch", "{\"rows\":[[1,2],", "Bad JSON: " },
        };
    }

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task EveryBadRequestGetsA400WithAOneLineReason(string path, string body, string reason)
    {
        (int status, string text) = await service.Post(path, body);

        Assert.Equal(400, status);
        string error = JsonDocument.Parse(text).RootElement.GetProperty("error").GetString()!;
        Assert.StartsWith(reason, error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public async Task TheConstantEndpointChecksLikePredictButDoesNotScore()
    {
        (int ok, string body) = await service.Post("/predict/constant", ScoringServiceFixture.Features(Row(0)));
        (int bad, _) = await service.Post("/predict/constant", "{\"features\":[1]}");

        Assert.Equal((200, 400), (ok, bad));
        Assert.Equal(new PredictResponse(0, service.ModelHash), JsonSerializer.Deserialize(body, ScoringJson.Web.PredictResponse));
    }
}
