namespace Qhml.MLNet.Quantum;

/// <summary>The kinds of gate a <see cref="QuantumCircuit"/> can hold.</summary>
public enum GateKind
{
    /// <summary>Rotation about X: <c>RX(t) = exp(-i t X / 2)</c>.</summary>
    RX,

    /// <summary>Rotation about Y: <c>RY(t) = exp(-i t Y / 2)</c>.</summary>
    RY,

    /// <summary>Rotation about Z: <c>RZ(t) = exp(-i t Z / 2) = diag(e^{-it/2}, e^{it/2})</c>.</summary>
    RZ,

    /// <summary>Hadamard.</summary>
    H,

    /// <summary>Pauli X (NOT).</summary>
    X,

    /// <summary>Pauli Y.</summary>
    Y,

    /// <summary>Pauli Z.</summary>
    Z,

    /// <summary>Phase gate <c>S = diag(1, i)</c>.</summary>
    S,

    /// <summary><c>T = diag(1, e^{i pi/4})</c>.</summary>
    T,

    /// <summary>Controlled NOT (control, target).</summary>
    CNOT,

    /// <summary>Controlled Z (symmetric in its two qubits).</summary>
    CZ,

    /// <summary>A general single-qubit unitary given as a 2x2 matrix.</summary>
    Unitary,
}
