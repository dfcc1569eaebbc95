using System.Globalization;

namespace Qhml.MLNet.Quantum.Hardware;

/// <summary>Copies a circuit with some of its angle sources replaced by constants.</summary>
public static class CircuitBinding
{
    /// <summary>
    /// A copy of <paramref name="circuit"/> whose trainable-parameter angles are the constants
    /// <paramref name="parameters"/>; input angles stay inputs (ParameterCount becomes 0).
    /// </summary>
    /// <param name="circuit">The circuit.</param>
    /// <param name="parameters">One finite value per parameter.</param>
    /// <returns>The bound circuit.</returns>
    public static QuantumCircuit BindParameters(QuantumCircuit circuit, ReadOnlySpan<double> parameters)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        CircuitArguments.Check(circuit, parameters, new double[circuit.InputCount]);
        return Rebuild(circuit, parameters, default, bindInputs: false);
    }

    /// <summary>A copy of <paramref name="circuit"/> with every input angle replaced by the constant in <paramref name="inputs"/>.</summary>
    /// <param name="circuit">The circuit.</param>
    /// <param name="inputs">One finite value per input slot.</param>
    /// <returns>The bound circuit (InputCount becomes 0).</returns>
    public static QuantumCircuit BindInputs(QuantumCircuit circuit, ReadOnlySpan<double> inputs)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        CircuitArguments.Check(circuit, new double[circuit.ParameterCount], inputs);
        return Rebuild(circuit, default, inputs, bindInputs: true);
    }

    private static QuantumCircuit Rebuild(QuantumCircuit circuit, ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, bool bindInputs)
    {
        var copy = new QuantumCircuit(circuit.QubitCount);
        foreach (QuantumGate g in circuit.Gates)
        {
            Angle angle = g.Angle.Source switch
            {
                AngleSource.Parameter when !bindInputs => Angle.Constant(parameters[g.Angle.Index]),
                AngleSource.Input when bindInputs => Angle.Constant(inputs[g.Angle.Index]),
                _ => g.Angle,
            };
            switch (g.Kind)
            {
                case GateKind.RX or GateKind.RY or GateKind.RZ: copy.Rotation(Axis(g.Kind), g.Qubit, angle); break;
                case GateKind.H: copy.H(g.Qubit); break;
                case GateKind.X: copy.X(g.Qubit); break;
                case GateKind.Y: copy.Y(g.Qubit); break;
                case GateKind.Z: copy.Z(g.Qubit); break;
                case GateKind.S: copy.S(g.Qubit); break;
                case GateKind.T: copy.T(g.Qubit); break;
                case GateKind.CNOT: copy.CNOT(g.Qubit, g.SecondQubit); break;
                case GateKind.CZ: copy.CZ(g.Qubit, g.SecondQubit); break;
                case GateKind.Unitary: copy.Unitary(g.Qubit, g.Matrix[0], g.Matrix[1], g.Matrix[2], g.Matrix[3]); break;
                default:
                    throw new NotSupportedException(string.Create(CultureInfo.InvariantCulture, $"Gate kind {g.Kind} cannot be copied."));
            }
        }
        return copy;
    }

    private static RotationAxis Axis(GateKind kind) => kind switch
    {
        GateKind.RX => RotationAxis.X,
        GateKind.RY => RotationAxis.Y,
        _ => RotationAxis.Z,
    };
}
