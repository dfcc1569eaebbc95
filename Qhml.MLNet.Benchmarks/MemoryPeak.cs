using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Qhml.MLNet.Benchmarks;

/// <summary>
/// Peak memory of one whole ML.NET <c>Fit</c> on synthetic rows x features float data, each scenario in its own child
/// process (a process's peak is its own): the trainer with its defaults (one epoch: per-epoch buffers are reused, so
/// more epochs do not raise the peak), the hybrid term alone (<c>UseLinearPath = false</c>), and the moderated-tanh
/// transform's fit. The child builds the rows in memory (what a user holding an in-memory data view has), collects,
/// resets the kernel's peak-RSS counter (<c>/proc/self/clear_refs</c>, Linux) and runs the fit; it reports the
/// resident set before the fit, the peak resident set (VmHWM) during it, and both relative to the float data
/// (rows x features x 4 bytes). Allocated bytes are printed too but are not the peak (most are short-lived).
/// Run: <c>dotnet run -c Release --project Qhml.MLNet.Benchmarks -- memory-peak [--rows 100000] [--features 706]
/// [--scenario train|hybrid|transform] [--heap-limit-mb 6000]</c>. Every child runs under a GC heap hard limit
/// (default 6,000 MB) so that a fit that would need more fails fast instead of swapping a shared machine.
/// </summary>
public static class MemoryPeak
{
    private static readonly string[] Scenarios = ["train", "hybrid", "transform"];

    /// <summary>Parses the options, runs every asked scenario in a child process and prints one table.</summary>
    public static int Run(string[] args)
    {
        int rows = IntOption(args, "--rows", 100_000), features = IntOption(args, "--features", 706);
        int heapLimitMb = IntOption(args, "--heap-limit-mb", 6_000);
        string[] scenarios = Option(args, "--scenario") is { } one ? [one] : Scenarios;
        if (args.Contains("--child"))
            return RunChild(scenarios[0], rows, features);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"memory-peak: {rows:N0} rows x {features} features, float data {rows * (long)features * 4 / 1e6:N1} MB; {Environment.ProcessorCount} cores shared with other work; GC heap limit {heapLimitMb:N0} MB per child."));
        Console.WriteLine("| scenario | RSS before fit (MB) | peak RSS during fit (MB) | peak / float data | (peak - before) / float data | allocated (MB) | fit (s) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        int failures = 0;
        foreach (string scenario in scenarios)
            failures += RunInChild(scenario, rows, features, heapLimitMb) ? 0 : 1;
        return failures == 0 ? 0 : 1;
    }

    private static bool RunInChild(string scenario, int rows, int features, int heapLimitMb)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Run through the same entry point: an apphost (ProcessPath is the exe) or `dotnet <dll>`.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
            start.ArgumentList.Add(typeof(MemoryPeak).Assembly.Location);
        foreach (string a in new[] { "memory-peak", "--child", "--scenario", scenario, "--rows", Format(rows), "--features", Format(features) })
            start.ArgumentList.Add(a);
        start.Environment["DOTNET_GCHeapHardLimit"] = "0x" + ((long)heapLimitMb << 20).ToString("X", CultureInfo.InvariantCulture);
        using var child = Process.Start(start)!;
        var stderr = child.StandardError.ReadToEndAsync();
        string stdout = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        string? line = stdout.Split('\n').FirstOrDefault(l => l.StartsWith("| ", StringComparison.Ordinal));
        if (child.ExitCode == 0 && line is not null)
        {
            Console.WriteLine(line.TrimEnd());
            return true;
        }
        string reason = (stderr.Result + stdout).Split('\n').FirstOrDefault(l => l.Contains("Exception", StringComparison.Ordinal))?.Trim() ?? "no result";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {scenario} | failed (exit {child.ExitCode}): {reason} | | | | | |"));
        return false;
    }

    private static int RunChild(string scenario, int rows, int features)
    {
        var ml = new MLContext(seed: 1);
        IDataView data = ml.Data.LoadFromEnumerable(SyntheticRows(rows, features), SchemaFor(ml, features));
        var fit = Fitter(ml, scenario);
        long floatBytes = rows * (long)features * sizeof(float);

        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        long before = ResidentBytes();
        ResetPeak();
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        long started = Stopwatch.GetTimestamp();
        fit(data);
        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        long peak = PeakResidentBytes();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {scenario} | {before / 1e6:N0} | {peak / 1e6:N0} | {(double)peak / floatBytes:0.00} | {(double)(peak - before) / floatBytes:0.00} | {allocated / 1e6:N0} | {seconds:0.0} |"));
        GC.KeepAlive(data);
        return 0;
    }

    private static Action<IDataView> Fitter(MLContext ml, string scenario) => scenario switch
    {
        // One epoch: memory does not grow with epochs; the defaults otherwise (linear path, 20% held out).
        "train" => data => ml.Regression.Trainers.QuantumHybrid(new QuantumHybridRegressionTrainer.Options { NumberOfEpochs = 1 }).Fit(data),
        "hybrid" => data => ml.Regression.Trainers.QuantumHybrid(new QuantumHybridRegressionTrainer.Options { NumberOfEpochs = 1, UseLinearPath = false }).Fit(data),
        "transform" => data => ml.Transforms.NormalizeModeratedTanh("Features").Fit(data),
        _ => throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Unknown scenario '{scenario}'; expected one of {string.Join(", ", Scenarios)}."), nameof(scenario)),
    };

    /// <summary>One row of the synthetic data.</summary>
    public sealed class Row
    {
        /// <summary>Gene-expression-like features, roughly standard normal.</summary>
        public float[] Features { get; set; } = [];

        /// <summary>A noisy linear function of the first features.</summary>
        public float Label { get; set; }
    }

    private static SchemaDefinition SchemaFor(MLContext ml, int features)
    {
        _ = ml;
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features);
        return schema;
    }

    // Materialized once: the data sit in memory before the fit, as a user's in-memory data view would.
    private static List<Row> SyntheticRows(int rows, int features)
    {
        var rng = new Random(20261205);
        var result = new List<Row>(rows);
        for (int i = 0; i < rows; i++)
        {
            var x = new float[features];
            for (int j = 0; j < x.Length; j++)
                x[j] = (float)(rng.NextDouble() + rng.NextDouble() + rng.NextDouble() - 1.5) * 2f;
            float label = 0.5f * x[0] - 0.25f * x[1] + 0.1f * x[2 % features] + (float)(rng.NextDouble() - 0.5);
            result.Add(new Row { Features = x, Label = label });
        }
        return result;
    }

    private static long ResidentBytes() => Environment.WorkingSet;

    // Linux: writing 5 to clear_refs resets VmHWM (the peak resident set) to the current resident set.
    private static void ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
            // Not Linux or not allowed: the peak then covers the whole child process, building the data included.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }

    private static long PeakResidentBytes()
    {
        if (File.Exists("/proc/self/status"))
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64;
    }

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int IntOption(string[] args, string name, int fallback)
        => Option(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
