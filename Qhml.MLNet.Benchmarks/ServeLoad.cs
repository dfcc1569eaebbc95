using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Qhml.MLNet.Benchmarks;

/// <summary>
/// A bounded load run against a running scoring service (the HTTP part is not a BenchmarkDotNet job: it needs
/// fixed-rate pacing and latency percentiles). Start the service in another process with the constant endpoint
/// (<c>serve --model M --http-floor</c>); this measures, for <c>/predict/constant</c> (the HTTP floor: same parsing and
/// checks, no model) and <c>/predict</c> in the same run: open-loop fixed rates of 1,000 and 5,000 requests/s (latency
/// counted from each request's scheduled time, so a stall is not hidden), then the saturated rate with 16 concurrent
/// closed-loop clients; finally <c>/predict/batch</c> with 1,000-row batches (rows/s, 2 concurrent clients). Rows have
/// 706 features.
/// Run: <c>dotnet run -c Release --project Qhml.MLNet.Benchmarks -- serve-load --url http://127.0.0.1:5080 [--seconds 10]</c>
/// </summary>
public static class ServeLoad
{
    private const int SaturationClients = 16, BatchRows = 1_000, BatchClients = 2, MaxInFlight = 512;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2 || args[0] != "--url")
        {
            Console.Error.WriteLine("usage: serve-load --url http://127.0.0.1:5080 [--seconds 10]   (a service started with: serve --model M --http-floor)");
            return 2;
        }
        var url = new Uri(args[1]);
        double seconds = args is [_, _, "--seconds", { } value] ? double.Parse(value, CultureInfo.InvariantCulture) : 10;
        TimeSpan phase = TimeSpan.FromSeconds(seconds);
        {
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = MaxInFlight }) { BaseAddress = url };
            byte[][] bodies = BenchmarkRows.Make(64, TrainerBenchmarks.Features, seed: 7)
                .Select(r => Encoding.UTF8.GetBytes("{\"features\":[" + string.Join(",", r.Features.Select(f => f.ToString("R", CultureInfo.InvariantCulture))) + "]}"))
                .ToArray();
            byte[] batch = Encoding.UTF8.GetBytes("{\"rows\":[" + string.Join(",", BenchmarkRows.Make(BatchRows, TrainerBenchmarks.Features, seed: 8)
                .Select(r => "[" + string.Join(",", r.Features.Select(f => f.ToString("R", CultureInfo.InvariantCulture))) + "]")) + "]}");

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"serve-load: {Environment.ProcessorCount} cores (shared with other work), {seconds:0.#} s per phase, load generator -> {url}."));
            // Warm both endpoints (JIT, connections, engines).
            await ClosedLoop(client, "/predict/constant", bodies, SaturationClients, TimeSpan.FromSeconds(2));
            await ClosedLoop(client, "/predict", bodies, SaturationClients, TimeSpan.FromSeconds(2));

            Console.WriteLine("| endpoint | offered | achieved req/s | p50 ms | p99 ms | failed |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|");
            foreach (int rate in new[] { 1_000, 5_000 })
            {
                foreach (string path in new[] { "/predict/constant", "/predict" })
                    Print(path, $"{rate:N0}/s", await FixedRate(client, path, bodies, rate, phase));
            }
            foreach (string path in new[] { "/predict/constant", "/predict" })
                Print(path, $"saturated ({SaturationClients} clients)", await ClosedLoop(client, path, bodies, SaturationClients, phase));
            Result batches = await ClosedLoop(client, "/predict/batch", [batch], BatchClients, phase);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| /predict/batch ({BatchRows:N0} rows) | saturated ({BatchClients} clients) | {batches.PerSecond:N0} batches/s = {batches.PerSecond * BatchRows:N0} rows/s | {batches.Percentile(0.50):0.00} | {batches.Percentile(0.99):0.00} | {batches.Failed} |"));
            return 0;
        }
    }

    private sealed record Result(double[] LatenciesMs, int Failed, double Seconds)
    {
        public double PerSecond => LatenciesMs.Length / Seconds;

        public double Percentile(double p)
        {
            if (LatenciesMs.Length == 0)
                return double.NaN;
            double[] sorted = [.. LatenciesMs.Order()];
            return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        }
    }

    private static void Print(string path, string offered, Result result)
        => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {path} | {offered} | {result.PerSecond:N0} | {result.Percentile(0.50):0.000} | {result.Percentile(0.99):0.000} | {result.Failed} |"));

    /// <summary>Open loop: request i is due at start + i / rate whatever happened to the earlier ones; latency counts from that due time.</summary>
    private static async Task<Result> FixedRate(HttpClient client, string path, byte[][] bodies, int rate, TimeSpan duration)
    {
        int total = (int)(rate * duration.TotalSeconds);
        var latencies = new double[total];
        int failed = 0;
        var inFlight = new SemaphoreSlim(MaxInFlight);
        var tasks = new List<Task>(total);
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < total; i++)
        {
            long due = start + (long)(i * (double)Stopwatch.Frequency / rate);
            long wait = due - Stopwatch.GetTimestamp();
            if (wait > Stopwatch.Frequency / 1000)
                await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency));
            await inFlight.WaitAsync();
            int index = i;
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    if (!await Send(client, path, bodies[index % bodies.Length]))
                        Interlocked.Increment(ref failed);
                }
                finally
                {
                    latencies[index] = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
                    inFlight.Release();
                }
            }));
        }
        await Task.WhenAll(tasks);
        return new Result(latencies, failed, Stopwatch.GetElapsedTime(start).TotalSeconds);
    }

    /// <summary>Closed loop: <paramref name="clients"/> senders, each sending its next request when the last one answered.</summary>
    private static async Task<Result> ClosedLoop(HttpClient client, string path, byte[][] bodies, int clients, TimeSpan duration)
    {
        var perClient = new List<double>[clients];
        int failed = 0;
        long start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var mine = perClient[c] = [];
            for (int i = c; Stopwatch.GetElapsedTime(start) < duration; i++)
            {
                long sent = Stopwatch.GetTimestamp();
                if (!await Send(client, path, bodies[i % bodies.Length]))
                    Interlocked.Increment(ref failed);
                mine.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            }
        })));
        return new Result(perClient.SelectMany(l => l).ToArray(), failed, Stopwatch.GetElapsedTime(start).TotalSeconds);
    }

    private static async Task<bool> Send(HttpClient client, string path, byte[] body)
    {
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using HttpResponseMessage response = await client.PostAsync(path, content);
            await response.Content.ReadAsByteArrayAsync();
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
