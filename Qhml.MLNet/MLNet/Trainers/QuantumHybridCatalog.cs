using Microsoft.ML;
using Microsoft.ML.Data;
using Qhml.MLNet.Hybrid;

namespace Qhml.MLNet;

/// <summary>Creates the quantum-classical hybrid regression trainer from <c>mlContext.Regression.Trainers</c>.</summary>
public static class QuantumHybridCatalog
{
    /// <summary>
    /// Creates a <see cref="QuantumHybridRegressionTrainer"/>: dense network (one hidden layer of
    /// <see cref="HybridDefaults.HiddenUnits"/> ReLU units) -&gt; moderated tanh -&gt; <paramref name="qubits"/>-qubit circuit with <paramref name="layers"/>
    /// variational layers -&gt; linear readout. Put a normalizer (e.g. NormalizeMeanVariance) before it.
    /// </summary>
    /// <param name="catalog">The regression trainers catalog.</param>
    /// <param name="labelColumnName">The name of the label column (Single).</param>
    /// <param name="featureColumnName">The name of the feature column (known-size vector of Single).</param>
    /// <param name="exampleWeightColumnName">The name of the example weight column (optional).</param>
    /// <param name="qubits">Number of qubits (network outputs, rotation angles): <see cref="QuantumHybridRegressionTrainer.Options.NumberOfQubits"/>.</param>
    /// <param name="layers">Number of variational layers of the circuit: <see cref="QuantumHybridRegressionTrainer.Options.NumberOfLayers"/>.</param>
    /// <param name="learningRate">Adam learning rate: <see cref="QuantumHybridRegressionTrainer.Options.LearningRate"/>.</param>
    /// <param name="numberOfEpochs">Number of passes over the training data: <see cref="QuantumHybridRegressionTrainer.Options.NumberOfEpochs"/>.</param>
    /// <returns>The trainer.</returns>
    /// <example>
    /// <code language="csharp">
    /// var pipeline = ml.Transforms.NormalizeMeanVariance("Features")
    ///     .Append(ml.Regression.Trainers.QuantumHybrid(qubits: 8, layers: 3));
    /// var cv = ml.Regression.CrossValidate(data, pipeline, numberOfFolds: 5);
    /// </code>
    /// </example>
    public static QuantumHybridRegressionTrainer QuantumHybrid(this RegressionCatalog.RegressionTrainers catalog,
        string labelColumnName = DefaultColumnNames.Label,
        string featureColumnName = DefaultColumnNames.Features,
        string? exampleWeightColumnName = null,
        int qubits = HybridDefaults.NumberOfQubits,
        int layers = HybridDefaults.NumberOfLayers,
        double learningRate = HybridDefaults.LearningRate,
        int numberOfEpochs = HybridDefaults.NumberOfEpochs)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var options = new QuantumHybridRegressionTrainer.Options
        {
            LabelColumnName = labelColumnName,
            FeatureColumnName = featureColumnName,
            ExampleWeightColumnName = exampleWeightColumnName,
            NumberOfQubits = qubits,
            NumberOfLayers = layers,
            LearningRate = learningRate,
            NumberOfEpochs = numberOfEpochs,
        };
        return new QuantumHybridRegressionTrainer(catalog.GetEnvironment(), options);
    }

    /// <summary>Creates a <see cref="QuantumHybridRegressionTrainer"/> with every option spelled out.</summary>
    /// <param name="catalog">The regression trainers catalog.</param>
    /// <param name="options">Trainer options (columns, architecture, training).</param>
    /// <returns>The trainer.</returns>
    /// <example>
    /// <code language="csharp">
    /// var trainer = ml.Regression.Trainers.QuantumHybrid(new QuantumHybridRegressionTrainer.Options
    /// {
    ///     HiddenLayers = [64],
    ///     NumberOfQubits = 6,
    ///     Head = HybridHeadKind.Classical,   // the classical baseline with the same interface
    ///     Seed = 42,
    /// });
    /// </code>
    /// </example>
    public static QuantumHybridRegressionTrainer QuantumHybrid(this RegressionCatalog.RegressionTrainers catalog,
        QuantumHybridRegressionTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new QuantumHybridRegressionTrainer(catalog.GetEnvironment(), options);
    }
}
