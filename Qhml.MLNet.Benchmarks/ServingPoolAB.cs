using System.Diagnostics;
using System.Globalization;

namespace Qhml.MLNet.Benchmarks;

/// <summary>
/// The pool against bare engines as an A/B harness that alternates the two in short rounds, so both see the same
/// share of a machine other work is loading (a BenchmarkDotNet run measures one after the other, minutes apart).
/// Per round: 2 threads x 2,000 predictions each way; reports median and min per prediction (wall clock, both
/// threads running) and the median of the per-round ratios.
/// Run: <c>dotnet run -c Release --project Qhml.MLNet.Benchmarks -- pool-ab [--rounds 40]</c>
/// </summary>
public static class ServingPoolAB
{
    public static int Run(string[] args)
    {
        int rounds = args is ["--rounds", { } value] ? int.Parse(value, CultureInfo.InvariantCulture) : 40;
        var bench = new ServingPoolBenchmarks();
        bench.Setup();
        try
        {
            var bare = new List<double>();
            var pool = new List<double>();
            var ratios = new List<double>();
            for (int round = -3; round < rounds; round++)   // 3 warm-up rounds
            {
                double b = Time(() => bench.BareEngineOnePerThread()), p = Time(() => bench.Pool());
                if (round < 0)
                    continue;
                bare.Add(b);
                pool.Add(p);
                ratios.Add(b / p);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"pool-ab: {rounds} rounds, 2 threads x 2,000 predictions each way per round, {Environment.ProcessorCount} cores shared with other work."));
            Console.WriteLine("| variant | median us/prediction | min us/prediction | predictions/s (median) |");
            Console.WriteLine("|---|---:|---:|---:|");
            Print("bare PredictionEngine, one per thread", bare);
            Print("QhmlPredictionPool", pool);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"pool throughput / bare throughput: median of per-round ratios {Median(ratios):P1}; ratio of medians {Median(bare) / Median(pool):P1}; ratio of minima {bare.Min() / pool.Min():P1}"));
            return 0;
        }
        finally
        {
            bench.Cleanup();
        }
    }

    private static double Time(Action action)
    {
        long start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalMicroseconds / 4_000;
    }

    private static void Print(string name, List<double> perPrediction)
        => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {Median(perPrediction):0.00} | {perPrediction.Min():0.00} | {1e6 / Median(perPrediction):N0} |"));

    private static double Median(List<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
