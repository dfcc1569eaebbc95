using System.CommandLine;
using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Qhml.MLNet.Data;
using Qhml.MLNet.Experiments;
using Spectre.Console;

namespace Qhml.MLNet.Samples.Cli;

/// <summary>The <c>predict</c> command: load a saved model and score a file through a PredictionEngine, the production path.</summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model", "-m")
        {
            Description = "A model saved by train (or any ML.NET regression model over a 'Features' vector).",
            Required = true,
        };
        var input = new Option<FileInfo>("--input", "-i")
        {
            Description = "CSV to score: a header row, an id column, then gene columns (e.g. GDSC's expression.csv), read with the same rules as train's data. Columns are matched to the model's genes by name; extra columns are ignored.",
            Required = true,
        };
        var output = new Option<FileInfo?>("--output", "-o")
        {
            Description = "Where to write 'id,prediction' rows. Omitted: print the first rows.",
        };
        var command = new Command("predict", "Score a CSV of expression profiles with a saved model through a PredictionEngine.")
        {
            model, input, output,
        };
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            IAnsiConsole console = AnsiConsole.Console;
            string modelPath = parse.GetValue(model)!.FullName;
            if (!File.Exists(modelPath))
                throw new FileNotFoundException($"The model file '{modelPath}' does not exist. Create one with: train --drug <name> --output {modelPath}", modelPath);
            if (parse.GetValue(output) is { } target)
                OutputPaths.CheckWritableFile(target.FullName, "--output");
            // The reader train uses for expression.csv; read before the model so a bad file fails fast.
            GdscExpressionTable table = GdscTidyLoader.LoadExpression(parse.GetValue(input)!.FullName);
            var mlContext = new MLContext(seed: 0);
            // A model file is untrusted input: verified (CRC-32, sizes, stored schemas) and time-bounded before use.
            ITransformer trained = mlContext.Model.LoadGuarded(modelPath, out DataViewSchema? inputSchema);
            if (inputSchema is null)
                throw new InvalidOperationException($"The model '{modelPath}' was saved without an input schema; save it with mlContext.Model.Save(model, data.Schema, path).");
            int featureCount = FeatureCount(inputSchema, modelPath);
            int[] columnOfSlot = MatchColumns(inputSchema, featureCount, table);

            SchemaDefinition schema = SchemaDefinition.Create(typeof(ExpressionInput));
            schema[nameof(ExpressionInput.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);
            using PredictionEngine<ExpressionInput, ResponsePrediction> engine =
                mlContext.Model.CreatePredictionEngine<ExpressionInput, ResponsePrediction>(trained, inputSchemaDefinition: schema);

            var rows = new StringBuilder("id,prediction\n");
            var example = new ExpressionInput { Features = new float[featureCount] };
            for (int i = 0; i < table.RowCount; i++)
            {
                ReadOnlySpan<float> values = table.GetExpression(i);
                for (int slot = 0; slot < featureCount; slot++)
                    example.Features[slot] = values[columnOfSlot[slot]];
                float score = engine.Predict(example).Score;
                rows.Append(CultureInfo.InvariantCulture, $"{ExperimentResultsFile.Csv(table.RowIds[i])},{score.ToString("R", CultureInfo.InvariantCulture)}\n");
            }

            FileInfo? destination = parse.GetValue(output);
            if (destination is null)
            {
                // CSV rows are data: plain text, never wrapped at a console width by Spectre.
                foreach (string line in rows.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(11))
                    Console.Out.WriteLine(line);
                console.MarkupLine($"[grey]{table.RowCount} rows scored; pass --output to save them all.[/]");
            }
            else
            {
                File.WriteAllText(destination.FullName, rows.ToString());
                console.MarkupLine($"{table.RowCount} predictions written to [green]{Markup.Escape(destination.FullName)}[/].");
            }
            return 0;
        }));
        return command;
    }

    private static int FeatureCount(DataViewSchema inputSchema, string modelPath)
    {
        DataViewSchema.Column features = inputSchema.GetColumnOrNull("Features")
            ?? throw new InvalidOperationException($"The model '{modelPath}' takes no 'Features' column; it was not trained by this app.");
        return features.Type is VectorDataViewType { Size: > 0 } vector ? vector.Size
            : throw new InvalidOperationException($"The model's 'Features' column is {features.Type}; expected a known-size vector.");
    }

    /// <summary>For each model slot, the table column holding it: by gene name when the model knows them, else by position.</summary>
    private static int[] MatchColumns(DataViewSchema inputSchema, int featureCount, GdscExpressionTable table)
    {
        DataViewSchema.Column features = inputSchema["Features"];
        if (!features.HasSlotNames())
        {
            if (table.GeneNames.Count != featureCount)
                throw new FormatException($"The model takes {featureCount} features without names; the input has {table.GeneNames.Count} value columns.");
            return Enumerable.Range(0, featureCount).ToArray();
        }
        VBuffer<ReadOnlyMemory<char>> names = default;
        features.GetSlotNames(ref names);
        return table.GetGeneColumns(names.DenseValues().Select(n => n.ToString()).ToArray());
    }

    /// <summary>One row to score.</summary>
    public sealed class ExpressionInput
    {
        /// <summary>Expression values in the model's gene order.</summary>
        public float[] Features { get; set; } = [];
    }

    /// <summary>The model's output.</summary>
    public sealed class ResponsePrediction
    {
        /// <summary>Predicted ln(IC50).</summary>
        public float Score { get; set; }
    }
}
