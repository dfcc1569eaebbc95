using System.CommandLine;
using Microsoft.ML;
using Microsoft.ML.Data;
using Qhml.MLNet.Data;
using Qhml.MLNet.Samples.Study;
using Qhml.MLNet.Study;
using Spectre.Console;

namespace Qhml.MLNet.Samples.Cli;

/// <summary>The <c>train</c> command: fit one model on one drug and save it with <c>mlContext.Model.Save</c>.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var data = new Option<DirectoryInfo?>("--data")
        {
            Description = "Folder with the GDSC tidy CSVs (expression.csv, response.csv). Omitted: synthetic data.",
        };
        var drug = new Option<string>("--drug")
        {
            Description = "Drug to model, exactly as in response.csv (e.g. Venetoclax; Drug001 on synthetic data).",
            Required = true,
        };
        var model = new Option<string>("--model")
        {
            Description = $"Model to train: one of {string.Join(", ", StudyModels.All.Select(m => m.Name))}.",
            DefaultValueFactory = _ => StudyModels.All[0].Name,
        };
        var trainSize = CliOptions.Int("--train-size",
            "Cell lines to train on (a seeded random subset; the rest are scored as a test set). 0: train on all of the drug's cell lines.", 0, min: 0);
        var seed = CliOptions.Int("--seed", "Seed of the split and of the model.", 1, min: 0);
        var output = new Option<FileInfo>("--output", "-o")
        {
            Description = "Where to save the trained model (a .zip that predict and any ML.NET app can load).",
            DefaultValueFactory = _ => new FileInfo("model.zip"),
        };

        var command = new Command("train", "Fit one model on one drug's cell lines and save it with mlContext.Model.Save.")
        {
            data, drug, model, trainSize, seed, output,
        };
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            IAnsiConsole console = AnsiConsole.Console;
            string path = parse.GetValue(output)!.FullName;
            OutputPaths.CheckWritableFile(path, "--output");
            GdscDataset gdsc = SampleData.Load(console, parse.GetValue(data)?.FullName);
            StudyDataset dataset = StudyDataset.FromGdsc(gdsc, parse.GetValue(drug)!);
            ModelSpec spec = StudyModels.Find(parse.GetValue(model)!);
            int n = parse.GetValue(trainSize), runSeed = parse.GetValue(seed);

            (int[] train, int[] test) = n == 0
                ? (Enumerable.Range(0, dataset.RowCount).ToArray(), Array.Empty<int>())
                : dataset.Split(n, runSeed);
            var mlContext = new MLContext(seed: runSeed);
            IDataView trainView = dataset.ToDataView(mlContext, train);
            console.MarkupLine(Markup.Escape($"Training {spec.Name} on {train.Length} of {dataset.RowCount} cell lines of {dataset.Name} ({dataset.FeatureCount} genes)..."));
            ITransformer trained = spec.BuildPipeline(mlContext, new ModelSpecContext(dataset.FeatureCount, train.Length, runSeed)).Fit(trainView);

            if (test.Length >= 2)
            {
                float[] predicted = trained.Transform(dataset.ToDataView(mlContext, test)).GetColumn<float>("Score").ToArray();
                RegressionScores scores = RegressionScores.Compute(mlContext, test.Select(dataset.GetLabel).ToArray(), predicted);
                console.MarkupLine(Markup.Escape(
                    $"Test ({test.Length} held-out lines): RMSE {StudyReport.F(scores.Rmse)}, MAE {StudyReport.F(scores.Mae)}, Pearson r {StudyReport.F(scores.Pearson)}, Spearman rho {StudyReport.F(scores.Spearman)}, R² {StudyReport.F(scores.RSquared)}"));
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // The input schema (with the gene names as slot names) is saved with the model, so a scorer can line up its columns.
            mlContext.Model.Save(trained, trainView.Schema, path);
            console.MarkupLine($"Saved to [green]{Markup.Escape(path)}[/]. Score a file with: predict --model {Markup.Escape(path)} --input <expression.csv>");
            return 0;
        }));
        return command;
    }
}
