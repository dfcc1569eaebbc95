using BenchmarkDotNet.Running;

// Run all: dotnet run -c Release --project Qhml.MLNet.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
