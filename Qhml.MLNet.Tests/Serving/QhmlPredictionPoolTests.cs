using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Qhml.MLNet.Samples.Serve;
using Qhml.MLNet.Serving;

namespace Qhml.MLNet.Tests.Serving;

public sealed class QhmlPredictionPoolTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("qhml-pool-").FullName;
    private readonly CapturedLog _log = new();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private ServiceProvider Services(Action<QhmlPredictionPoolBuilder<FeatureRow, ScoreRow>> models)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(_log).SetMinimumLevel(LogLevel.Debug));
        models(services.AddQhmlPredictionPool<FeatureRow, ScoreRow>());
        return services.BuildServiceProvider();
    }

    private string ModelPath(string name = "model.zip") => Path.Combine(_folder, name);

    /// <summary>
    /// 8 threads share the pool for 100k predictions each, every thread walking the rows from its own offset so that
    /// threads score different rows at the same moment; every score must be bit-identical to one thread's.
    /// </summary>
    [Fact]
    public void EightThreadsScoreBitIdenticallyToOneThread()
    {
        const int Threads = 8, PerThread = 100_000, DistinctRows = 500;
        ServingTestModels.Write(ModelPath(), seed: 1);
        using ServiceProvider services = Services(pool => pool.FromFile("model", ModelPath(), watchForChanges: false));
        var pool = services.GetRequiredService<QhmlPredictionPool<FeatureRow, ScoreRow>>();
        FeatureRow[] rows = Enumerable.Range(0, DistinctRows).Select(ServingTestModels.Row).ToArray();
        int[] expected = rows.Select(row => BitConverter.SingleToInt32Bits(pool.Predict("model", row).Score)).ToArray();
        Assert.Equal(ServingTestModels.ReferenceScores(1, DistinctRows).Select(BitConverter.SingleToInt32Bits), expected);

        var mismatches = new int[Threads];
        Parallel.For(0, Threads, new ParallelOptions { MaxDegreeOfParallelism = Threads }, thread =>
        {
            for (int i = 0; i < PerThread; i++)
            {
                int row = (i + thread * 61) % DistinctRows;
                if (BitConverter.SingleToInt32Bits(pool.Predict("model", rows[row]).Score) != expected[row])
                    mismatches[thread]++;
            }
        });
        Assert.All(mismatches, count => Assert.Equal(0, count));
    }

    [Fact]
    public void BatchScoresEqualSingleScoresAndNameTheModel()
    {
        string hash = ServingTestModels.Write(ModelPath(), seed: 1);
        using ServiceProvider services = Services(pool => pool.FromFile("model", ModelPath(), watchForChanges: false));
        var pool = services.GetRequiredService<QhmlPredictionPool<FeatureRow, ScoreRow>>();
        FeatureRow[] rows = Enumerable.Range(0, 50).Select(ServingTestModels.Row).ToArray();

        ScoreRow[] batch = pool.PredictBatch("model", rows, out ServedModelInfo model);

        Assert.Equal(hash, model.ContentHash);
        Assert.Equal(ServingTestModels.ReferenceScores(1, 50), batch.Select(s => s.Score));
        Assert.Equal("QuantumHybridModelParameters", model.Trainer);
        Assert.Equal(1, model.Generation);
        Assert.Equal(ModelPath(), model.FilePath);
    }

    [Fact]
    public void ServesSeveralNamedModelsAndNamesTheServedOnesForAnUnknownName()
    {
        string first = ServingTestModels.Write(ModelPath("a.zip"), seed: 1);
        string second = ServingTestModels.Write(ModelPath("b.zip"), seed: 2);
        using ServiceProvider services = Services(pool => pool
            .FromFile("a", ModelPath("a.zip"), watchForChanges: false)
            .FromFile("b", ModelPath("b.zip"), watchForChanges: false));
        var pool = services.GetRequiredService<QhmlPredictionPool<FeatureRow, ScoreRow>>();

        Assert.Equal(["a", "b"], pool.ModelNames);
        Assert.Equal(ServingTestModels.ReferenceScores(1, 1)[0], pool.Predict("a", ServingTestModels.Row(0), out ServedModelInfo a).Score);
        Assert.Equal(ServingTestModels.ReferenceScores(2, 1)[0], pool.Predict("b", ServingTestModels.Row(0), out ServedModelInfo b).Score);
        Assert.Equal((first, second), (a.ContentHash, b.ContentHash));
        var error = Assert.Throws<ArgumentException>(() => pool.Predict("c", ServingTestModels.Row(0)));
        Assert.StartsWith("No model named 'c' is served; the pool serves: a, b.", error.Message);
    }

    [Fact]
    public async Task ReloadSwapsToTheNewFileAndSkipsTheSameBytes()
    {
        ServingTestModels.Write(ModelPath(), seed: 1);
        using ServiceProvider services = Services(pool => pool.FromFile("model", ModelPath(), watchForChanges: false));
        var pool = services.GetRequiredService<QhmlPredictionPool<FeatureRow, ScoreRow>>();

        string second = ServingTestModels.Write(ModelPath(), seed: 2);
        ModelReloadResult swapped = await pool.ReloadAsync("model");
        ModelReloadResult again = await pool.ReloadAsync("model");

        Assert.Equal((ModelReloadOutcome.Swapped, second, 2), (swapped.Outcome, swapped.Serving.ContentHash, swapped.Serving.Generation));
        Assert.Equal((ModelReloadOutcome.Unchanged, second, 2), (again.Outcome, again.Serving.ContentHash, again.Serving.Generation));
        Assert.Equal(ServingTestModels.ReferenceScores(2, 1)[0], pool.Predict("model", ServingTestModels.Row(0)).Score);
    }

    [Fact]
    public async Task ACorruptFileIsRejectedTheOldModelServesAndTheLogAndHealthSayWhy()
    {
        string first = ServingTestModels.Write(ModelPath(), seed: 1);
        using ServiceProvider services = Services(pool => pool.FromFile("model", ModelPath(), watchForChanges: false));
        var pool = services.GetRequiredService<QhmlPredictionPool<FeatureRow, ScoreRow>>();
        var health = services.GetRequiredService<QhmlPredictionPoolHealthCheck<FeatureRow, ScoreRow>>();

        byte[] corrupt = ServingTestModels.Bytes(2)[..4000];
        ServingTestModels.WriteAtomically(ModelPath(), corrupt);
        ModelReloadResult result = await pool.ReloadAsync("model");

        Assert.Equal(ModelReloadOutcome.Failed, result.Outcome);
        Assert.Equal(first, result.Serving.ContentHash);
        // The reason is the guarded loader's: the truncated zip is refused before ML.NET parses anything.
        Assert.StartsWith($"'{ModelPath()}' is not a loadable ML.NET model (4000 bytes): the file is not a readable zip archive (", result.Reason, StringComparison.Ordinal);
        Assert.Equal(ServingTestModels.ReferenceScores(1, 1)[0], pool.Predict("model", ServingTestModels.Row(0), out ServedModelInfo serving).Score);
        Assert.Equal(first, serving.ContentHash);
        Assert.True(_log.Contains($"Model 'model': the new file '{ModelPath()}' was rejected: {result.Reason}. Still serving sha256 {first} (generation 1)."),
            string.Join("\n", _log.Lines));

        HealthCheckResult degraded = await health.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Contains(result.Reason!, degraded.Description, StringComparison.Ordinal);

        ServingTestModels.Write(ModelPath(), seed: 3);
        Assert.Equal(ModelReloadOutcome.Swapped, (await pool.ReloadAsync("model")).Outcome);
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(new HealthCheckContext())).Status);
    }

    [Fact]
    public async Task AModelThatScoresTheProbeToNaNIsRejected()
    {
        string first = ServingTestModels.Write(ModelPath(), seed: 1);
        bool probeNaN = false;
        using ServiceProvider services = Services(pool => pool.FromFile("model", ModelPath(), options =>
        {
            options.WatchForChanges = false;
            // The probe is the same for every load; the score reader turns NaN for the second model only.
            options.Score = output => probeNaN ? float.NaN : output.Score;
        }));
        var pool = services.GetRequiredService<QhmlPredictionPool<FeatureRow, ScoreRow>>();

        probeNaN = true;
        ServingTestModels.Write(ModelPath(), seed: 2);
        ModelReloadResult result = await pool.ReloadAsync("model");

        Assert.Equal(ModelReloadOutcome.Failed, result.Outcome);
        Assert.Equal($"'{ModelPath()}' scores the probe row to NaN; a model that serves must score it to a finite value", result.Reason);
        Assert.Equal(first, pool.GetModel("model").ContentHash);
    }

    /// <summary>A flipped byte inside a zip entry: plain ML.NET might load a different model; the guarded loader refuses it.</summary>
    [Fact]
    public async Task AFileWithAFlippedByteIsRejectedByItsChecksum()
    {
        string first = ServingTestModels.Write(ModelPath(), seed: 1);
        using ServiceProvider services = Services(pool => pool.FromFile("model", ModelPath(), watchForChanges: false));
        var pool = services.GetRequiredService<QhmlPredictionPool<FeatureRow, ScoreRow>>();
        byte[] flipped = (byte[])ServingTestModels.Bytes(2).Clone();
        flipped[flipped.Length / 3] ^= 0x10;
        ServingTestModels.WriteAtomically(ModelPath(), flipped);

        ModelReloadResult result = await pool.ReloadAsync("model");

        Assert.Equal(ModelReloadOutcome.Failed, result.Outcome);
        Assert.StartsWith($"'{ModelPath()}' is not a loadable ML.NET model ({flipped.Length} bytes): ", result.Reason, StringComparison.Ordinal);
        Assert.Contains("The file is corrupt", result.Reason, StringComparison.Ordinal);
        Assert.Equal(first, pool.GetModel("model").ContentHash);
    }

    [Fact]
    public void ADisposedPoolRefusesCalls()
    {
        ServingTestModels.Write(ModelPath(), seed: 1);
        ServiceProvider services = Services(pool => pool.FromFile("model", ModelPath(), watchForChanges: false));
        var pool = services.GetRequiredService<QhmlPredictionPool<FeatureRow, ScoreRow>>();
        services.Dispose();

        Assert.Throws<ObjectDisposedException>(() => pool.Predict("model", ServingTestModels.Row(0)));
    }

    [Fact]
    public void AFirstFileThatIsNotAModelFailsTheStartWithTheFileNamed()
    {
        File.WriteAllText(ModelPath(), "not a model");
        using ServiceProvider services = Services(pool => pool.FromFile("model", ModelPath(), watchForChanges: false));

        var error = Assert.Throws<InvalidDataException>(() => services.GetRequiredService<QhmlPredictionPool<FeatureRow, ScoreRow>>());
        Assert.StartsWith($"'{ModelPath()}' is not a loadable ML.NET model (11 bytes)", error.Message);
    }

    [Fact]
    public void AWatchedFileRenamedIntoPlaceIsServedWithoutARequest()
    {
        ServingTestModels.Write(ModelPath(), seed: 1);
        using ServiceProvider services = Services(pool => pool.FromFile("model", ModelPath(), watchForChanges: true));
        var pool = services.GetRequiredService<QhmlPredictionPool<FeatureRow, ScoreRow>>();

        string second = ServingTestModels.Write(ModelPath(), seed: 2);

        Assert.True(Eventually.Holds(() => pool.GetModel("model").ContentHash == second, TimeSpan.FromSeconds(30)), string.Join("\n", _log.Lines));
        Assert.Equal(2, pool.GetModel("model").Generation);
    }

    /// <summary>
    /// A writer that stops half-way (longer than the debounce and stability wait): the half file is rejected and logged
    /// while the old model serves; once the writer finishes, the complete file is served.
    /// </summary>
    [Fact]
    public void AFileWrittenInPlaceIsRejectedWhileHalfWrittenAndServedOnceComplete()
    {
        string first = ServingTestModels.Write(ModelPath(), seed: 1);
        using ServiceProvider services = Services(pool => pool.FromFile("model", ModelPath(), watchForChanges: true));
        var pool = services.GetRequiredService<QhmlPredictionPool<FeatureRow, ScoreRow>>();
        byte[] next = ServingTestModels.Bytes(2);

        using (var writer = new FileStream(ModelPath(), FileMode.Create, FileAccess.Write, FileShare.ReadWrite))
        {
            writer.Write(next, 0, next.Length / 2);
            writer.Flush();
            Assert.True(Eventually.Holds(() => pool.GetStatus("model").LastFailure is not null, TimeSpan.FromSeconds(30)), string.Join("\n", _log.Lines));
            Assert.Equal(first, pool.GetModel("model").ContentHash);
            writer.Write(next, next.Length / 2, next.Length - next.Length / 2);
        }

        string second = ServingTestModels.ServingHash(next);
        Assert.True(Eventually.Holds(() => pool.GetModel("model").ContentHash == second, TimeSpan.FromSeconds(30)), string.Join("\n", _log.Lines));
        Assert.Null(pool.GetStatus("model").LastFailure);
        Assert.True(_log.Contains($"the new file '{ModelPath()}' was rejected"));
    }
}
