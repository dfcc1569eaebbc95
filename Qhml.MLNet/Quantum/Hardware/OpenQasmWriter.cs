using System.Globalization;
using System.Numerics;
using System.Text;

namespace Qhml.MLNet.Quantum.Hardware;

/// <summary>
/// Writes a <see cref="QuantumCircuit"/> as an OpenQASM 3 program for a hardware or simulator backend:
/// one <c>qubit[n] q</c> register, input slots as <c>input float[64]</c> parameters (or bound constants),
/// trainable parameters as constants, and one measurement per qubit.
/// </summary>
/// <remarks>
/// <para>Gate set (all from <c>stdgates.inc</c> or built in): <c>rx ry rz h x y z s t cx cz</c>; a general
/// <see cref="GateKind.Unitary"/> becomes the built-in <c>U(theta, phi, lambda)</c> followed by
/// <c>gphase(alpha)</c> so the program's unitary is exactly the circuit's, global phase included.</para>
/// <para>Qubit order: qubit k of the circuit is <c>q[k]</c> and is measured into <c>c[k]</c>. The circuit's
/// basis index has qubit 0 as its MOST significant bit; OpenQASM/Qiskit print a bit string with <c>c[0]</c>
/// as the rightmost (least significant) bit. So a Qiskit count key read right to left is
/// |b0 b1 ... b(n-1)&gt; here: reverse the key to get this library's label. &lt;Z_k&gt; is
/// <c>P(c[k] = 0) - P(c[k] = 1)</c> in both conventions.</para>
/// </remarks>
public static class OpenQasmWriter
{
    /// <summary>Writes <paramref name="circuit"/> as OpenQASM 3 text.</summary>
    /// <param name="circuit">The circuit.</param>
    /// <param name="options">Parameter values, input names or bound inputs, header comment; null for a circuit without parameters and inputs named <c>x_0</c>, <c>x_1</c>, ...</param>
    /// <returns>The program, lines ending in '\n'.</returns>
    public static string Write(QuantumCircuit circuit, OpenQasmWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        options ??= new OpenQasmWriterOptions();
        double[] parameters = options.Parameters ?? [];
        double[]? bound = options.BoundInputs;
        if (parameters.Length != circuit.ParameterCount)
            throw new ArgumentException(Invariant($"The circuit has {circuit.ParameterCount} trainable parameters; {parameters.Length} values were given."), nameof(options));
        if (bound is not null && bound.Length != circuit.InputCount)
            throw new ArgumentException(Invariant($"The circuit has {circuit.InputCount} inputs; {bound.Length} bound values were given."), nameof(options));
        CheckFinite(parameters, "Parameters");
        if (bound is not null)
            CheckFinite(bound, "BoundInputs");
        string[] names = InputNames(circuit.InputCount, options.InputNames);

        var text = new StringBuilder();
        text.Append("OPENQASM 3.0;\ninclude \"stdgates.inc\";\n");
        foreach (string line in (options.Comment ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
            text.Append("// ").Append(line.TrimEnd('\r')).Append('\n');
        text.Append(Invariant($"// {circuit.QubitCount} qubits: qubit k is q[k], measured into c[k]; a count key read right to left is |q0 q1 ...>.\n"));
        if (bound is null)
        {
            foreach (string name in names)
                text.Append("input float[64] ").Append(name).Append(";\n");
        }
        text.Append(Invariant($"qubit[{circuit.QubitCount}] q;\nbit[{circuit.QubitCount}] c;\n"));
        foreach (QuantumGate gate in circuit.Gates)
            WriteGate(text, gate, parameters, names, bound);
        for (int k = 0; k < circuit.QubitCount; k++)
            text.Append(Invariant($"c[{k}] = measure q[{k}];\n"));
        return text.ToString();
    }

    private static void WriteGate(StringBuilder text, QuantumGate gate, double[] parameters, string[] names, double[]? bound)
    {
        switch (gate.Kind)
        {
            case GateKind.CNOT:
                text.Append(Invariant($"cx q[{gate.Qubit}], q[{gate.SecondQubit}];\n"));
                return;
            case GateKind.CZ:
                text.Append(Invariant($"cz q[{gate.Qubit}], q[{gate.SecondQubit}];\n"));
                return;
            case GateKind.RX or GateKind.RY or GateKind.RZ:
                string angle = gate.Angle.Source switch
                {
                    AngleSource.Parameter => Number(parameters[gate.Angle.Index]),
                    AngleSource.Input => bound is null ? names[gate.Angle.Index] : Number(bound[gate.Angle.Index]),
                    _ => Number(gate.Angle.Value),
                };
                text.Append(gate.Kind.ToString().ToLowerInvariant()).Append('(').Append(angle).Append(Invariant($") q[{gate.Qubit}];\n"));
                return;
            case GateKind.Unitary:
                (double theta, double phi, double lambda, double alpha) = EulerAngles(gate.Matrix);
                text.Append(Invariant($"U({Number(theta)}, {Number(phi)}, {Number(lambda)}) q[{gate.Qubit}];\n"));
                text.Append(Invariant($"gphase({Number(alpha)});\n"));
                return;
            default:
                text.Append(gate.Kind.ToString().ToLowerInvariant()).Append(Invariant($" q[{gate.Qubit}];\n"));
                return;
        }
    }

    /// <summary>
    /// (theta, phi, lambda, alpha) with u = e^{i alpha} U(theta, phi, lambda), where OpenQASM 3 defines
    /// U = [[cos(theta/2), -e^{i lambda} sin(theta/2)], [e^{i phi} sin(theta/2), e^{i(phi+lambda)} cos(theta/2)]].
    /// </summary>
    internal static (double Theta, double Phi, double Lambda, double Alpha) EulerAngles(ReadOnlySpan<Complex> u)
    {
        const double tiny = 1e-14;
        double theta = 2 * Math.Atan2(u[2].Magnitude, u[0].Magnitude);
        double alpha, phi, lambda;
        if (u[0].Magnitude > tiny)
        {
            alpha = u[0].Phase;
            if (u[2].Magnitude > tiny)
            {
                phi = u[2].Phase - alpha;
                lambda = (-u[1]).Phase - alpha;
            }
            else
            {
                phi = 0;
                lambda = u[3].Phase - alpha;
            }
        }
        else
        {
            phi = 0;
            alpha = u[2].Phase;
            lambda = (-u[1]).Phase - alpha;
        }
        return (theta, phi, lambda, alpha);
    }

    private static string[] InputNames(int count, IReadOnlyList<string>? names)
    {
        if (names is null)
            return Enumerable.Range(0, count).Select(j => Invariant($"x_{j}")).ToArray();
        if (names.Count != count)
            throw new ArgumentException(Invariant($"The circuit has {count} inputs; {names.Count} input names were given."), nameof(names));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string name in names)
        {
            if (!OpenQasmReader.IsIdentifier(name) || OpenQasmReader.IsReserved(name))
                throw new ArgumentException($"Input name '{name}' is not a valid OpenQASM identifier (a letter or '_', then letters, digits or '_'; not a keyword or gate name).", nameof(names));
            if (!seen.Add(name))
                throw new ArgumentException($"Input name '{name}' is used twice.", nameof(names));
        }
        return names.ToArray();
    }

    private static void CheckFinite(double[] values, string what)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
                throw new ArgumentException(Invariant($"{what}[{i}] is {values[i]}; OpenQASM angles must be finite."), what);
        }
    }

    // "R" round-trips a double; its exponent form (1E-05) is a valid OpenQASM 3 float literal.
    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
