using Microsoft.ML;
using Qhml.MLNet.Hybrid;

namespace Qhml.MLNet.Samples.Examples;

/// <summary>
/// A regular ML.NET pipeline: featurizers (standardize the genes, project onto 32 principal components) in front of the hybrid
/// trainer, evaluated by 5-fold cross-validation.
/// </summary>
public static class PipelineWithCrossValidation
{
    /// <summary>Runs the sample and prints the per-fold metrics.</summary>
    /// <param name="output">Where to print; the console when null.</param>
    public static void Run(TextWriter? output = null)
    {
        output ??= Console.Out;
        var mlContext = new MLContext(seed: 1);
        (_, string drug, IDataView data) = ExampleDrug.Load(mlContext);

        IEstimator<ITransformer> pipeline = mlContext.Transforms.NormalizeMeanVariance("Features")
            .Append(mlContext.Transforms.ProjectToPrincipalComponents("Features", rank: 32, seed: 1))
            .Append(mlContext.Regression.Trainers.QuantumHybrid(new QuantumHybridRegressionTrainer.Options
            {
                HiddenLayers = [16],
                NumberOfQubits = 4,
                NumberOfLayers = 2,
                InterfaceNormalization = InterfaceNormalization.ModeratedTanh,
                ValidationFraction = 0.2,
                Seed = 1,
            }));

        var folds = mlContext.Regression.CrossValidate(data, pipeline, numberOfFolds: 5, labelColumnName: "Label", seed: 1);
        output.WriteLine($"{drug}: 5-fold cross-validation of standardize -> PCA(32) -> QHML (moderated tanh)");
        foreach (var fold in folds)
            output.WriteLine($"  fold {fold.Fold}: RMSE {fold.Metrics.RootMeanSquaredError:0.000}, R² {fold.Metrics.RSquared:0.000}");
        output.WriteLine($"  mean RMSE {folds.Average(f => f.Metrics.RootMeanSquaredError):0.000}");
    }
}
