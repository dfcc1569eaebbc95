using BenchmarkDotNet.Attributes;
using Microsoft.ML;
using Microsoft.ML.Data;
using Qhml.MLNet.Data;

namespace Qhml.MLNet.Benchmarks;

/// <summary>
/// Loading the real GDSC2 tidy data (580 x 706 expression + 82,833 responses), building views, and the
/// synthetic generator at its default (real-data) shape.
/// Run: dotnet run -c Release --project Qhml.MLNet.Benchmarks -- --filter '*DataLoading*'
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(warmupCount: 3, iterationCount: 15)]
public class DataLoadingBenchmarks
{
    private string _folder = "";
    private GdscDataset _dataset = null!;
    private readonly MLContext _ml = new(seed: 1);

    [GlobalSetup]
    public void Setup()
    {
        _folder = GdscDataLocator.FindDefaultDataFolder()
            ?? throw new InvalidOperationException(GdscDataLocator.DescribeMissingDefault() +
                                                   " This benchmark measures loading the real files and needs them.");
        _dataset = GdscTidyLoader.Load(_folder);
    }

    /// <summary>Reads and parses expression.csv and response.csv into a dataset.</summary>
    [Benchmark(Baseline = true)]
    public GdscDataset LoadTidyGdsc2() => GdscTidyLoader.Load(_folder);

    /// <summary>Builds the Venetoclax view and reads all its rows (what a trainer pays once).</summary>
    [Benchmark]
    public float DrugViewReadAllRows()
    {
        var view = _dataset.GetDrugDataView(_ml, "Venetoclax");
        var sum = 0f;
        foreach (var features in view.GetColumn<float[]>(GdscColumnNames.Features))
            sum += features[0];
        return sum;
    }

    /// <summary>Generates the default synthetic dataset (580 x 706, 170 drugs).</summary>
    [Benchmark]
    public GdscDataset GenerateSyntheticDefault() => SyntheticGdscGenerator.Generate();
}
