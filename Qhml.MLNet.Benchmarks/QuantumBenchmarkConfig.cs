using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using Perfolizer.Horology;

namespace Qhml.MLNet.Benchmarks;

/// <summary>
/// A short job for the quantum benchmarks: the 2 cores are shared with other work, so short iterations
/// (25 ms) reported by median and min; the min is the iteration least disturbed by other processes.
/// </summary>
public sealed class QuantumBenchmarkConfig : ManualConfig
{
    public QuantumBenchmarkConfig()
    {
        AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(15)
            .WithIterationTime(TimeInterval.FromMilliseconds(25)).WithId("Short"));
        AddColumn(StatisticColumn.Median, StatisticColumn.Min);
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
