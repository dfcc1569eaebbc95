using System.Globalization;
using System.Numerics;

namespace Qhml.MLNet.Quantum;

/// <summary>
/// A parameterized quantum circuit on <see cref="QubitCount"/> qubits, built with chainable gate methods
/// and starting in |0...0&gt;.
/// </summary>
/// <remarks>
/// <para>Qubit order: qubit 0 is the MOST significant bit of a basis index, i.e. basis index
/// <c>i = sum_q b_q 2^(n-1-q)</c> for the label |b0 b1 ... b(n-1)&gt; (PennyLane / Q# order). An X on
/// qubit 0 of 3 gives basis index 4 (|100&gt;).</para>
/// <para>Rotations follow <c>R_P(t) = exp(-i t P / 2)</c> (same global phase as PennyLane and Q#). Their
/// angle is a constant, a trainable parameter (<see cref="Angle.Parameter"/>) or an input slot
/// (<see cref="Angle.Input"/>); <see cref="ParameterCount"/> and <see cref="InputCount"/> are one more
/// than the largest index used.</para>
/// <para>Simulate one state with <see cref="Simulate(ReadOnlySpan{double}, ReadOnlySpan{double})"/>; for batches and gradients compile a
/// <see cref="CircuitEvaluator"/>.</para>
/// </remarks>
public sealed class QuantumCircuit
{
    /// <summary>Largest supported number of qubits (a state of 2^24 complex doubles is 256 MiB).</summary>
    public const int MaxQubits = 24;

    /// <summary>Tolerance of the unitarity check of <see cref="Unitary(int, Complex, Complex, Complex, Complex)"/>.</summary>
    public const double UnitarityTolerance = 1e-10;

    private readonly List<QuantumGate> _gates = new();

    /// <summary>Creates an empty circuit.</summary>
    /// <param name="qubits">Number of qubits, 1 to <see cref="MaxQubits"/>.</param>
    public QuantumCircuit(int qubits)
    {
        if (qubits < 1 || qubits > MaxQubits)
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Qubit count must be between 1 and {MaxQubits}; got {qubits}."),
                nameof(qubits));
        QubitCount = qubits;
    }

    /// <summary>Number of qubits.</summary>
    public int QubitCount { get; }

    /// <summary>Number of trainable parameters (largest parameter index used + 1; 0 if none).</summary>
    public int ParameterCount { get; private set; }

    /// <summary>Number of input (encoding) slots per sample (largest input index used + 1; 0 if none).</summary>
    public int InputCount { get; private set; }

    /// <summary>The gates in application order.</summary>
    public IReadOnlyList<QuantumGate> Gates => _gates;

    /// <summary>Adds RX(angle) = exp(-i angle X / 2) on <paramref name="qubit"/>.</summary>
    /// <param name="qubit">Qubit index.</param>
    /// <param name="angle">Constant (a <see cref="double"/>), parameter or input angle.</param>
    /// <returns>This circuit.</returns>
    public QuantumCircuit RX(int qubit, Angle angle) => AddRotation(GateKind.RX, qubit, angle);

    /// <summary>Adds RY(angle) = exp(-i angle Y / 2) on <paramref name="qubit"/>.</summary>
    /// <param name="qubit">Qubit index.</param>
    /// <param name="angle">Constant (a <see cref="double"/>), parameter or input angle.</param>
    /// <returns>This circuit.</returns>
    public QuantumCircuit RY(int qubit, Angle angle) => AddRotation(GateKind.RY, qubit, angle);

    /// <summary>Adds RZ(angle) = exp(-i angle Z / 2) on <paramref name="qubit"/>.</summary>
    /// <param name="qubit">Qubit index.</param>
    /// <param name="angle">Constant (a <see cref="double"/>), parameter or input angle.</param>
    /// <returns>This circuit.</returns>
    public QuantumCircuit RZ(int qubit, Angle angle) => AddRotation(GateKind.RZ, qubit, angle);

    /// <summary>Adds a rotation about <paramref name="axis"/>.</summary>
    /// <param name="axis">Rotation axis.</param>
    /// <param name="qubit">Qubit index.</param>
    /// <param name="angle">Constant, parameter or input angle.</param>
    /// <returns>This circuit.</returns>
    public QuantumCircuit Rotation(RotationAxis axis, int qubit, Angle angle) => axis switch
    {
        RotationAxis.X => RX(qubit, angle),
        RotationAxis.Y => RY(qubit, angle),
        RotationAxis.Z => RZ(qubit, angle),
        _ => throw new ArgumentException($"Unknown rotation axis {axis}.", nameof(axis)),
    };

    /// <summary>Adds a Hadamard on <paramref name="qubit"/>.</summary>
    /// <param name="qubit">Qubit index.</param>
    /// <returns>This circuit.</returns>
    public QuantumCircuit H(int qubit) => AddFixed(GateKind.H, qubit);

    /// <summary>Adds a Pauli X on <paramref name="qubit"/>.</summary>
    /// <param name="qubit">Qubit index.</param>
    /// <returns>This circuit.</returns>
    public QuantumCircuit X(int qubit) => AddFixed(GateKind.X, qubit);

    /// <summary>Adds a Pauli Y on <paramref name="qubit"/>.</summary>
    /// <param name="qubit">Qubit index.</param>
    /// <returns>This circuit.</returns>
    public QuantumCircuit Y(int qubit) => AddFixed(GateKind.Y, qubit);

    /// <summary>Adds a Pauli Z on <paramref name="qubit"/>.</summary>
    /// <param name="qubit">Qubit index.</param>
    /// <returns>This circuit.</returns>
    public QuantumCircuit Z(int qubit) => AddFixed(GateKind.Z, qubit);

    /// <summary>Adds S = diag(1, i) on <paramref name="qubit"/>.</summary>
    /// <param name="qubit">Qubit index.</param>
    /// <returns>This circuit.</returns>
    public QuantumCircuit S(int qubit) => AddFixed(GateKind.S, qubit);

    /// <summary>Adds T = diag(1, e^{i pi/4}) on <paramref name="qubit"/>.</summary>
    /// <param name="qubit">Qubit index.</param>
    /// <returns>This circuit.</returns>
    public QuantumCircuit T(int qubit) => AddFixed(GateKind.T, qubit);

    /// <summary>Adds a CNOT flipping <paramref name="target"/> when <paramref name="control"/> is 1.</summary>
    /// <param name="control">Control qubit.</param>
    /// <param name="target">Target qubit (different from the control).</param>
    /// <returns>This circuit.</returns>
    public QuantumCircuit CNOT(int control, int target) => AddTwoQubit(GateKind.CNOT, control, target);

    /// <summary>Adds a CZ (phase -1 when both qubits are 1).</summary>
    /// <param name="a">First qubit.</param>
    /// <param name="b">Second qubit (different from the first).</param>
    /// <returns>This circuit.</returns>
    public QuantumCircuit CZ(int a, int b) => AddTwoQubit(GateKind.CZ, a, b);

    /// <summary>
    /// Adds a general single-qubit unitary [[u00, u01], [u10, u11]] acting on (|0&gt;, |1&gt;) of
    /// <paramref name="qubit"/>; it must be unitary to within <see cref="UnitarityTolerance"/>.
    /// </summary>
    /// <param name="qubit">Qubit index.</param>
    /// <param name="u00">Row 0, column 0.</param>
    /// <param name="u01">Row 0, column 1.</param>
    /// <param name="u10">Row 1, column 0.</param>
    /// <param name="u11">Row 1, column 1.</param>
    /// <returns>This circuit.</returns>
    public QuantumCircuit Unitary(int qubit, Complex u00, Complex u01, Complex u10, Complex u11)
    {
        CheckQubit(GateKind.Unitary, qubit, nameof(qubit));
        Complex[] m = { u00, u01, u10, u11 };
        for (int i = 0; i < 4; i++)
        {
            if (!double.IsFinite(m[i].Real) || !double.IsFinite(m[i].Imaginary))
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Unitary on qubit {qubit}: matrix element {i / 2},{i % 2} is not finite ({m[i]})."),
                    "u" + (i / 2).ToString(CultureInfo.InvariantCulture) + (i % 2).ToString(CultureInfo.InvariantCulture));
        }

        // U^dagger U = I: columns orthonormal.
        double n0 = (Complex.Conjugate(u00) * u00 + Complex.Conjugate(u10) * u10).Real;
        double n1 = (Complex.Conjugate(u01) * u01 + Complex.Conjugate(u11) * u11).Real;
        Complex dot = Complex.Conjugate(u00) * u01 + Complex.Conjugate(u10) * u11;
        double error = Math.Max(Math.Max(Math.Abs(n0 - 1), Math.Abs(n1 - 1)), dot.Magnitude);
        if (error > UnitarityTolerance)
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture,
                    $"Unitary on qubit {qubit}: matrix [[{u00}, {u01}], [{u10}, {u11}]] is not unitary (max |U^dagger U - I| = {error:G3}, tolerance {UnitarityTolerance:G3})."),
                nameof(u00));
        _gates.Add(new QuantumGate(GateKind.Unitary, qubit, -1, default, m));
        return this;
    }

    /// <summary>Appends all gates of <paramref name="other"/> (same qubit count) to this circuit.</summary>
    /// <param name="other">The circuit to append.</param>
    /// <returns>This circuit.</returns>
    public QuantumCircuit Append(QuantumCircuit other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.QubitCount != QubitCount)
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Cannot append a {other.QubitCount}-qubit circuit to a {QubitCount}-qubit circuit."),
                nameof(other));
        foreach (QuantumGate g in other._gates)
        {
            _gates.Add(g);
            Track(g.Angle);
        }

        return this;
    }

    /// <summary>
    /// Simulates the circuit from |0...0&gt; and returns the final state.
    /// </summary>
    /// <param name="parameters">Trainable parameter values, length <see cref="ParameterCount"/>.</param>
    /// <param name="inputs">One sample's input angles, length <see cref="InputCount"/>.</param>
    /// <returns>The final state vector.</returns>
    public QuantumState Simulate(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs)
    {
        var program = CircuitProgram.Compile(this);
        program.CheckParameters(parameters);
        program.CheckInputs(inputs, InputCount == 0 ? 0 : 1);
        var state = new StateBuffer(QubitCount);
        var angles = new double[program.Ops.Length];
        program.ResolveAngles(parameters, inputs, angles);
        program.Run(state, angles, new Matrix2[program.Ops.Length]);
        return new QuantumState(QubitCount, state.Re, state.Im);
    }

    /// <summary>Simulates a circuit that has no parameters and no inputs.</summary>
    /// <returns>The final state vector.</returns>
    public QuantumState Simulate() => Simulate(ReadOnlySpan<double>.Empty, ReadOnlySpan<double>.Empty);

    private QuantumCircuit AddRotation(GateKind kind, int qubit, Angle angle)
    {
        CheckQubit(kind, qubit, nameof(qubit));
        if (angle.Source == AngleSource.Constant && !double.IsFinite(angle.Value))
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{kind} on qubit {qubit}: angle must be finite; got {angle.Value}."),
                nameof(angle));
        _gates.Add(new QuantumGate(kind, qubit, -1, angle, null));
        Track(angle);
        return this;
    }

    private QuantumCircuit AddFixed(GateKind kind, int qubit)
    {
        CheckQubit(kind, qubit, nameof(qubit));
        _gates.Add(new QuantumGate(kind, qubit, -1, default, null));
        return this;
    }

    private QuantumCircuit AddTwoQubit(GateKind kind, int a, int b)
    {
        CheckQubit(kind, a, kind == GateKind.CNOT ? "control" : "a");
        CheckQubit(kind, b, kind == GateKind.CNOT ? "target" : "b");
        if (a == b)
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture,
                    $"{kind}: the two qubits must differ; got {(kind == GateKind.CNOT ? "control" : "a")} = {(kind == GateKind.CNOT ? "target" : "b")} = {a}."),
                kind == GateKind.CNOT ? "target" : "b");
        _gates.Add(new QuantumGate(kind, a, b, default, null));
        return this;
    }

    private void CheckQubit(GateKind kind, int qubit, string paramName)
    {
        if (qubit < 0 || qubit >= QubitCount)
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture,
                    $"{kind}: qubit {qubit} is out of range; the circuit has {QubitCount} qubit(s), valid indices 0..{QubitCount - 1}."),
                paramName);
    }

    private void Track(Angle angle)
    {
        if (angle.Source == AngleSource.Parameter)
            ParameterCount = Math.Max(ParameterCount, angle.Index + 1);
        else if (angle.Source == AngleSource.Input)
            InputCount = Math.Max(InputCount, angle.Index + 1);
    }
}
