using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Qhml.MLNet.Samples.Serve;
using Xunit.Abstractions;

namespace Qhml.MLNet.Tests.Serving;

/// <summary>
/// 8 clients score on loopback without pause while the model file is replaced 3 times (good, corrupt, good). Bounded:
/// each client stops after <see cref="MaxRequestsPerClient"/> requests or when the replacements are done, and the whole
/// run after <see cref="TimeLimit"/>.
/// </summary>
public sealed class ScoringServiceReloadUnderLoadTests(ITestOutputHelper output) : IDisposable
{
    private const int Clients = 8, MaxRequestsPerClient = 20_000, Rows = 16, RequestsBetweenSteps = 40;
    private static readonly TimeSpan TimeLimit = TimeSpan.FromMinutes(3);
    private readonly string _folder = Directory.CreateTempSubdirectory("qhml-reload-load-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private sealed record Response(int Client, long Started, long Ended, int Status, string? Model, float Score, int Row, string? Error);

    [Fact]
    public async Task EightClientsNeverFailWhileTheModelIsReplacedThreeTimesOnceWithACorruptFile()
    {
        string path = Path.Combine(_folder, "model.zip");
        string first = ServingTestModels.Write(path, seed: 1);
        string second = ServingTestModels.ServingHash(ServingTestModels.Bytes(2)), third = ServingTestModels.ServingHash(ServingTestModels.Bytes(3));
        byte[] corrupt = ServingTestModels.Bytes(4)[..(ServingTestModels.Bytes(4).Length / 2)];
        var expected = new Dictionary<string, float[]>
        {
            [first] = ServingTestModels.ReferenceScores(1, Rows),
            [second] = ServingTestModels.ReferenceScores(2, Rows),
            [third] = ServingTestModels.ReferenceScores(3, Rows),
        };
        string[] bodies = Enumerable.Range(0, Rows).Select(r => ScoringServiceFixture.Features(ServingTestModels.Row(r).Features)).ToArray();

        var log = new CapturedLog();
        await using WebApplication app = ScoringService.Build(new ServeSettings(path, Port: 0), logging => logging.AddProvider(log));
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = ScoringService.Address(app), Timeout = TimeSpan.FromSeconds(30) };
        using var stop = new CancellationTokenSource(TimeLimit);
        var responses = new ConcurrentQueue<Response>();
        var counts = new int[Clients];

        async Task Hammer(int id)
        {
            for (int i = 0; i < MaxRequestsPerClient && !stop.IsCancellationRequested; i++)
            {
                int row = (i + id) % Rows;
                long started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.PostAsync("/predict", ScoringServiceFixture.Json(bodies[row]), CancellationToken.None);
                    string text = await response.Content.ReadAsStringAsync(CancellationToken.None);
                    long ended = Stopwatch.GetTimestamp();
                    PredictResponse? body = response.IsSuccessStatusCode ? JsonSerializer.Deserialize(text, ScoringJson.Web.PredictResponse) : null;
                    responses.Enqueue(new Response(id, started, ended, (int)response.StatusCode, body?.Model, body?.Score ?? float.NaN, row, body is null ? text : null));
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    responses.Enqueue(new Response(id, started, Stopwatch.GetTimestamp(), 0, null, float.NaN, row, ex.Message));
                }
                Interlocked.Increment(ref counts[id]);
            }
        }

        // Waits until every client has sent a few more requests, so each step happens under load.
        void UnderLoad()
        {
            int[] before = counts.ToArray();
            Assert.True(Eventually.Holds(() => Enumerable.Range(0, Clients).All(c => Volatile.Read(ref counts[c]) >= before[c] + RequestsBetweenSteps) || stop.IsCancellationRequested,
                TimeLimit), "clients stalled");
        }

        string Served() => JsonSerializer.Deserialize(client.GetStringAsync("/health").GetAwaiter().GetResult(), ScoringJson.Web.HealthResponse)!.Model;

        Task[] hammers = Enumerable.Range(0, Clients).Select(id => Task.Run(() => Hammer(id))).ToArray();
        var liveFrom = new Dictionary<string, long>();   // the model was certainly serving from here on
        var writtenAt = new Dictionary<string, long>();  // the model could not serve before its file was written
        await Task.Run(() =>
        {
            UnderLoad();
            foreach ((int seed, string hash) in new[] { (2, second), (4, "corrupt"), (3, third) })
            {
                if (seed == 4)
                {
                    ServingTestModels.WriteAtomically(path, corrupt);
                    Assert.True(Eventually.Holds(() => log.Contains($"the new file '{path}' was rejected"), TimeSpan.FromSeconds(60)), string.Join("\n", log.Lines));
                    UnderLoad();
                    // After the corrupt file the old model still serves, and the log says which file and why.
                    Assert.Equal(second, Served());
                    Assert.True(log.Contains(FormattableString.Invariant(
                        $"Model 'model': the new file '{path}' was rejected: '{path}' is not a loadable ML.NET model ({corrupt.Length} bytes): ")), string.Join("\n", log.Lines));
                    continue;
                }
                writtenAt[hash] = Stopwatch.GetTimestamp();
                ServingTestModels.Write(path, seed);
                Assert.True(Eventually.Holds(() => Served() == hash, TimeSpan.FromSeconds(60)), string.Join("\n", log.Lines));
                liveFrom[hash] = Stopwatch.GetTimestamp();
                UnderLoad();
            }
        });
        stop.Cancel();
        await Task.WhenAll(hammers);

        Response[] all = responses.ToArray();
        Assert.Empty(all.Where(r => r.Status != 200).Select(r => $"{r.Status}: {r.Error}").Take(5));
        Assert.All(all, r => Assert.Contains(r.Model!, expected.Keys));
        // The served score is the one that model gives that row: the hash names the model that actually scored.
        Assert.All(all, r => Assert.Equal(expected[r.Model!][r.Row], r.Score));
        // Live at the time: a model's responses end after its file was written, and start before its successor was certainly live.
        Assert.All(all.Where(r => r.Model == second), r => Assert.True(r.Ended > writtenAt[second]));
        Assert.All(all.Where(r => r.Model == third), r => Assert.True(r.Ended > writtenAt[third]));
        Assert.All(all.Where(r => r.Model == first), r => Assert.True(r.Started < liveFrom[second]));
        Assert.All(all.Where(r => r.Model == second), r => Assert.True(r.Started < liveFrom[third]));
        // Each client, whose requests are sequential, never goes back to an older model.
        string[] order = [first, second, third];
        foreach (var perClient in all.GroupBy(r => r.Client))
        {
            int[] generations = perClient.OrderBy(r => r.Started).Select(r => Array.IndexOf(order, r.Model)).ToArray();
            Assert.True(generations.Zip(generations.Skip(1)).All(p => p.First <= p.Second), $"client {perClient.Key} went back to an older model");
        }
        Assert.All(order, hash => Assert.Contains(all, r => r.Model == hash));
        output.WriteLine(string.Join(", ", order.Select((hash, g) => $"model {g + 1}: {all.Count(r => r.Model == hash)} responses")));
        Assert.InRange(all.Length, Clients * RequestsBetweenSteps * 4, Clients * MaxRequestsPerClient);
    }
}
