using System.CommandLine;
using Microsoft.ML;
using Microsoft.ML.Data;
using Spectre.Console;

namespace Qhml.MLNet.Samples.Cli;

/// <summary>
/// The <c>export-onnx</c> command: load a saved ML.NET model and write it as ONNX with ML.NET's converter
/// (package Microsoft.ML.OnnxConverter). The hybrid trainer's model and the moderated-tanh transform write
/// themselves; a model that cannot be exported fails with the reason and writes nothing.
/// </summary>
internal static class ExportOnnxCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model", "-m")
        {
            Description = "A model saved by train (or any ML.NET model).",
            Required = true,
        };
        var output = new Option<FileInfo>("--out", "-o")
        {
            Description = "Where to write the ONNX model.",
            Required = true,
        };
        var command = new Command("export-onnx", "Export a saved model to ONNX (inputs and outputs keep the ML.NET column names).")
        {
            model, output,
        };
        command.SetAction(parse => CliErrors.Guard(() =>
        {
            string modelPath = parse.GetValue(model)!.FullName;
            string outPath = parse.GetValue(output)!.FullName;
            if (!File.Exists(modelPath))
                throw new FileNotFoundException($"The model file '{modelPath}' does not exist. Create one with: train --drug <name> --output {modelPath}", modelPath);
            var mlContext = new MLContext(seed: 0);
            ITransformer trained = mlContext.Model.Load(modelPath, out DataViewSchema inputSchema);

            // The converter reads only the schema of its data argument; write to memory first so a refused export leaves no file.
            using var buffer = new MemoryStream();
            mlContext.Model.ConvertToOnnx(trained, new EmptyDataView(inputSchema), buffer);
            File.WriteAllBytes(outPath, buffer.ToArray());
            AnsiConsole.MarkupLine($"ONNX model written to [green]{Markup.Escape(outPath)}[/] ({buffer.Length / 1024} KiB).");
            return 0;
        }));
        return command;
    }

    /// <summary>A data view with a schema and no rows.</summary>
    private sealed class EmptyDataView(DataViewSchema schema) : IDataView
    {
        public DataViewSchema Schema { get; } = schema;

        public bool CanShuffle => false;

        public long? GetRowCount() => 0;

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(Schema);

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(Schema)];

        private sealed class Cursor(DataViewSchema schema) : DataViewRowCursor
        {
            public override DataViewSchema Schema { get; } = schema;

            public override long Position => -1;

            public override long Batch => 0;

            public override bool MoveNext() => false;

            public override bool IsColumnActive(DataViewSchema.Column column) => true;

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
                => throw new InvalidOperationException("The data view has no rows.");

            public override ValueGetter<DataViewRowId> GetIdGetter()
                => throw new InvalidOperationException("The data view has no rows.");
        }
    }
}
