using Microsoft.ML;

namespace Qhml.MLNet.Experiments;

/// <summary>Creates experiments from an <see cref="MLContext"/>, as <c>mlContext.Auto().CreateExperiment()</c> does in AutoML.</summary>
public static class ExperimentCatalog
{
    /// <summary>A new <see cref="RegressionExperiment"/> logging to this context.</summary>
    /// <param name="mlContext">The context.</param>
    /// <returns>The experiment, to configure with its <c>Set...</c> methods.</returns>
    public static RegressionExperiment CreateRegressionExperiment(this MLContext mlContext) => new(mlContext);
}
