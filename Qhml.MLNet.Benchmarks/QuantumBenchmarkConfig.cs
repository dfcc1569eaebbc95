using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Qhml.MLNet.Benchmarks;

/// <summary>
/// A short job for the quantum benchmarks: the 2 cores are shared with other work, so a few iterations
/// and the median (robust to interference) rather than a long default run.
/// </summary>
public sealed class QuantumBenchmarkConfig : ManualConfig
{
    public QuantumBenchmarkConfig()
    {
        AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(9).WithId("Short"));
        AddColumn(StatisticColumn.Median, StatisticColumn.Min);
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
