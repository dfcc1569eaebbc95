using System.CommandLine;
using Microsoft.ML;
using Microsoft.ML.Data;
using Qhml.MLNet.Data;
using Spectre.Console;

namespace Qhml.MLNet.Samples.Cli;

/// <summary>
/// The <c>export-qasm</c> command: write a saved hybrid model's trained circuit as OpenQASM 3, with one cell
/// line's circuit inputs bound (<c>--row</c>) or left as <c>input float[64]</c> parameters.
/// </summary>
internal static class ExportQasmCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model", "-m")
        {
            Description = "A model saved by train with a quantum head (a QuantumHybrid model, alone or at the end of a pipeline).",
            Required = true,
        };
        var data = new Option<DirectoryInfo?>("--data")
        {
            Description = "Folder with the GDSC tidy CSVs (expression.csv, response.csv) holding the --row cell line. Omitted: synthetic data.",
        };
        var row = new Option<string?>("--row")
        {
            Description = "Cell line id whose circuit inputs to bind. Omitted: the inputs stay 'input float[64] angle_j' parameters.",
        };
        var output = new Option<FileInfo>("--out", "-o")
        {
            Description = "Where to write the OpenQASM 3 program.",
            DefaultValueFactory = _ => new FileInfo("circuit.qasm"),
        };
        var command = new Command("export-qasm", "Export a saved hybrid model's trained circuit as an OpenQASM 3 program.")
        {
            model, data, row, output,
        };
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            IAnsiConsole console = AnsiConsole.Console;
            string modelPath = parse.GetValue(model)!.FullName;
            if (!File.Exists(modelPath))
                throw new FileNotFoundException($"The model file '{modelPath}' does not exist. Create one with: train --drug <name> --output {modelPath}", modelPath);
            var mlContext = new MLContext(seed: 0);
            ITransformer trained = mlContext.Model.Load(modelPath, out DataViewSchema inputSchema);
            (QuantumHybridModelParameters hybrid, ITransformer? featurizer, string featureColumn) = FindHybrid(trained, modelPath);
            _ = hybrid.GetTrainedCircuit(); // a classical-head model fails here, before any data is read

            string? cellLine = parse.GetValue(row);
            float[] features = [];
            if (cellLine is not null)
            {
                GdscDataset gdsc = SampleData.Load(console, parse.GetValue(data)?.FullName);
                features = HybridFeatures(mlContext, inputSchema, featurizer, featureColumn, ModelInput(gdsc, inputSchema, cellLine));
            }
            string comment = cellLine is null
                ? $"From {Path.GetFileName(modelPath)}; inputs angle_j are the interface angles of a row."
                : $"From {Path.GetFileName(modelPath)}, inputs bound to cell line {cellLine}.";
            string qasm = hybrid.ExportOpenQasm(features, comment);
            string path = parse.GetValue(output)!.FullName;
            File.WriteAllText(path, qasm);
            console.MarkupLine(Markup.Escape($"{hybrid.Architecture.NumberOfQubits}-qubit circuit ({qasm.Split('\n').Length - 1} lines) written to {path}."));
            return 0;
        }));
        return command;
    }

    /// <summary>The hybrid predictor of a loaded model, the transformers before it and its feature column.</summary>
    private static (QuantumHybridModelParameters, ITransformer?, string) FindHybrid(ITransformer trained, string modelPath)
    {
        var steps = trained is IEnumerable<ITransformer> chain ? chain.ToList() : [trained];
        int at = steps.FindIndex(t => t is ISingleFeaturePredictionTransformer<QuantumHybridModelParameters>);
        if (at < 0)
            throw new InvalidOperationException($"The model '{modelPath}' holds no QuantumHybrid predictor; only hybrid models have a circuit to export.");
        var predictor = (ISingleFeaturePredictionTransformer<QuantumHybridModelParameters>)steps[at];
        ITransformer? featurizer = at == 0 ? null : new TransformerChain<ITransformer>(steps.Take(at).ToArray());
        return (predictor.Model, featurizer, predictor.FeatureColumnName);
    }

    /// <summary>The model's input 'Features' vector for one cell line, genes in the model's slot order.</summary>
    private static float[] ModelInput(GdscDataset gdsc, DataViewSchema inputSchema, string cellLine)
    {
        if (!gdsc.CellLineIds.Contains(cellLine))
            throw new ArgumentException($"Cell line '{cellLine}' is not in {gdsc.Source}; ids look like {string.Join(", ", gdsc.CellLineIds.Take(3))}.");
        ReadOnlySpan<float> expression = gdsc.GetExpression(cellLine);
        DataViewSchema.Column column = inputSchema.GetColumnOrNull("Features")
            ?? throw new InvalidOperationException("The model takes no 'Features' column; it was not trained by this app.");
        int size = column.Type is VectorDataViewType { Size: > 0 } v ? v.Size : throw new InvalidOperationException($"The model's 'Features' column is {column.Type}; expected a known-size vector.");
        if (!column.HasSlotNames())
        {
            if (gdsc.GeneCount != size)
                throw new FormatException($"The model takes {size} unnamed features; the data has {gdsc.GeneCount} genes.");
            return expression.ToArray();
        }
        VBuffer<ReadOnlyMemory<char>> names = default;
        column.GetSlotNames(ref names);
        var result = new float[size];
        int slot = 0;
        foreach (ReadOnlyMemory<char> name in names.DenseValues())
        {
            int gene = gdsc.IndexOfGene(name.ToString());
            if (gene < 0)
                throw new FormatException($"The data lacks the model's gene '{name}' (slot {slot}).");
            result[slot++] = expression[gene];
        }
        return result;
    }

    /// <summary>Runs the transformers before the predictor on one row and reads the predictor's feature vector.</summary>
    private static float[] HybridFeatures(MLContext mlContext, DataViewSchema inputSchema, ITransformer? featurizer, string featureColumn, float[] input)
    {
        var schema = SchemaDefinition.Create(typeof(PredictCommand.ExpressionInput));
        schema[nameof(PredictCommand.ExpressionInput.Features)].ColumnType = inputSchema["Features"].Type;
        IDataView view = mlContext.Data.LoadFromEnumerable([new PredictCommand.ExpressionInput { Features = input }], schema);
        if (featurizer is not null)
            view = featurizer.Transform(view);
        return view.GetColumn<float[]>(featureColumn).Single();
    }
}
