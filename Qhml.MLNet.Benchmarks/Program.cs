using BenchmarkDotNet.Running;
using Qhml.MLNet.Benchmarks;

// Run all: dotnet run -c Release --project Qhml.MLNet.Benchmarks -- --filter '*'
// The scoring service under load (not BenchmarkDotNet), against `serve --model M --http-floor`: ... -- serve-load --url http://127.0.0.1:5080
// The prediction pool against bare engines, alternating: dotnet run -c Release --project Qhml.MLNet.Benchmarks -- pool-ab
if (args is ["serve-load", .. var rest])
    return await ServeLoad.RunAsync(rest);
if (args is ["pool-ab", .. var abArgs])
    return ServingPoolAB.Run(abArgs);
BenchmarkSwitcher.FromAssembly(typeof(ServeLoad).Assembly).Run(args);
return 0;
