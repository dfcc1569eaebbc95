using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Trainers;
using Qhml.MLNet;
using Qhml.MLNet.Hybrid;

[assembly: LoadableClass(typeof(QuantumHybridModelParameters), null, typeof(SignatureLoadModel),
    QuantumHybridModelParameters.UserName, QuantumHybridModelParameters.LoaderSignature)]

namespace Qhml.MLNet;

/// <summary>
/// The model trained by <see cref="QuantumHybridRegressionTrainer"/>: network weights, interface
/// normalization statistics, circuit angles and readout, label standardization and training diagnostics,
/// all read-only. Scores through ML.NET's value-mapper path without allocating per row.
/// </summary>
/// <example>
/// <code language="csharp">
/// var transformer = ml.Regression.Trainers.QuantumHybrid().Fit(data);
/// QuantumHybridModelParameters model = transformer.Model;
/// Console.WriteLine($"{model.ParameterCount} parameters, kept epoch {model.Diagnostics.BestEpoch}, saturation {model.InterfaceSaturation:P1}");
/// ReadOnlyMemory&lt;double&gt; angles = model.CircuitAngles;
/// </code>
/// </example>
public sealed partial class QuantumHybridModelParameters : ModelParametersBase<float>, IValueMapper
{
    internal const string UserName = "Quantum Hybrid Regression Predictor";
    internal const string LoaderSignature = "QuantumHybridRegPred";

    private readonly VectorDataViewType _inputType;

    internal QuantumHybridModelParameters(IHostEnvironment env, HybridModel model)
        : base(env, LoaderSignature)
    {
        Host.CheckValue(model, nameof(model));
        Model = model;
        _inputType = new VectorDataViewType(NumberDataViewType.Single, model.FeatureCount);
    }

    /// <summary>The underlying trained hybrid model (immutable, thread-safe; usable without ML.NET).</summary>
    public HybridModel Model { get; }

    /// <summary>The model's structure: feature count, hidden layers, qubits, layers, entangler, encoding, interface normalization, head.</summary>
    public HybridArchitecture Architecture => Model.Architecture;

    /// <summary>Number of input features (the feature vector size scoring data must have).</summary>
    public int FeatureCount => Model.FeatureCount;

    /// <summary>Total trainable parameters (network and head).</summary>
    public int ParameterCount => Model.ParameterCount;

    /// <summary>Number of dense layers (hidden layers plus the output layer; 0 without hidden layers).</summary>
    public int NetworkLayerCount => Model.NetworkLayerCount;

    /// <summary>Weights of dense layer <paramref name="layer"/>, outputs x inputs, row-major.</summary>
    /// <param name="layer">0-based layer, input side first.</param>
    /// <returns>A read-only view.</returns>
    public ReadOnlyMemory<double> GetLayerWeights(int layer) => Model.GetLayerWeights(layer);

    /// <summary>Biases of dense layer <paramref name="layer"/>.</summary>
    /// <param name="layer">0-based layer, input side first.</param>
    /// <returns>A read-only view.</returns>
    public ReadOnlyMemory<double> GetLayerBiases(int layer) => Model.GetLayerBiases(layer);

    /// <summary>Trained circuit rotation angles (empty for the classical head).</summary>
    public ReadOnlyMemory<double> CircuitAngles => Model.CircuitParameters;

    /// <summary>Readout weights, one per qubit's Pauli-Z expectation (empty for the classical head).</summary>
    public ReadOnlyMemory<double> ReadoutWeights => Model.ReadoutWeights;

    /// <summary>Readout bias (NaN for the classical head).</summary>
    public double ReadoutBias => Model.ReadoutBias;

    /// <summary>All head parameters (circuit angles, readout weights, readout bias; or the classical head's).</summary>
    public ReadOnlyMemory<double> HeadParameters => Model.HeadParameters;

    /// <summary>Frozen per-qubit running mean of the adaptive moderated tanh (empty for other normalizations).</summary>
    public ReadOnlyMemory<double> InterfaceMean => Model.InterfaceMean;

    /// <summary>Frozen per-qubit running variance of the adaptive moderated tanh (empty for other normalizations).</summary>
    public ReadOnlyMemory<double> InterfaceVariance => Model.InterfaceVariance;

    /// <summary>Frozen per-qubit minimum of the MinMax normalization (empty for other normalizations).</summary>
    public ReadOnlyMemory<double> InterfaceMinimum => Model.InterfaceMinimum;

    /// <summary>Frozen per-qubit maximum of the MinMax normalization (empty for other normalizations).</summary>
    public ReadOnlyMemory<double> InterfaceMaximum => Model.InterfaceMaximum;

    /// <summary>Weighted mean of the training labels (the model predicts on standardized labels).</summary>
    public double LabelMean => Model.LabelMean;

    /// <summary>Weighted standard deviation of the training labels.</summary>
    public double LabelStandardDeviation => Model.LabelStandardDeviation;

    /// <summary>Training diagnostics: per-epoch train/validation loss, kept epoch, row counts, interface histogram.</summary>
    public HybridTrainingDiagnostics Diagnostics => Model.Diagnostics;

    /// <summary>Training loss per epoch (standardized labels).</summary>
    public IReadOnlyList<double> EpochTrainLoss => Model.Diagnostics.EpochTrainLoss;

    /// <summary>Validation loss per epoch (NaN entries without a validation set).</summary>
    public IReadOnlyList<double> EpochValidationLoss => Model.Diagnostics.EpochValidationLoss;

    /// <summary>Fraction of the training rows' interface angles within 5% of the ends of the angle range.</summary>
    public double InterfaceSaturation => Model.Diagnostics.InterfaceSaturation;

    /// <summary>Distribution of the training rows' interface angles.</summary>
    public InterfaceHistogram InterfaceHistogram => Model.Diagnostics.InterfaceHistogram;

    /// <summary>Regression.</summary>
    protected override PredictionKind PredictionKind => PredictionKind.Regression;

    DataViewType IValueMapper.InputType => _inputType;

    DataViewType IValueMapper.OutputType => NumberDataViewType.Single;

    ValueMapper<TIn, TOut> IValueMapper.GetMapper<TIn, TOut>()
    {
        Host.Check(typeof(TIn) == typeof(VBuffer<float>), "QuantumHybrid scores a vector of Single.");
        Host.Check(typeof(TOut) == typeof(float), "QuantumHybrid produces a Single score.");
        // One mapper per cursor or PredictionEngine: its scratch is private, so each row costs no allocation.
        var workspace = Model.CreateWorkspace();
        var dense = new float[FeatureCount];
        int expected = FeatureCount;
        ValueMapper<VBuffer<float>, float> map = (in VBuffer<float> src, ref float dst) =>
        {
            if (src.Length != expected)
                throw Host.Except(string.Create(CultureInfo.InvariantCulture, $"The feature vector has {src.Length} values; this QuantumHybrid model was trained on {expected}."));
            if (src.IsDense)
            {
                dst = Model.Predict(src.GetValues(), workspace);
            }
            else
            {
                src.CopyTo(dense);
                dst = Model.Predict(dense, workspace);
            }
        };
        return (ValueMapper<TIn, TOut>)(Delegate)map;
    }
}
