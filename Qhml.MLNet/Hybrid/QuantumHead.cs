using System.Globalization;
using System.Numerics.Tensors;
using Qhml.MLNet.Quantum;

namespace Qhml.MLNet.Hybrid;

/// <summary>
/// The quantum head: the hardware-efficient ansatz (angle encoding of the Q interface angles, L variational
/// layers, entangler, optional re-uploading) evaluated exactly, then a linear readout of the Q Pauli-Z
/// expectations. Parameters: circuit angles, then Q readout weights, then the readout bias.
/// </summary>
internal sealed class QuantumHead : HeadCore
{
    private readonly CircuitEvaluator _evaluator;

    private QuantumHead(CircuitEvaluator evaluator, int qubits)
    {
        _evaluator = evaluator;
        Qubits = qubits;
        CircuitParameterCount = evaluator.ParameterCount;
    }

    public int Qubits { get; }
    public int CircuitParameterCount { get; }
    public override int ParameterCount => CircuitParameterCount + Qubits + 1;
    public override int ScratchPerRow => Qubits;

    /// <summary>Worker threads of the circuit evaluator (-1: all cores); results do not depend on it.</summary>
    public int MaxDegreeOfParallelism
    {
        get => _evaluator.MaxDegreeOfParallelism;
        set => _evaluator.MaxDegreeOfParallelism = value;
    }

    public static QuantumHead Create(HybridArchitecture a)
    {
        var circuit = BuildCircuit(a.NumberOfQubits, a.NumberOfLayers, a.EncodingAxis, a.Entangler, a.ReUploading);
        var evaluator = new CircuitEvaluator(circuit);
        if (evaluator.InputCount != a.NumberOfQubits || evaluator.QubitCount != a.NumberOfQubits)
            throw new InvalidOperationException(
                string.Create(CultureInfo.InvariantCulture, $"The ansatz has {evaluator.InputCount} inputs and {evaluator.QubitCount} qubits; the hybrid head needs {a.NumberOfQubits} of each."));
        return new QuantumHead(evaluator, a.NumberOfQubits);
    }

    /// <summary>Parameters of the quantum head (circuit + readout) the options describe.</summary>
    public static int ParameterCountFor(HybridOptions o)
        => BuildCircuit(o.NumberOfQubits, o.NumberOfLayers, o.EncodingAxis, o.Entangler, o.ReUploading).ParameterCount + o.NumberOfQubits + 1;

    private static QuantumCircuit BuildCircuit(int qubits, int layers, RotationAxis encoding, Entangler entangler, bool reUploading)
        => HardwareEfficientAnsatz.Create(new HardwareEfficientAnsatz.Options
        {
            Qubits = qubits,
            Layers = layers,
            Encoding = encoding,
            Entangler = entangler,
            DataReuploading = reUploading,
        });

    public override void Initialize(Span<double> parameters, Random rng, HybridOptions options)
    {
        double scale = options.CircuitInitScale;
        for (int i = 0; i < CircuitParameterCount; i++)
            parameters[i] = (2 * rng.NextDouble() - 1) * scale;
        double half = 1.0 / Math.Sqrt(Qubits);
        for (int i = 0; i < Qubits; i++)
            parameters[CircuitParameterCount + i] = (2 * rng.NextDouble() - 1) * half;
        parameters[ParameterCount - 1] = 0;
    }

    public override void AddL2(ReadOnlySpan<double> parameters, double l2, Span<double> gradient)
    {
        int o = CircuitParameterCount;
        TensorPrimitives.MultiplyAdd(parameters.Slice(o, Qubits), l2, gradient.Slice(o, Qubits), gradient.Slice(o, Qubits));
    }

    public override void Forward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> angles, int n,
        Span<double> outputs, Span<double> scratch)
        => ForwardTraining(parameters, angles, n, outputs, scratch, HeadTape.None);

    /// <summary>The circuit's tape: the training forward pass keeps its states, so the gradient does not rerun the circuit.</summary>
    public override HeadTape CreateTape() => new CircuitHeadTape(_evaluator.CreateTape());

    public override void ForwardTraining(ReadOnlySpan<double> parameters, ReadOnlySpan<double> angles, int n,
        Span<double> outputs, Span<double> scratch, HeadTape tape)
    {
        int q = Qubits;
        Span<double> expectations = scratch.Slice(0, n * q);
        _evaluator.ForwardRecording(parameters.Slice(0, CircuitParameterCount), angles.Slice(0, n * q), expectations, (tape as CircuitHeadTape)?.Circuit);
        ReadOnlySpan<double> w = parameters.Slice(CircuitParameterCount, q);
        double bias = parameters[ParameterCount - 1];
        for (int i = 0; i < n; i++)
            outputs[i] = TensorPrimitives.Dot(w, expectations.Slice(i * q, q)) + bias;
    }

    public override void Backward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> angles, int n,
        ReadOnlySpan<double> scratch, ReadOnlySpan<double> outputGradient, Span<double> parameterGradient,
        Span<double> angleGradient, Span<double> work)
        => BackwardTraining(parameters, angles, n, scratch, outputGradient, parameterGradient, angleGradient, work, HeadTape.None);

    public override void BackwardTraining(ReadOnlySpan<double> parameters, ReadOnlySpan<double> angles, int n,
        ReadOnlySpan<double> scratch, ReadOnlySpan<double> outputGradient, Span<double> parameterGradient,
        Span<double> angleGradient, Span<double> work, HeadTape tape)
    {
        int q = Qubits, p = CircuitParameterCount;
        ReadOnlySpan<double> w = parameters.Slice(p, q);
        Span<double> dExpectations = work.Slice(0, n * q);
        Span<double> gw = parameterGradient.Slice(p, q);
        gw.Clear();
        double gb = 0;
        for (int i = 0; i < n; i++)
        {
            double g = outputGradient[i];
            TensorPrimitives.Multiply(w, g, dExpectations.Slice(i * q, q));
            TensorPrimitives.MultiplyAdd(scratch.Slice(i * q, q), g, gw, gw);
            gb += g;
        }
        parameterGradient[p + q] = gb;
        if (tape is CircuitHeadTape taped)
            _evaluator.GradientFromTape(parameters.Slice(0, p), angles.Slice(0, n * q), dExpectations,
                parameterGradient.Slice(0, p), angleGradient.Slice(0, n * q), taped.Circuit);
        else
            _evaluator.Gradient(parameters.Slice(0, p), angles.Slice(0, n * q), dExpectations,
                parameterGradient.Slice(0, p), angleGradient.Slice(0, n * q));
    }

    private sealed class CircuitHeadTape(CircuitTape circuit) : HeadTape
    {
        public CircuitTape Circuit { get; } = circuit;
    }
}
