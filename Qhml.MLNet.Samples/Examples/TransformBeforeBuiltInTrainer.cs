using Microsoft.ML;
using Microsoft.ML.Data;

namespace Qhml.MLNet.Samples.Examples;

/// <summary>
/// The stand-alone moderated-tanh transform in front of an ML.NET built-in trainer: it squashes heavy-tailed
/// expression values into a bounded range without piling them up at the ends, like any other normalizer.
/// </summary>
public static class TransformBeforeBuiltInTrainer
{
    /// <summary>Runs the sample and prints the held-out metrics with and without the transform.</summary>
    /// <param name="output">Where to print; the console when null.</param>
    public static void Run(TextWriter? output = null)
    {
        output ??= Console.Out;
        var mlContext = new MLContext(seed: 1);
        (_, string drug, IDataView data) = ExampleDrug.Load(mlContext);
        DataOperationsCatalog.TrainTestData split = mlContext.Data.TrainTestSplit(data, testFraction: 0.3, seed: 1);

        IEstimator<ITransformer> plain = mlContext.Regression.Trainers.Sdca(labelColumnName: "Label", featureColumnName: "Features", l2Regularization: 1f);
        IEstimator<ITransformer> moderated = mlContext.Transforms.NormalizeModeratedTanh("Features")
            .Append(mlContext.Regression.Trainers.Sdca(labelColumnName: "Label", featureColumnName: "Features", l2Regularization: 1f));

        foreach ((string name, IEstimator<ITransformer> pipeline) in new[] { ("Sdca", plain), ("NormalizeModeratedTanh -> Sdca", moderated) })
        {
            ITransformer model = pipeline.Fit(split.TrainSet);
            RegressionMetrics metrics = mlContext.Regression.Evaluate(model.Transform(split.TestSet));
            output.WriteLine($"{drug}, {name}: test RMSE {metrics.RootMeanSquaredError:0.000}, R² {metrics.RSquared:0.000}");
        }
    }
}
