using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// Run all: dotnet run -c Release --project Qhml.MLNet.Benchmarks -- --filter '*'
// CI (.ci/run): `-- --ci-dry <glob>...` runs the matching benchmarks once, in process, with one Dry job
// that replaces every class's own [SimpleJob]/[Config] jobs: they must build, set up and run, not measure.
// Non-zero exit when a benchmark fails.
Summary[] summaries;
if (args.Length > 0 && args[0] == "--ci-dry")
{
    var config = ManualConfig.Create(DefaultConfig.Instance)
        .AddJob(Job.Dry.WithToolchain(InProcessEmitToolchain.Instance))
        .AddFilter(new GlobFilter(args[1..]))
        .WithOption(ConfigOptions.StopOnFirstError, true);
    // Class attributes add their own jobs to any config; keep only the cases of the Dry job.
    var runs = typeof(Program).Assembly.GetTypes()
        .Where(t => t.IsPublic && !t.IsAbstract && t.GetMethods().Any(m => m.IsDefined(typeof(BenchmarkAttribute), false)))
        .Select(t => BenchmarkConverter.TypeToBenchmarks(t, config))
        .Select(r => new BenchmarkRunInfo(r.BenchmarksCases.Where(c => c.Job.Id == Job.Dry.Id).ToArray(), r.Type, r.Config))
        .Where(r => r.BenchmarksCases.Length > 0)
        .ToArray();
    summaries = BenchmarkRunner.Run(runs);
}
else
{
    summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args).ToArray();
}
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
