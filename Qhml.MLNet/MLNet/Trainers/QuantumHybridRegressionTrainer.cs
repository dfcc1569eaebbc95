using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;
using Qhml.MLNet.Hybrid;

namespace Qhml.MLNet;

/// <summary>
/// The <see cref="IEstimator{TTransformer}"/> for training a quantum-classical hybrid regression model:
/// a dense network maps the features to one value per qubit, an interface normalization (by default the
/// moderated-gradient tanh <c>A tanh(x / s)</c>) turns them into rotation angles, a parameterized quantum
/// circuit (angle encoding then variational layers) is simulated exactly on a state vector, and a linear
/// readout of the Pauli-Z expectations gives the prediction. By default (<c>UseLinearPath</c>) that hybrid term sits
/// beside a closed-form ridge regression on the features (wide and deep) and learns the ridge's residuals.
/// </summary>
/// <remarks>
/// <format type="text/markdown"><![CDATA[
/// To create this trainer, use [QuantumHybrid](xref:Qhml.MLNet.QuantumHybridCatalog.QuantumHybrid(Microsoft.ML.RegressionCatalog.RegressionTrainers,System.String,System.String,System.String,System.Int32,System.Int32,System.Double,System.Int32))
/// or [QuantumHybrid(Options)](xref:Qhml.MLNet.QuantumHybridCatalog.QuantumHybrid(Microsoft.ML.RegressionCatalog.RegressionTrainers,Qhml.MLNet.QuantumHybridRegressionTrainer.Options)).
///
/// ### Input and Output Columns
/// The input label column data must be [Single](xref:System.Single).
/// The input features column data must be a known-sized vector of [Single](xref:System.Single), with finite values.
/// The optional example weight column must be a finite, non-negative [Single](xref:System.Single).
///
/// This trainer outputs the following columns:
///
/// | Output Column Name | Column Type | Description|
/// | -- | -- | -- |
/// | `Score` | [Single](xref:System.Single) | The predicted value. |
///
/// ### Trainer Characteristics
/// |  |  |
/// | -- | -- |
/// | Machine learning task | Regression |
/// | Is normalization required? | Yes: features are not rescaled inside (labels are standardized inside) and the dense network with L2 on its weights is scale-sensitive; put e.g. NormalizeMeanVariance before it |
/// | Is caching required? | No: the training data are read once into dense arrays |
/// | Required NuGet in addition to Microsoft.ML | Qhml.MLNet |
/// | Exportable to ONNX | Yes, with Microsoft.ML.OnnxConverter (not with ReUploading or the Z encoding, which refuse with the reason) |
///
/// ### Training Algorithm Details
/// With `UseLinearPath` (default) a ridge regression on the standardized features is fitted first in closed form,
/// its L2 chosen by exact leave-one-out error; the hybrid term is then trained on the ridge's leave-one-out
/// residuals and enters the prediction with the weight in [0, 1] that fits the validation rows (less one standard
/// error), so the model does at least about as well as the ridge. The hybrid term: mini-batch Adam on standardized labels (squared error or Huber), L2 on weights, exact gradients
/// (adjoint differentiation through the simulated circuit). With a validation set (the two-argument
/// `Fit`, or `ValidationFraction` &gt; 0) training stops after `EarlyStoppingPatience` epochs without a new
/// best validation loss and keeps the best weights. Rows with a NaN label are skipped, as by other ML.NET
/// trainers; a NaN or infinite feature is an error naming the column, row and slot (or the row is skipped
/// with `SkipRowsWithNonFiniteFeatures`); when scoring, a row with a NaN feature scores NaN. The seed comes from `Options.Seed`, else from the MLContext;
/// the trained model is bit-identical whatever the number of threads. Progress (per-epoch training and
/// validation loss, interface saturation) goes to `MLContext.Log`; `MLContext.CancelExecution` stops
/// training between mini-batches.
/// ]]></format>
/// </remarks>
/// <example>
/// <code language="csharp">
/// var ml = new MLContext(seed: 1);
/// IDataView data = ml.Data.LoadFromEnumerable(rows);   // rows: a [VectorType(706)] float[] Features, a float Label
/// var pipeline = ml.Transforms.NormalizeMeanVariance("Features")
///     .Append(ml.Regression.Trainers.QuantumHybrid(new QuantumHybridRegressionTrainer.Options
///     {
///         NumberOfQubits = 8,
///         NumberOfLayers = 3,
///         Seed = 42,
///     }));
/// var model = pipeline.Fit(data);
/// var metrics = ml.Regression.Evaluate(model.Transform(data));
/// </code>
/// </example>
public sealed partial class QuantumHybridRegressionTrainer
    : TrainerEstimatorBase<RegressionPredictionTransformer<QuantumHybridModelParameters>, QuantumHybridModelParameters>,
    // Re-implemented so pipelines reach the Fit below, which checks the schema with specific messages first.
    IEstimator<RegressionPredictionTransformer<QuantumHybridModelParameters>>
{
    internal const string LoadName = "QuantumHybridRegression";

    private static readonly TrainerInfo TrainerInfo = new(normalization: true, caching: false, supportValid: true);

    private readonly HybridOptions _hybridOptions;

    internal QuantumHybridRegressionTrainer(IHostEnvironment env, Options options)
        : base(Contracts.CheckRef(env, nameof(env)).Register(LoadName),
            TrainerUtils.MakeR4VecFeature(CheckOptions(options).FeatureColumnName),
            TrainerUtils.MakeR4ScalarColumn(options.LabelColumnName),
            TrainerUtils.MakeR4ScalarWeightColumn(options.ExampleWeightColumnName))
    {
        // One vocabulary: the hybrid layer's validation names the option as the user spelled it.
        _hybridOptions = options.ToHybridOptions(options.Seed ?? Host.Rand.Next());
        _hybridOptions.Validate();
    }

    /// <summary>Regression.</summary>
    protected override PredictionKind PredictionKind => PredictionKind.Regression;

    /// <summary>
    /// Needs normalized features (none inside), does not need caching (one pass), supports a validation set
    /// (early stopping).
    /// </summary>
    public override TrainerInfo Info => TrainerInfo;

    /// <summary>Trains on <paramref name="input"/> (early stopping on the held-out <see cref="Options.ValidationFraction"/>, 0.2 by default; none if 0).</summary>
    /// <param name="input">Training rows.</param>
    /// <returns>The prediction transformer.</returns>
    public new RegressionPredictionTransformer<QuantumHybridModelParameters> Fit(IDataView input)
    {
        Host.CheckValue(input, nameof(input));
        CheckSchema(input.Schema, "training");
        return TrainTransformer(input);
    }

    /// <summary>Trains on <paramref name="trainData"/> and stops early on <paramref name="validationData"/> (restoring the best epoch's weights).</summary>
    /// <param name="trainData">Training rows.</param>
    /// <param name="validationData">Early-stopping rows with the same schema.</param>
    /// <returns>The prediction transformer.</returns>
    public RegressionPredictionTransformer<QuantumHybridModelParameters> Fit(IDataView trainData, IDataView validationData)
    {
        Host.CheckValue(trainData, nameof(trainData));
        Host.CheckValue(validationData, nameof(validationData));
        CheckSchema(trainData.Schema, "training");
        CheckSchema(validationData.Schema, "validation");
        return TrainTransformer(trainData, validationData);
    }

    private void CheckSchema(DataViewSchema schema, string role)
        => QuantumHybridTrainingData.CheckSchema(Host, schema, FeatureColumn.Name, LabelColumn.Name,
            WeightColumn.IsValid ? WeightColumn.Name : null, role);

    /// <inheritdoc/>
    protected override QuantumHybridModelParameters TrainModelCore(TrainContext trainContext)
    {
        Host.CheckValue(trainContext, nameof(trainContext));
        var o = _hybridOptions;
        using var ch = Host.Start("Training");

        var train = QuantumHybridTrainingData.Read(Host, trainContext.TrainingSet, "training", o.SkipRowsWithNonFiniteFeatures);
        CheckFeatureCount(train.FeatureCount, trainContext.TrainingSet);
        QuantumHybridTrainingData? valid = null;
        if (trainContext.ValidationSet is { } validationSet)
        {
            valid = QuantumHybridTrainingData.Read(Host, validationSet, "validation", o.SkipRowsWithNonFiniteFeatures);
            if (valid.FeatureCount != train.FeatureCount)
                throw Host.ExceptParam(nameof(trainContext), string.Create(CultureInfo.InvariantCulture,
                    $"Feature column '{validationSet.Schema.Feature!.Value.Name}' of the validation data has {valid.FeatureCount} slots; the training data has {train.FeatureCount}."));
        }
        if (train.UsableRowCount == 0)
            throw Host.Except(string.Create(CultureInfo.InvariantCulture,
                $"The training data have no usable rows ({train.SkippedNaNLabelRows} with a NaN label, {train.SkippedNonFiniteFeatureRows} with a non-finite feature skipped)."));
        ReportSkipped(ch, train, "training");
        if (valid is not null)
            ReportSkipped(ch, valid, "validation");
        string validationRows = valid is null ? "" : string.Create(CultureInfo.InvariantCulture, $", {valid.UsableRowCount} validation rows");
        ch.Info(string.Create(CultureInfo.InvariantCulture,
            $"QuantumHybrid: {train.UsableRowCount} training rows x {train.FeatureCount} features{validationRows}; {o.NumberOfQubits} qubits x {o.NumberOfLayers} layers, head {o.Head}, interface {o.InterfaceNormalization}, seed {o.Seed}."));

        using var cancellation = new HostCancellationWatch(Host);
        HybridModel model;
        try
        {
            model = new HybridTrainer(o).Fit(train.ToDataset(), valid?.ToDataset(),
                report =>
                {
                    ch.Info(FormatEpoch(report));
                    cancellation.CheckNow();
                },
                cancellation.Token);
        }
        catch (OperationCanceledException) when (cancellation.IsHostCanceled)
        {
            Host.CheckAlive(); // throws ML.NET's own cancellation exception
            throw;
        }
        var d = model.Diagnostics;
        ch.Info(string.Create(CultureInfo.InvariantCulture,
            $"QuantumHybrid: {d.EpochsRun} epochs, kept epoch {d.BestEpoch}; interface saturation {d.InterfaceSaturation:P2}."));
        if (d.Degeneracy != HybridDegeneracy.None)
            ch.Warning(HybridDegeneracyRules.Describe(d, o.LearningRate));
        return new QuantumHybridModelParameters(Host, model);
    }

    /// <inheritdoc/>
    protected override SchemaShape.Column[] GetOutputColumnsCore(SchemaShape inputSchema)
        => [new SchemaShape.Column(DefaultColumnNames.Score, SchemaShape.Column.VectorKind.Scalar, NumberDataViewType.Single, false,
            new SchemaShape(AnnotationUtils.GetTrainerOutputAnnotation()))];

    /// <inheritdoc/>
    protected override RegressionPredictionTransformer<QuantumHybridModelParameters> MakeTransformer(QuantumHybridModelParameters model, DataViewSchema trainSchema)
        => new(Host, model, trainSchema, FeatureColumn.Name);

    private static string FormatEpoch(HybridEpochReport report)
    {
        string validation = double.IsNaN(report.ValidationLoss) ? "" : string.Create(CultureInfo.InvariantCulture, $", validation loss {report.ValidationLoss:G6}");
        return string.Create(CultureInfo.InvariantCulture,
            $"Epoch {report.Epoch}: train loss {report.TrainLoss:G6}{validation}, interface saturation {report.Saturation:P2}.");
    }

    private void CheckFeatureCount(int featureCount, RoleMappedData data)
    {
        if (_hybridOptions.HiddenLayers.Length == 0 && featureCount != _hybridOptions.NumberOfQubits)
            throw Host.ExceptParam(nameof(data), string.Create(CultureInfo.InvariantCulture,
                $"Feature column '{data.Schema.Feature!.Value.Name}' has {featureCount} slots, but HiddenLayers is empty, so the features feed the circuit directly " +
                $"and must number NumberOfQubits = {_hybridOptions.NumberOfQubits}. Add a hidden layer or set NumberOfQubits to {featureCount}."));
    }

    private static void ReportSkipped(IChannel ch, QuantumHybridTrainingData data, string role)
    {
        if (data.SkippedNaNLabelRows > 0)
            ch.Warning(string.Create(CultureInfo.InvariantCulture, $"Skipped {data.SkippedNaNLabelRows} {role} rows with a NaN label."));
        if (data.SkippedNonFiniteFeatureRows > 0)
            ch.Warning(string.Create(CultureInfo.InvariantCulture, $"Skipped {data.SkippedNonFiniteFeatureRows} {role} rows with a NaN or infinite feature."));
    }

    private static Options CheckOptions(Options options)
    {
        Contracts.CheckValue(options, nameof(options));
        Contracts.CheckNonEmpty(options.FeatureColumnName, nameof(options.FeatureColumnName));
        Contracts.CheckNonEmpty(options.LabelColumnName, nameof(options.LabelColumnName));
        return options;
    }
}
