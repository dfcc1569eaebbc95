using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
using Qhml.MLNet.Tests.Trainers;

namespace Qhml.MLNet.Tests.Experiments;

public class CancelExecutionOnTests
{
    [Fact]
    public void ATokenStopsTheHybridTrainerMidFit()
    {
        var ml = new MLContext(1);
        IDataView data = TrainerTestData.VectorView(ml, 200, seed: 3);
        var options = TrainerTestData.SmallOptions(epochs: 100000);
        options.ValidationFraction = 0; // no early stopping: only the token can end this fit
        // ML.NET cancels the hosts that exist when the token fires, so the trainer is created first.
        var trainer = ml.Regression.Trainers.QuantumHybrid(options);
        using var cts = new CancellationTokenSource();
        using var link = ml.CancelExecutionOn(cts.Token);
        var watch = Stopwatch.StartNew();
        using var canceller = CancelAfter(cts, TimeSpan.FromMilliseconds(300));
        Assert.ThrowsAny<OperationCanceledException>(() => trainer.Fit(data));
        // 100000 epochs would take minutes; it stopped soon after the token fired.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    [Fact]
    public void ATokenStopsFastTreeMidFit()
    {
        var ml = new MLContext(1);
        IDataView data = TrainerTestData.VectorView(ml, 400, seed: 3);
        var trainer = ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options { NumberOfTrees = 200000, NumberOfLeaves = 4, NumberOfThreads = 1 });
        using var cts = new CancellationTokenSource();
        using var link = ml.CancelExecutionOn(cts.Token);
        var watch = Stopwatch.StartNew();
        using var canceller = CancelAfter(cts, TimeSpan.FromMilliseconds(300));
        // FastTree's parallel tree building wraps the cancellation in an AggregateException.
        var thrown = Assert.ThrowsAny<Exception>(() => trainer.Fit(data));
        Assert.True(IsCancellation(thrown), $"not a cancellation: {thrown}");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    [Fact]
    public void ATokenStopsTheHybridTrainerWithinItsOnlyEpoch()
    {
        // One long epoch: a fit that only looked at the flag between epochs would finish it and return a model.
        var ml = new MLContext(1);
        IDataView data = TrainerTestData.VectorView(ml, 20000, seed: 3);
        var options = TrainerTestData.SmallOptions(epochs: 1);
        options.ValidationFraction = 0;
        options.UseLinearPath = false; // its ridge fit (an n x n eigendecomposition) has no cancellation point
        options.BatchSize = 8;
        var trainer = ml.Regression.Trainers.QuantumHybrid(options);
        using var cts = new CancellationTokenSource();
        using var link = ml.CancelExecutionOn(cts.Token);
        var epochsLogged = 0;
        ml.Log += (_, e) =>
        {
            // Logged on the training thread just before training starts: cancel from there, synchronously.
            if (e.RawMessage.Contains("training rows", StringComparison.Ordinal))
                cts.Cancel();
            if (e.RawMessage.StartsWith("Epoch ", StringComparison.Ordinal))
                Interlocked.Increment(ref epochsLogged);
        };
        Assert.ThrowsAny<OperationCanceledException>(() => trainer.Fit(data));
        Assert.Equal(0, epochsLogged);
    }

    [Fact]
    public void AnUncancelledTokenLeavesTrainingAlone()
    {
        var ml = new MLContext(1);
        using var cts = new CancellationTokenSource();
        using (ml.CancelExecutionOn(cts.Token))
            ml.Regression.Trainers.QuantumHybrid(TrainerTestData.SmallOptions(epochs: 2)).Fit(TrainerTestData.VectorView(ml, 40, seed: 3));
        cts.Cancel(); // unlinked: no effect on the context
        ml.Regression.Trainers.QuantumHybrid(TrainerTestData.SmallOptions(epochs: 2)).Fit(TrainerTestData.VectorView(ml, 40, seed: 3));
    }

    // Not cts.CancelAfter: its timer fires on the thread pool, which this fit's parallel loops starved for the
    // whole fit (21-23 s, 100000 epochs, no cancellation) in about 1 run in 6 run alone; see CancelExecutionOn.
    private static Canceller CancelAfter(CancellationTokenSource cts, TimeSpan delay) => new(cts, delay);

    private sealed class Canceller : IDisposable
    {
        private readonly ManualResetEventSlim _done = new();
        private readonly Thread _thread;

        public Canceller(CancellationTokenSource cts, TimeSpan delay)
        {
            _thread = new Thread(() =>
            {
                if (!_done.Wait(delay))
                    cts.Cancel();
            });
            _thread.Start();
        }

        public void Dispose()
        {
            _done.Set();
            _thread.Join();
            _done.Dispose();
        }
    }

    private static bool IsCancellation(Exception e) => e switch
    {
        OperationCanceledException => true,
        AggregateException a => a.Flatten().InnerExceptions.All(IsCancellation),
        _ => false,
    };
}
