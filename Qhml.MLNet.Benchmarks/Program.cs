using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Qhml.MLNet.Benchmarks;

// Run all: dotnet run -c Release --project Qhml.MLNet.Benchmarks -- --filter '*'
// CI (.ci/run): `-- --ci-dry <glob>...` runs the matching benchmarks once, in process, with one Dry job
// that replaces every class's own [SimpleJob]/[Config] jobs: they must build, set up and run, not measure.
// `-- --in-process <glob>...` measures (1 launch, 3 warmups, 15 iterations) in this process instead: no child
// project to build, for a busy machine where BenchmarkDotNet's build times out.
// Non-zero exit when a benchmark fails.
// The scoring service under load (not BenchmarkDotNet), against `serve --model M --http-floor`: ... -- serve-load --url http://127.0.0.1:5080
// Peak memory of whole fits at 100k x 706, each in a child process: ... -- memory-peak [--scenario train|hybrid|transform]
// The prediction pool against bare engines, alternating: dotnet run -c Release --project Qhml.MLNet.Benchmarks -- pool-ab
if (args is ["serve-load", .. var rest])
    return await ServeLoad.RunAsync(rest);
if (args is ["pool-ab", .. var abArgs])
    return ServingPoolAB.Run(abArgs);
if (args is ["memory-peak", .. var memoryArgs])
    return MemoryPeak.Run(memoryArgs);
Summary[] summaries;
if (args.Length > 0 && args[0] is "--ci-dry" or "--in-process")
{
    var job = args[0] == "--ci-dry"
        ? Job.Dry
        : Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(15);
    var config = ManualConfig.Create(DefaultConfig.Instance)
        .AddJob(job.WithToolchain(InProcessEmitToolchain.Instance))
        .AddFilter(new GlobFilter(args[1..]))
        .WithOption(ConfigOptions.StopOnFirstError, true);
    // Class attributes add their own jobs to any config; keep only the cases of the in-process job.
    var runs = typeof(Program).Assembly.GetTypes()
        .Where(t => t.IsPublic && !t.IsAbstract && t.GetMethods().Any(m => m.IsDefined(typeof(BenchmarkAttribute), false)))
        .Select(t => BenchmarkConverter.TypeToBenchmarks(t, config))
        .Select(r => new BenchmarkRunInfo(r.BenchmarksCases.Where(c => c.Job.Infrastructure.Toolchain is InProcessEmitToolchain).ToArray(), r.Type, r.Config))
        .Where(r => r.BenchmarksCases.Length > 0)
        .ToArray();
    summaries = BenchmarkRunner.Run(runs);
}
else
{
    summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args).ToArray();
}
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
