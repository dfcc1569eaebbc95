using BenchmarkDotNet.Running;
using Qhml.MLNet.Benchmarks;

// Run all: dotnet run -c Release --project Qhml.MLNet.Benchmarks -- --filter '*'
// The scoring service under load (not BenchmarkDotNet): dotnet run -c Release --project Qhml.MLNet.Benchmarks -- serve-load
if (args is ["serve-load", .. var rest])
    return await ServeLoad.RunAsync(rest);
BenchmarkSwitcher.FromAssembly(typeof(ServeLoad).Assembly).Run(args);
return 0;
