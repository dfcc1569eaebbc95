using System.Globalization;
using System.Numerics;
using Qhml.MLNet.Hybrid;
using Qhml.MLNet.Quantum;

namespace Qhml.MLNet.Onnx;

/// <summary>
/// A trained hybrid model restated as the fixed arithmetic of one ONNX graph: dense layers, the interface
/// normalization as <c>offset + amplitude * tanh(gain * (u - center))</c> (or its linear form), then either the
/// quantum head (product state of cos/sin half-angles, the fixed variational unitary U, squared magnitudes,
/// Z signs, readout) or the classical head; the label scale is folded into the readout. With a linear path the
/// prediction is <c>Bias + Weights . x + HybridWeight * hybrid(x)</c>, as <see cref="HybridModel"/> computes it.
/// <see cref="Evaluate"/> computes the same arithmetic in managed code, so the exporter can check the plan
/// against the model's own scorer before it writes anything (a component the plan does not know shows up
/// there as a mismatch, never as a silently dropped term).
/// </summary>
internal sealed class HybridOnnxPlan
{
    private HybridOnnxPlan() { }

    public int FeatureCount { get; private init; }
    public int Qubits { get; private init; }
    public HybridActivation Activation { get; private init; }
    public IReadOnlyList<DenseLayer> Layers { get; private init; } = [];
    public bool SinglePrecisionFirstLayer { get; private init; }
    public InterfaceMap Interface { get; private init; } = null!;
    public QuantumHeadPlan? Quantum { get; private init; }
    public ClassicalHeadPlan? Classical { get; private init; }
    public LinearTermPlan? Linear { get; private init; }

    /// <summary>One dense layer: weights outputs x inputs (row-major), biases; activated unless it is the last.</summary>
    public sealed record DenseLayer(double[] Weights, double[] Bias, int Inputs, int Outputs, bool Activated);

    /// <summary>Per qubit: <c>Offset + Amplitude * tanh(Gain * (u - Center))</c> when <see cref="UsesTanh"/>, else <c>Offset + Gain * (u - Center)</c>.</summary>
    public sealed record InterfaceMap(bool UsesTanh, double Amplitude, double[] Center, double[] Gain, double[] Offset);

    /// <summary>
    /// <c>MatrixReal/MatrixImaginary</c> (D x D, row b = basis state in, column k = amplitude out) of U times the
    /// encoding's phases, so the product state stays real; <c>ZSigns</c> (D x Q); readout with the label scale folded in.
    /// </summary>
    public sealed record QuantumHeadPlan(double[] MatrixReal, double[] MatrixImaginary, double[] ZSigns, double[] Readout, double ReadoutBias);

    /// <summary>Q -&gt; H tanh units -&gt; 1, label scale folded into the output weights.</summary>
    public sealed record ClassicalHeadPlan(double[] HiddenWeights, double[] HiddenBias, int HiddenUnits, double[] OutputWeights, double OutputBias);

    /// <summary>
    /// The linear (wide) path: <c>Bias + Weights . x</c> on the raw features (the trainer's standardization is
    /// already folded into the weights), plus <c>HybridWeight</c> times the hybrid term on the label scale.
    /// </summary>
    public sealed record LinearTermPlan(double[] Weights, double Bias, double HybridWeight);

    /// <summary>Builds the plan, or throws <see cref="NotSupportedException"/> naming what cannot be exported.</summary>
    public static HybridOnnxPlan Create(HybridModel model)
    {
        var a = model.Architecture;
        var c = model.Components;
        int q = a.NumberOfQubits;
        var layers = new List<DenseLayer>();
        for (int l = 0; l < model.NetworkLayerCount; l++)
        {
            layers.Add(new DenseLayer(model.GetLayerWeights(l).ToArray(), model.GetLayerBiases(l).ToArray(),
                c.Network.LayerInputs(l), c.Network.LayerOutputs(l), l < model.NetworkLayerCount - 1));
        }

        double mean = model.LabelMean, std = model.LabelStandardDeviation;
        QuantumHeadPlan? quantum = null;
        ClassicalHeadPlan? classical = null;
        switch (c.Head)
        {
            case QuantumHead:
                quantum = QuantumPlan(a, model.CircuitParameters.Span, model.ReadoutWeights.Span, model.ReadoutBias, mean, std);
                break;
            case ClassicalHead head:
                var p = model.HeadParameters.Span;
                int h = head.HiddenUnits;
                classical = new ClassicalHeadPlan(p[..(h * q)].ToArray(), p.Slice(h * q, h).ToArray(), h,
                    Scale(p.Slice(h * q + h, h), std), mean + std * p[h * q + 2 * h]);
                break;
            default:
                throw new NotSupportedException(string.Create(CultureInfo.InvariantCulture,
                    $"ONNX export: the model's head '{c.Head.GetType().Name}' is not known to the exporter; nothing was written."));
        }

        return new HybridOnnxPlan
        {
            FeatureCount = a.FeatureCount,
            Qubits = q,
            Activation = a.Activation,
            Layers = layers,
            SinglePrecisionFirstLayer = a.SinglePrecisionFirstLayer,
            Interface = InterfacePlan(c.Normalizer, model),
            Quantum = quantum,
            Classical = classical,
            Linear = model.Linear is { } linear ? new LinearTermPlan(linear.Weights.ToArray(), linear.Bias, linear.HybridWeight) : null,
        };
    }

    private static double[] Scale(ReadOnlySpan<double> values, double factor)
    {
        var result = new double[values.Length];
        for (int i = 0; i < result.Length; i++)
            result[i] = factor * values[i];
        return result;
    }

    private static InterfaceMap InterfacePlan(InterfaceNormalizer normalizer, HybridModel model)
    {
        int q = normalizer.Qubits;
        double a = normalizer.HalfRange, m = normalizer.Moderation;
        var center = new double[q];
        var gain = new double[q];
        var offset = new double[q];
        switch (normalizer.Kind)
        {
            case InterfaceNormalization.Tanh:
                Array.Fill(gain, 1.0);
                return new InterfaceMap(true, a, center, gain, offset);
            case InterfaceNormalization.Sigmoid: // 2A sigmoid(x) = A + A tanh(x / 2)
                Array.Fill(gain, 0.5);
                Array.Fill(offset, a);
                return new InterfaceMap(true, a, center, gain, offset);
            case InterfaceNormalization.ModeratedTanh:
                Array.Fill(gain, 1.0 / m);
                return new InterfaceMap(true, a, center, gain, offset);
            case InterfaceNormalization.AdaptiveModeratedTanh:
                var mu = model.InterfaceMean.Span;
                var variance = model.InterfaceVariance.Span;
                for (int j = 0; j < q; j++)
                {
                    center[j] = mu[j];
                    gain[j] = 1.0 / (Math.Sqrt(variance[j] + normalizer.Epsilon) * m);
                }
                return new InterfaceMap(true, a, center, gain, offset);
            case InterfaceNormalization.None:
            case InterfaceNormalization.MinMax:
                // Affine in u: read its offset and slope from the normalizer itself at u = 0 and u = 1.
                var zero = new double[q];
                var one = new double[q];
                Array.Fill(one, 1.0);
                normalizer.ForwardInference(zero, 1, model.StatisticsFirst, model.StatisticsSecond, offset);
                var atOne = new double[q];
                normalizer.ForwardInference(one, 1, model.StatisticsFirst, model.StatisticsSecond, atOne);
                for (int j = 0; j < q; j++)
                    gain[j] = atOne[j] - offset[j];
                return new InterfaceMap(false, 0, center, gain, offset);
            default:
                throw new NotSupportedException(string.Create(CultureInfo.InvariantCulture,
                    $"ONNX export: interface normalization '{normalizer.Kind}' is not known to the exporter; nothing was written."));
        }
    }

    private static QuantumHeadPlan QuantumPlan(HybridArchitecture a, ReadOnlySpan<double> circuitParameters,
        ReadOnlySpan<double> readout, double readoutBias, double labelMean, double labelStd)
    {
        int n = a.NumberOfQubits, d = 1 << n;
        if (a.ReUploading)
        {
            throw new NotSupportedException(
                "ONNX export: this model re-uploads its inputs before every circuit layer, so the circuit after the encoding is "
                + "not one fixed unitary; only models trained with ReUploading = false export. Nothing was written.");
        }
        if (a.EncodingAxis == RotationAxis.Z)
        {
            throw new NotSupportedException(
                "ONNX export: the Z encoding (H then RZ per qubit) gives a complex product state, which the exporter does not "
                + "write; models with Encoding = Y (the default) or X export. Nothing was written.");
        }

        var circuit = HardwareEfficientAnsatz.Create(new HardwareEfficientAnsatz.Options
        {
            Qubits = n,
            Layers = a.NumberOfLayers,
            Encoding = a.EncodingAxis,
            Entangler = a.Entangler,
            DataReuploading = a.ReUploading,
        });
        var variational = VariationalPart(circuit, a.EncodingAxis);

        // Column b of U is U|b>: the variational part applied to basis state b (qubit 0 = most significant bit).
        // RX(t)|0> = cos|0> - i sin|1>, so an X encoding multiplies amplitude b by (-i)^popcount(b); folded into U.
        var re = new double[d * d];
        var im = new double[d * d];
        for (int b = 0; b < d; b++)
        {
            var prepared = new QuantumCircuit(n);
            for (int j = 0; j < n; j++)
            {
                if (((b >> (n - 1 - j)) & 1) == 1)
                    prepared.X(j);
            }
            prepared.Append(variational);
            var state = prepared.Simulate(circuitParameters, ReadOnlySpan<double>.Empty);
            Complex phase = a.EncodingAxis == RotationAxis.X ? Complex.Pow(-Complex.ImaginaryOne, BitOperations.PopCount((uint)b)) : Complex.One;
            for (int k = 0; k < d; k++)
            {
                Complex amplitude = state.Amplitude(k) * phase;
                re[b * d + k] = amplitude.Real;
                im[b * d + k] = amplitude.Imaginary;
            }
        }

        var signs = new double[d * n];
        for (int b = 0; b < d; b++)
        {
            for (int j = 0; j < n; j++)
                signs[b * n + j] = ((b >> (n - 1 - j)) & 1) == 0 ? 1.0 : -1.0;
        }
        return new QuantumHeadPlan(re, im, signs, Scale(readout, labelStd), labelMean + labelStd * readoutBias);
    }

    /// <summary>
    /// The gates after the encoding, which must be exactly one rotation about the encoding axis by input q on
    /// each qubit q, first; no later gate may read an input.
    /// </summary>
    private static QuantumCircuit VariationalPart(QuantumCircuit circuit, RotationAxis encoding)
    {
        int n = circuit.QubitCount;
        var expected = encoding == RotationAxis.X ? GateKind.RX : GateKind.RY;
        var gates = circuit.Gates;
        for (int j = 0; j < n; j++)
        {
            var g = gates[j];
            if (g.Kind != expected || g.Qubit != j || g.Angle.Source != AngleSource.Input || g.Angle.Index != j)
            {
                throw new NotSupportedException(string.Create(CultureInfo.InvariantCulture,
                    $"ONNX export: gate {j} of the circuit is {g}, not the {expected} encoding of input {j} the exporter expects; nothing was written."));
            }
        }

        var variational = new QuantumCircuit(n);
        for (int i = n; i < gates.Count; i++)
        {
            var g = gates[i];
            if (g.Angle.Source == AngleSource.Input)
            {
                throw new NotSupportedException(string.Create(CultureInfo.InvariantCulture,
                    $"ONNX export: gate {i} ({g}) reads an input after the variational part has begun, so the circuit is not one fixed unitary; nothing was written."));
            }
            AddGate(variational, g);
        }
        return variational;
    }

    private static void AddGate(QuantumCircuit circuit, QuantumGate g)
    {
        switch (g.Kind)
        {
            case GateKind.RX: circuit.RX(g.Qubit, g.Angle); break;
            case GateKind.RY: circuit.RY(g.Qubit, g.Angle); break;
            case GateKind.RZ: circuit.RZ(g.Qubit, g.Angle); break;
            case GateKind.H: circuit.H(g.Qubit); break;
            case GateKind.X: circuit.X(g.Qubit); break;
            case GateKind.Y: circuit.Y(g.Qubit); break;
            case GateKind.Z: circuit.Z(g.Qubit); break;
            case GateKind.S: circuit.S(g.Qubit); break;
            case GateKind.T: circuit.T(g.Qubit); break;
            case GateKind.CNOT: circuit.CNOT(g.Qubit, g.SecondQubit); break;
            case GateKind.CZ: circuit.CZ(g.Qubit, g.SecondQubit); break;
            case GateKind.Unitary:
                var u = g.Matrix;
                circuit.Unitary(g.Qubit, u[0], u[1], u[2], u[3]);
                break;
            default:
                throw new NotSupportedException(string.Create(CultureInfo.InvariantCulture,
                    $"ONNX export: gate kind '{g.Kind}' is not known to the exporter; nothing was written."));
        }
    }

    /// <summary>The plan's prediction for one row, in double, with the graph's arithmetic (NaN for a non-finite feature).</summary>
    public double Evaluate(ReadOnlySpan<float> features)
    {
        foreach (float x in features)
        {
            if (!float.IsFinite(x))
                return double.NaN;
        }

        double[] u = new double[features.Length];
        for (int i = 0; i < u.Length; i++)
            u[i] = features[i];
        for (int l = 0; l < Layers.Count; l++)
        {
            var layer = Layers[l];
            var next = new double[layer.Outputs];
            for (int o = 0; o < layer.Outputs; o++)
            {
                double s = 0;
                for (int i = 0; i < layer.Inputs; i++)
                    s += layer.Weights[o * layer.Inputs + i] * u[i];
                next[o] = Activate(s + layer.Bias[o], layer.Activated);
            }
            u = next;
        }

        int q = Qubits;
        var angles = new double[q];
        var map = Interface;
        for (int j = 0; j < q; j++)
        {
            double z = map.Gain[j] * (u[j] - map.Center[j]);
            angles[j] = map.Offset[j] + (map.UsesTanh ? map.Amplitude * Math.Tanh(z) : z);
        }
        double hybrid = Quantum is { } quantum ? EvaluateQuantum(quantum, angles) : EvaluateClassical(Classical!, angles);
        if (Linear is not { } linear)
            return hybrid;
        double wide = linear.Bias;
        for (int i = 0; i < features.Length; i++)
            wide += linear.Weights[i] * features[i];
        return wide + linear.HybridWeight * hybrid;
    }

    private double Activate(double x, bool activated)
    {
        if (!activated)
            return x;
        return Activation switch
        {
            HybridActivation.ReLU => Math.Max(x, 0.0),
            HybridActivation.Tanh => Math.Tanh(x),
            _ => 0.5 * x * (1.0 + Math.Tanh(GeluC * (x + GeluK * x * x * x))),
        };
    }

    /// <summary>GELU's tanh form, as the hybrid layer computes it.</summary>
    internal const double GeluC = 0.7978845608028654, GeluK = 0.044715;

    private double EvaluateQuantum(QuantumHeadPlan head, double[] angles)
    {
        int n = Qubits, d = 1 << n;
        var product = new double[d];
        for (int b = 0; b < d; b++)
        {
            double r = 1;
            for (int j = 0; j < n; j++)
                r *= ((b >> (n - 1 - j)) & 1) == 0 ? Math.Cos(0.5 * angles[j]) : Math.Sin(0.5 * angles[j]);
            product[b] = r;
        }
        double result = head.ReadoutBias;
        var expectations = new double[n];
        for (int k = 0; k < d; k++)
        {
            double re = 0, im = 0;
            for (int b = 0; b < d; b++)
            {
                re += product[b] * head.MatrixReal[b * d + k];
                im += product[b] * head.MatrixImaginary[b * d + k];
            }
            double p = re * re + im * im;
            for (int j = 0; j < n; j++)
                expectations[j] += p * head.ZSigns[k * n + j];
        }
        for (int j = 0; j < n; j++)
            result += head.Readout[j] * expectations[j];
        return result;
    }

    private double EvaluateClassical(ClassicalHeadPlan head, double[] angles)
    {
        int q = Qubits;
        double result = head.OutputBias;
        for (int k = 0; k < head.HiddenUnits; k++)
        {
            double s = head.HiddenBias[k];
            for (int j = 0; j < q; j++)
                s += head.HiddenWeights[k * q + j] * angles[j];
            result += head.OutputWeights[k] * Math.Tanh(s);
        }
        return result;
    }
}
