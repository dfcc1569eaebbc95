using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Qhml.MLNet.Samples.Serve;

namespace Qhml.MLNet.Tests.Serving;

/// <summary>A scoring service on 127.0.0.1 (a free port) over the seed-1 model, shared by the request tests.</summary>
public sealed class ScoringServiceFixture : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("qhml-serve-").FullName;
    private WebApplication? _app;

    public HttpClient Client { get; private set; } = null!;

    public string ModelHash { get; private set; } = "";

    public string ModelPath => Path.Combine(_folder, "model.zip");

    public async Task InitializeAsync()
    {
        ModelHash = ServingTestModels.Write(ModelPath, seed: 1);
        _app = ScoringService.Build(new ServeSettings(ModelPath, Port: 0, HttpFloor: true));
        await _app.StartAsync();
        Client = new HttpClient { BaseAddress = ScoringService.Address(_app) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        Directory.Delete(_folder, recursive: true);
    }

    public static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    public static string Features(IEnumerable<float> values)
        => "{\"features\":[" + string.Join(",", values.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "]}";

    public async Task<(int Status, string Body)> Post(string path, string body)
    {
        using HttpResponseMessage response = await Client.PostAsync(path, Json(body));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task<T> Read<T>(HttpResponseMessage response)
        => (await response.Content.ReadFromJsonAsync<T>(ScoringJson.Web.Options))!;
}
