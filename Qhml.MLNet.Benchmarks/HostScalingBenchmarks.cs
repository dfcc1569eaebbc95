using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;

namespace Qhml.MLNet.Benchmarks;

/// <summary>
/// How much a second thread adds on this machine, independent of our code: every thread runs the same fixed
/// amount of register-only FMA work (no memory traffic, no sharing, no locks), so with T independent cores the
/// wall time stays flat as T grows, and with T hardware threads of one core it grows towards T times. Throughput
/// scaling = T x time(1) / time(T). The multi-threaded targets (epoch time, <c>Transform</c> rows/s) assume the
/// second core is a real one; this shows whether it is.
/// Run: <c>dotnet run -c Release --project Qhml.MLNet.Benchmarks -- --filter '*HostScaling*'</c>
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class HostScalingBenchmarks
{
    private const long Iterations = 4_000_000;

    /// <summary>Threads each doing the same work (all started together).</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    [Benchmark]
    public double SameFmaWorkOnEveryThread()
    {
        if (Threads == 1)
            return FmaChains(Iterations);
        var tasks = new Task<double>[Threads];
        for (int t = 0; t < Threads; t++)
            tasks[t] = Task.Factory.StartNew(() => FmaChains(Iterations), TaskCreationOptions.LongRunning);
        double sum = 0;
        foreach (var task in tasks)
            sum += task.Result;
        return sum;
    }

    /// <summary>Eight independent FMA chains: enough to keep two FMA pipes busy on one core.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double FmaChains(long iterations)
    {
        Vector256<double> a = Vector256.Create(1.0), b = Vector256.Create(0.999999);
        Vector256<double> c0 = Vector256.Create(0.1), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        for (long i = 0; i < iterations; i++)
        {
            c0 = Vector256.FusedMultiplyAdd(c0, b, a);
            c1 = Vector256.FusedMultiplyAdd(c1, b, a);
            c2 = Vector256.FusedMultiplyAdd(c2, b, a);
            c3 = Vector256.FusedMultiplyAdd(c3, b, a);
            c4 = Vector256.FusedMultiplyAdd(c4, b, a);
            c5 = Vector256.FusedMultiplyAdd(c5, b, a);
            c6 = Vector256.FusedMultiplyAdd(c6, b, a);
            c7 = Vector256.FusedMultiplyAdd(c7, b, a);
        }

        return (c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7).GetElement(0);
    }
}
