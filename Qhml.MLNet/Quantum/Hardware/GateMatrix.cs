using System.Numerics;

namespace Qhml.MLNet.Quantum.Hardware;

/// <summary>
/// The 2x2 matrices of the single-qubit gates of a <see cref="QuantumCircuit"/>, with angles resolved from
/// parameters and inputs: the one place the hardware simulators and the OpenQASM writer read a gate's meaning.
/// </summary>
internal static class GateMatrix
{
    /// <summary>The angle of <paramref name="angle"/> given the parameter and input values.</summary>
    public static double Resolve(Angle angle, ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs) => angle.Source switch
    {
        AngleSource.Parameter => parameters[angle.Index],
        AngleSource.Input => inputs[angle.Index],
        _ => angle.Value,
    };

    /// <summary>Row-major (u00, u01, u10, u11) of a single-qubit gate; <c>R_P(t) = exp(-i t P / 2)</c>.</summary>
    public static (Complex U00, Complex U01, Complex U10, Complex U11) Of(QuantumGate gate, double angle)
    {
        double c = Math.Cos(0.5 * angle), s = Math.Sin(0.5 * angle);
        double h = 1 / Math.Sqrt(2);
        return gate.Kind switch
        {
            GateKind.RX => (c, new Complex(0, -s), new Complex(0, -s), c),
            GateKind.RY => (c, -s, s, c),
            GateKind.RZ => (new Complex(c, -s), 0, 0, new Complex(c, s)),
            GateKind.H => (h, h, h, -h),
            GateKind.X => (0, 1, 1, 0),
            GateKind.Y => (0, new Complex(0, -1), new Complex(0, 1), 0),
            GateKind.Z => (1, 0, 0, -1),
            GateKind.S => (1, 0, 0, Complex.ImaginaryOne),
            GateKind.T => (1, 0, 0, Complex.FromPolarCoordinates(1, Math.PI / 4)),
            GateKind.Unitary => (gate.Matrix[0], gate.Matrix[1], gate.Matrix[2], gate.Matrix[3]),
            _ => throw new ArgumentException($"{gate.Kind} is not a single-qubit gate.", nameof(gate)),
        };
    }

    /// <summary>Whether the gate acts on two qubits (CNOT, CZ).</summary>
    public static bool IsTwoQubit(QuantumGate gate) => gate.Kind is GateKind.CNOT or GateKind.CZ;
}
