using System.Globalization;
using System.Numerics;

namespace Qhml.MLNet.Quantum;

/// <summary>
/// One gate of a <see cref="QuantumCircuit"/>. Qubit 0 is the most significant bit of a basis index
/// (the |q0 q1 ... q(n-1)&gt; label order of PennyLane and Q#).
/// </summary>
public sealed class QuantumGate
{
    private readonly Complex[]? _matrix;

    internal QuantumGate(GateKind kind, int qubit, int secondQubit, Angle angle, Complex[]? matrix)
    {
        Kind = kind;
        Qubit = qubit;
        SecondQubit = secondQubit;
        Angle = angle;
        _matrix = matrix;
    }

    /// <summary>The gate kind.</summary>
    public GateKind Kind { get; }

    /// <summary>The qubit acted on; for CNOT the control, for CZ the first qubit.</summary>
    public int Qubit { get; }

    /// <summary>For CNOT the target, for CZ the second qubit; -1 for single-qubit gates.</summary>
    public int SecondQubit { get; }

    /// <summary>The rotation angle of RX/RY/RZ; a zero constant for other gates.</summary>
    public Angle Angle { get; }

    /// <summary>True for RX, RY and RZ.</summary>
    public bool IsRotation => Kind is GateKind.RX or GateKind.RY or GateKind.RZ;

    /// <summary>
    /// The 2x2 matrix of a <see cref="GateKind.Unitary"/> gate in row-major order (u00, u01, u10, u11);
    /// empty for other gates.
    /// </summary>
    public ReadOnlySpan<Complex> Matrix => _matrix;

    /// <summary>A description such as <c>RY(param[3]) on qubit 2</c> or <c>CNOT(0 -&gt; 1)</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => Kind switch
    {
        GateKind.CNOT => string.Create(CultureInfo.InvariantCulture, $"CNOT(control {Qubit}, target {SecondQubit})"),
        GateKind.CZ => string.Create(CultureInfo.InvariantCulture, $"CZ(qubits {Qubit}, {SecondQubit})"),
        GateKind.RX or GateKind.RY or GateKind.RZ => string.Create(CultureInfo.InvariantCulture, $"{Kind}({Angle}) on qubit {Qubit}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Kind} on qubit {Qubit}"),
    };
}
