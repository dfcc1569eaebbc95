using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Qhml.MLNet.Data;

namespace Qhml.MLNet.Samples.Examples;

/// <summary>
/// The production path: train, save with <c>mlContext.Model.Save</c>, load in a "service", and score single
/// rows with a <see cref="PredictionEngine{TSrc, TDst}"/>.
/// </summary>
public static class SaveLoadPredict
{
    /// <summary>Runs the sample and prints what it does.</summary>
    /// <param name="output">Where to print; the console when null.</param>
    public static void Run(TextWriter? output = null)
    {
        output ??= Console.Out;
        var mlContext = new MLContext(seed: 1);
        (GdscDataset gdsc, string drug, IDataView data) = ExampleDrug.Load(mlContext);
        DataOperationsCatalog.TrainTestData split = mlContext.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);

        // The hybrid trainer saves natively, like any ML.NET trainer.
        IEstimator<ITransformer> pipeline = mlContext.Regression.Trainers.QuantumHybrid(new QuantumHybridRegressionTrainer.Options
        {
            HiddenLayers = [16],
            NumberOfQubits = 4,
            NumberOfLayers = 2,
            Seed = 1,
        });
        ITransformer model = pipeline.Fit(split.TrainSet);

        string path = Path.Combine(Path.GetTempPath(), $"qhml-sample-{drug}.zip");
        mlContext.Model.Save(model, split.TrainSet.Schema, path);
        output.WriteLine($"Saved a model for {drug} to {path}");

        // --- in the scoring service ---
        var serviceContext = new MLContext();
        // LoadGuarded: the model file is untrusted input (CRC-32 and sizes verified, bounded in time; docs/reliability.md).
        ITransformer loaded = serviceContext.Model.LoadGuarded(path, out DataViewSchema? inputSchema);
        int genes = ((VectorDataViewType)inputSchema!["Features"].Type).Size;
        // The feature vector's length is only known at run time: tell the engine through a schema definition.
        SchemaDefinition rowSchema = SchemaDefinition.Create(typeof(CellLine));
        rowSchema[nameof(CellLine.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, genes);
        using PredictionEngine<CellLine, Prediction> engine =
            serviceContext.Model.CreatePredictionEngine<CellLine, Prediction>(loaded, inputSchemaDefinition: rowSchema);

        foreach (string cellLine in gdsc.CellLineIds.Take(3))
        {
            var row = new CellLine { Features = gdsc.GetExpression(cellLine).ToArray() };
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{cellLine}: predicted ln(IC50) of {drug} = {engine.Predict(row).Score:0.000}"));
        }
    }

    /// <summary>Input row: one cell line's expression.</summary>
    public sealed class CellLine
    {
        /// <summary>Expression of the model's genes, in order.</summary>
        public float[] Features { get; set; } = [];
    }

    /// <summary>Output row.</summary>
    public sealed class Prediction
    {
        /// <summary>Predicted ln(IC50).</summary>
        public float Score { get; set; }
    }
}
