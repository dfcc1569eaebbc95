using System.Globalization;
using Qhml.MLNet.Hybrid;
using Qhml.MLNet.Quantum;
using Qhml.MLNet.Quantum.Hardware;

namespace Qhml.MLNet;

public sealed partial class QuantumHybridModelParameters
{
    /// <summary>
    /// The trained circuit: the model's ansatz with every variational angle bound to its trained value. Input
    /// slot j (an <see cref="Angle.Input"/> angle of the encoding gates) is the interface angle of qubit j,
    /// computed from a row's features by <see cref="ComputeCircuitInputs"/>; its name in exports is
    /// <see cref="CircuitInputNames"/>[j].
    /// </summary>
    /// <returns>A new circuit with no trainable parameters and <c>NumberOfQubits</c> inputs.</returns>
    /// <exception cref="InvalidOperationException">The model has the classical head, so it has no circuit.</exception>
    public QuantumCircuit GetTrainedCircuit()
    {
        RequireQuantumHead("has no trained circuit");
        HybridArchitecture a = Architecture;
        QuantumCircuit ansatz = HardwareEfficientAnsatz.Create(new HardwareEfficientAnsatz.Options
        {
            Qubits = a.NumberOfQubits,
            Layers = a.NumberOfLayers,
            Encoding = a.EncodingAxis,
            Entangler = a.Entangler,
            DataReuploading = a.ReUploading,
        });
        return CircuitBinding.BindParameters(ansatz, CircuitAngles.Span);
    }

    /// <summary>Names of the circuit's inputs in exports: <c>angle_0</c> ... <c>angle_{n-1}</c>, the interface angle of each qubit.</summary>
    public IReadOnlyList<string> CircuitInputNames
        => Enumerable.Range(0, Architecture.NumberOfQubits).Select(j => "angle_" + j.ToString(CultureInfo.InvariantCulture)).ToArray();

    /// <summary>The circuit inputs (interface angles, rows x NumberOfQubits) of rows of features (rows x FeatureCount); NaN for a row with a non-finite feature.</summary>
    /// <param name="features">Row-major features.</param>
    /// <param name="inputs">Receives the angles.</param>
    public void ComputeCircuitInputs(ReadOnlySpan<float> features, Span<double> inputs)
    {
        RequireQuantumHead("has no circuit inputs");
        Model.ComputeInterfaceAngles(features, inputs);
    }

    /// <summary>
    /// The trained circuit as an OpenQASM 3 program (see <see cref="OpenQasmWriter"/> for the gate set and qubit
    /// order): trained angles as constants, one measurement per qubit, and the encoding angles either as
    /// <c>input float[64] angle_j</c> parameters or, with <paramref name="features"/>, bound to that row's values.
    /// </summary>
    /// <param name="features">One row's features to bind, or empty to leave the inputs as parameters.</param>
    /// <param name="comment">Optional provenance comment written in the header.</param>
    /// <returns>The program text.</returns>
    /// <exception cref="InvalidOperationException">The model has the classical head.</exception>
    /// <exception cref="ArgumentException">The row has the wrong length or a non-finite feature.</exception>
    public string ExportOpenQasm(ReadOnlySpan<float> features = default, string? comment = null)
    {
        QuantumCircuit circuit = GetTrainedCircuit();
        double[]? bound = null;
        if (!features.IsEmpty)
        {
            if (features.Length != FeatureCount)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The row has {features.Length} features; this model takes {FeatureCount}."), nameof(features));
            bound = new double[Architecture.NumberOfQubits];
            ComputeCircuitInputs(features, bound);
            if (bound.Any(v => !double.IsFinite(v)))
                throw new ArgumentException("The row has a NaN or infinite feature, so its circuit inputs are undefined.", nameof(features));
        }
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"Qhml.MLNet quantum hybrid model: {Architecture.NumberOfQubits} qubits, {Architecture.NumberOfLayers} layers, {Architecture.EncodingAxis} encoding, {Architecture.Entangler} entangler."),
            "Prediction = LabelMean + LabelStandardDeviation * (sum_k w_k <Z_k> + b) with",
            "w = [" + string.Join(", ", ReadoutWeights.ToArray().Select(w => w.ToString("R", CultureInfo.InvariantCulture))) + "], b = "
                + ReadoutBias.ToString("R", CultureInfo.InvariantCulture) + ", LabelMean = " + LabelMean.ToString("R", CultureInfo.InvariantCulture)
                + ", LabelStandardDeviation = " + LabelStandardDeviation.ToString("R", CultureInfo.InvariantCulture) + ".",
        };
        if (Model.Linear is { } linear)
            lines.Add("This is the hybrid term; the model predicts Linear.Predict(x) + HybridWeight * hybrid term with HybridWeight = "
                + linear.HybridWeight.ToString("R", CultureInfo.InvariantCulture) + " (the linear path's weights are in the model, not in this program).");
        if (comment is not null)
            lines.Add(comment);
        return OpenQasmWriter.Write(circuit, new OpenQasmWriterOptions
        {
            InputNames = CircuitInputNames,
            BoundInputs = bound,
            Comment = string.Join('\n', lines),
        });
    }

    /// <summary>A scorer that evaluates this model's circuit with finite shots and/or noise (exact by default).</summary>
    /// <param name="options">Shots, noise and seed; null for exact scoring.</param>
    /// <returns>The scorer.</returns>
    /// <exception cref="InvalidOperationException">The model has the classical head.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Shots below 1 or a noise rate outside [0, 1].</exception>
    public QuantumHybridHardwareScorer CreateHardwareScorer(HardwareScoringOptions? options = null)
    {
        RequireQuantumHead("has no circuit to sample");
        return new QuantumHybridHardwareScorer(this, options ?? new HardwareScoringOptions());
    }

    private void RequireQuantumHead(string what)
    {
        if (Architecture.Head != HybridHeadKind.Quantum)
            throw new InvalidOperationException(
                $"This model was trained with Head = {Architecture.Head}: it {what}. Train with Head = Quantum to export or sample a circuit.");
    }
}
