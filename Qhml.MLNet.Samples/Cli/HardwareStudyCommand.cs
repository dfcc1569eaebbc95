using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Qhml.MLNet.Data;
using Qhml.MLNet.Hybrid;
using Qhml.MLNet.Quantum.Hardware;
using Qhml.MLNet.Samples.Study;
using Qhml.MLNet.Study;
using Spectre.Console;

namespace Qhml.MLNet.Samples.Cli;

/// <summary>
/// The <c>hardware-study</c> command: what finite shots and gate noise cost a trained model in test Pearson r.
/// Trains the study's QHML-ModeratedTanh model (hybrid term only, <c>UseLinearPath = false</c>) per drug and seed, then
/// scores its test lines exactly, with each shot count, and (on a subset of test lines, the density matrix being 4^n)
/// under each two-qubit error rate. Without the linear path the circuit carries the whole prediction; with it (the
/// trainer's default) the hybrid term is often weighted 0, and shots or noise would then change nothing.
/// </summary>
internal static class HardwareStudyCommand
{
    private static readonly string[] StudyDrugs = ["Venetoclax", "Navitoclax", "Sorafenib", "Afatinib", "Camptothecin", "5-Fluorouracil", "Taselisib", "Luminespib"];

    public static Command Create()
    {
        var data = new Option<DirectoryInfo?>("--data") { Description = "Folder with the GDSC tidy CSVs. Omitted: synthetic data." };
        var drugs = CliOptions.NameList("--drugs", "Drugs (default: the 8 study drugs; Drug001.. on synthetic data).");
        var trainSize = CliOptions.Int("--train-size", "Training cell lines per run.", 200, min: 10);
        var seeds = CliOptions.Int("--seeds", "Seeds per drug (1..N): split, model and shot sampling.", 3, min: 1);
        var shots = CliOptions.IntList("--shots", "Shot counts to score with.", [100, 1000, 10000], min: 1);
        var errors = new Option<string>("--two-qubit-errors")
        {
            Description = "Two-qubit depolarizing rates in percent (single-qubit rate = 1/10 of it).",
            DefaultValueFactory = _ => "0.1,0.5,1,2",
        };
        var noiseSeeds = CliOptions.Int("--noise-seeds", "Seeds (1..N) whose models are also scored under noise.", 1, min: 0);
        var noiseRows = CliOptions.Int("--noise-rows", "Test lines scored under noise per run (density matrix: ~tens of ms per line at 8 qubits). 0: none.", 100, min: 0);
        var output = new Option<DirectoryInfo>("--out") { Description = "Output folder.", DefaultValueFactory = _ => new DirectoryInfo("out/hardware") };
        var command = new Command("hardware-study", "Test Pearson r of the QHML-ModeratedTanh model (hybrid term only, no linear path) with finite shots and noisy gates, against exact scoring.")
        {
            data, drugs, trainSize, seeds, shots, errors, noiseSeeds, noiseRows, output,
        };
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            IAnsiConsole console = AnsiConsole.Console;
            GdscDataset gdsc = SampleData.Load(console, parse.GetValue(data)?.FullName);
            string[] drugNames = parse.GetValue(drugs)!;
            if (drugNames.Length == 0)
                drugNames = gdsc.IsSynthetic ? gdsc.DrugNames.Take(2).ToArray() : StudyDrugs;
            double[] rates = parse.GetValue(errors)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v >= 0 && v <= 100
                    ? v / 100 : throw new ArgumentException($"--two-qubit-errors: '{t}' is not a percentage in [0, 100]."))
                .ToArray();
            Directory.CreateDirectory(parse.GetValue(output)!.FullName);
            Run(console, gdsc, drugNames, parse.GetValue(trainSize), parse.GetValue(seeds), parse.GetValue(shots)!, rates,
                parse.GetValue(noiseSeeds), parse.GetValue(noiseRows), parse.GetValue(output)!.FullName);
            return 0;
        }));
        return command;
    }

    private static void Run(IAnsiConsole console, GdscDataset gdsc, string[] drugs, int trainSize, int seeds, int[] shotCounts,
        double[] rates, int noiseSeeds, int noiseRows, string folder)
    {
        var csv = new StringBuilder("drug,seed,setting,shots,two_qubit_error,rows,pearson,delta_pearson,rmse,delta_rmse,seconds\n");
        var results = new List<(string Setting, double Delta, double DeltaRmse)>();
        // The study's hybrid specs pin UseLinearPath = false (HybridModelSpecs.BaseOptions); pin it here too so the
        // circuit carries the prediction whatever that base becomes.
        ModelSpec spec = HybridModelSpecs.Create("QHML-ModeratedTanh", o =>
        {
            o.InterfaceNormalization = InterfaceNormalization.ModeratedTanh;
            o.UseLinearPath = false;
        });
        var total = Stopwatch.StartNew();
        foreach (string drug in drugs)
        {
            StudyDataset dataset = StudyDataset.FromGdsc(gdsc, drug);
            for (int seed = 1; seed <= seeds; seed++)
            {
                (int[] train, int[] test) = dataset.Split(trainSize, seed);
                var mlContext = new MLContext(seed: seed);
                var clock = Stopwatch.StartNew();
                ITransformer trained = spec.BuildPipeline(mlContext, new ModelSpecContext(dataset.FeatureCount, train.Length, seed)).Fit(dataset.ToDataView(mlContext, train));
                var hybrid = ((IEnumerable<ITransformer>)[trained]).Concat(trained as IEnumerable<ITransformer> ?? [])
                    .OfType<ISingleFeaturePredictionTransformer<QuantumHybridModelParameters>>().Single().Model;
                if (hybrid.Model.Linear is not null)
                    throw new InvalidOperationException("hardware-study needs a model without a linear path: its circuit must carry the prediction.");
                double trainSeconds = clock.Elapsed.TotalSeconds;

                (double Pearson, double Rmse) Score(string setting, int[] rows, HardwareScoringOptions options, (double Pearson, double Rmse)? exactScores, int? shots, double? rate)
                {
                    var sw = Stopwatch.StartNew();
                    float[] features = rows.SelectMany(r => dataset.GetFeatures(r).ToArray()).ToArray();
                    var predictions = new float[rows.Length];
                    hybrid.CreateHardwareScorer(options).PredictBatch(features, predictions);
                    RegressionScores scores = RegressionScores.Compute(mlContext, rows.Select(dataset.GetLabel).ToArray(), predictions);
                    double delta = exactScores is null ? 0 : scores.Pearson - exactScores.Value.Pearson;
                    double deltaRmse = exactScores is null ? 0 : scores.Rmse - exactScores.Value.Rmse;
                    if (exactScores is not null)
                        results.Add((setting, delta, deltaRmse));
                    csv.Append(CultureInfo.InvariantCulture,
                        $"{drug},{seed},{setting},{shots?.ToString(CultureInfo.InvariantCulture) ?? ""},{rate?.ToString("R", CultureInfo.InvariantCulture) ?? ""},{rows.Length},{scores.Pearson:R},{delta:R},{scores.Rmse:R},{deltaRmse:R},{sw.Elapsed.TotalSeconds:F3}\n");
                    return (scores.Pearson, scores.Rmse);
                }

                var exact = Score("exact", test, new HardwareScoringOptions(), null, null, null);
                foreach (int n in shotCounts)
                    Score($"shots-{n}", test, new HardwareScoringOptions { Shots = n, Seed = seed }, exact, n, null);
                string line = $"{drug} seed {seed}: trained in {trainSeconds:F1} s, exact r = {exact.Pearson:F3} on {test.Length} lines";
                if (noiseRows > 0 && rates.Length > 0 && seed <= noiseSeeds)
                {
                    int[] subset = test.Take(noiseRows).ToArray();
                    var exactSubset = Score("exact-subset", subset, new HardwareScoringOptions(), null, null, null);
                    var sw = Stopwatch.StartNew();
                    foreach (double rate in rates)
                        Score(string.Create(CultureInfo.InvariantCulture, $"noise-{rate * 100:0.##}%"), subset,
                            new HardwareScoringOptions { Noise = new NoiseModel { TwoQubitDepolarizing = rate, SingleQubitDepolarizing = rate / 10 } }, exactSubset, null, rate);
                    line += string.Create(CultureInfo.InvariantCulture, $"; noisy forward {1000 * sw.Elapsed.TotalSeconds / (rates.Length * subset.Length):F1} ms/line");
                }
                console.WriteLine(line);
            }
        }
        File.WriteAllText(Path.Combine(folder, "hardware.csv"), csv.ToString());
        Summarize(console, results, shotCounts, rates, folder);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Wall time {total.Elapsed.TotalSeconds:F0} s. Rows: {Path.Combine(folder, "hardware.csv")}"));
    }

    private static void Summarize(IAnsiConsole console, List<(string Setting, double Delta, double DeltaRmse)> results, int[] shotCounts, double[] rates, string folder)
    {
        double MeanRmse(string setting) => results.Where(r => r.Setting == setting).Average(r => r.DeltaRmse);
        (double Mean, double Sd) Stats(string setting)
        {
            double[] d = results.Where(r => r.Setting == setting).Select(r => r.Delta).ToArray();
            double mean = d.Average();
            return (mean, d.Length > 1 ? Math.Sqrt(d.Sum(v => (v - mean) * (v - mean)) / (d.Length - 1)) : 0);
        }
        var table = new Table().AddColumns("setting", "mean r - r(exact)", "SD", "mean RMSE - RMSE(exact)", "runs");
        var shotStats = shotCounts.Select(n => Stats($"shots-{n}")).ToArray();
        for (int i = 0; i < shotCounts.Length; i++)
            table.AddRow($"{shotCounts[i]} shots", F(shotStats[i].Mean), F(shotStats[i].Sd), F(MeanRmse($"shots-{shotCounts[i]}")), results.Count(r => r.Setting == $"shots-{shotCounts[i]}").ToString(CultureInfo.InvariantCulture));
        string[] noiseNames = rates.Select(r => string.Create(CultureInfo.InvariantCulture, $"noise-{r * 100:0.##}%")).ToArray();
        var noiseStats = noiseNames.Where(n => results.Any(r => r.Setting == n)).Select(Stats).ToArray();
        for (int i = 0; i < noiseStats.Length; i++)
            table.AddRow($"2q error {rates[i] * 100:0.##}%", F(noiseStats[i].Mean), F(noiseStats[i].Sd), F(MeanRmse(noiseNames[i])), results.Count(r => r.Setting == noiseNames[i]).ToString(CultureInfo.InvariantCulture));
        console.Write(table);

        int? enough = shotCounts.OrderBy(n => n).Cast<int?>().FirstOrDefault(n => Stats($"shots-{n}").Mean >= -0.01);
        console.WriteLine(enough is null
            ? "No shot count in the grid keeps mean r within 0.01 of exact."
            : string.Create(CultureInfo.InvariantCulture, $"Smallest shot count in the grid with mean r within 0.01 of exact: {enough}."));

        HardwareStudyFigures.DeltaPearson(Path.Combine(folder, "hardware-shots.png"), "Test Pearson r with finite shots", "shots per line",
            shotCounts.Select(n => Math.Log10(n)).ToArray(), shotStats.Select(s => s.Mean).ToArray(), shotStats.Select(s => s.Sd).ToArray(),
            shotCounts.Select(n => n.ToString(CultureInfo.InvariantCulture)).ToArray());
        if (noiseStats.Length > 0)
            HardwareStudyFigures.DeltaPearson(Path.Combine(folder, "hardware-noise.png"), "Test Pearson r under depolarizing gate noise", "two-qubit error rate (%), single-qubit = 1/10",
                rates.Take(noiseStats.Length).Select(r => r * 100).ToArray(), noiseStats.Select(s => s.Mean).ToArray(), noiseStats.Select(s => s.Sd).ToArray(),
                rates.Take(noiseStats.Length).Select(r => (r * 100).ToString("0.##", CultureInfo.InvariantCulture)).ToArray());
    }

    private static string F(double v) => v.ToString("+0.0000;-0.0000;0.0000", CultureInfo.InvariantCulture);
}
