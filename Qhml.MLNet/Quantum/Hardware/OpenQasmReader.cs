using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace Qhml.MLNet.Quantum.Hardware;

/// <summary>
/// Reads the subset of OpenQASM 3 that <see cref="OpenQasmWriter"/> writes (and a little more) back into a
/// <see cref="QuantumCircuit"/>: one qubit register, <c>input float</c> angles, the gates
/// <c>rx ry rz h x y z s sdg t tdg id p cx CX cz U gphase</c>, constant angle expressions
/// (<c>+ - * /</c>, parentheses, <c>pi</c>), measurements and barriers. Anything else is a
/// <see cref="FormatException"/> naming the statement's line.
/// </summary>
public static partial class OpenQasmReader
{
    private static readonly HashSet<string> Gates = new(StringComparer.Ordinal)
    {
        "U", "gphase", "rx", "ry", "rz", "h", "x", "y", "z", "s", "sdg", "t", "tdg", "id", "p", "cx", "CX", "cz",
    };

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "OPENQASM", "include", "input", "output", "qubit", "bit", "qreg", "creg", "float", "angle", "int", "measure",
        "barrier", "reset", "gate", "pi", "const", "if", "for", "while", "def", "let",
    };

    /// <summary>Parses an OpenQASM 3 program.</summary>
    /// <param name="text">The program text.</param>
    /// <returns>The circuit, its input names and measured qubits.</returns>
    public static OpenQasmProgram Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var state = new ReaderState();
        foreach ((string statement, int line) in Statements(text))
        {
            try
            {
                ReadStatement(state, statement);
            }
            catch (FormatException e)
            {
                throw new FormatException(Invariant($"OpenQASM line {line}: {e.Message} (statement '{Shorten(statement)}')."), e);
            }
        }
        if (!state.VersionSeen)
            throw new FormatException("OpenQASM: the program does not start with 'OPENQASM 3.0;'.");
        QuantumCircuit circuit = state.Circuit ?? throw new FormatException("OpenQASM: the program declares no qubit register.");
        return new OpenQasmProgram(circuit, state.Inputs.ToArray(), state.Measured.ToArray());
    }

    internal static bool IsIdentifier(string name) => IdentifierPattern().IsMatch(name);

    internal static bool IsReserved(string name) => Gates.Contains(name) || Keywords.Contains(name);

    private static void ReadStatement(ReaderState s, string statement)
    {
        Match m;
        if ((m = Regex.Match(statement, @"^OPENQASM\s+(\S+)$")).Success)
        {
            if (!m.Groups[1].Value.StartsWith('3'))
                throw new FormatException($"only OpenQASM 3 is read; the program says version {m.Groups[1].Value}");
            s.VersionSeen = true;
            return;
        }
        if (!s.VersionSeen)
            throw new FormatException("the first statement must be 'OPENQASM 3.0'");
        if ((m = Regex.Match(statement, "^include\\s+\"([^\"]+)\"$")).Success)
        {
            if (m.Groups[1].Value != "stdgates.inc")
                throw new FormatException($"only \"stdgates.inc\" can be included; got \"{m.Groups[1].Value}\"");
            return;
        }
        if ((m = Regex.Match(statement, @"^input\s+(?:float|angle)(?:\s*\[\s*\d+\s*\])?\s+([A-Za-z_]\w*)$")).Success)
        {
            string name = m.Groups[1].Value;
            if (s.Inputs.Contains(name) || IsReserved(name))
                throw new FormatException($"input '{name}' is declared twice or is a reserved name");
            if (s.Circuit is not null)
                throw new FormatException("inputs must be declared before the qubit register");
            s.Inputs.Add(name);
            return;
        }
        if ((m = Regex.Match(statement, @"^(?:qubit\s*\[\s*(\d+)\s*\]\s*([A-Za-z_]\w*)|qreg\s+([A-Za-z_]\w*)\s*\[\s*(\d+)\s*\])$")).Success)
        {
            if (s.Circuit is not null)
                throw new FormatException("a second qubit register is not supported");
            string size = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[4].Value;
            s.Register = m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value;
            if (!int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1 || n > QuantumCircuit.MaxQubits)
                throw new FormatException(Invariant($"the qubit register must have 1 to {QuantumCircuit.MaxQubits} qubits; got {size}"));
            s.Circuit = new QuantumCircuit(n);
            return;
        }
        if (Regex.IsMatch(statement, @"^(?:bit\s*(?:\[\s*\d+\s*\])?\s*[A-Za-z_]\w*|creg\s+[A-Za-z_]\w*\s*\[\s*\d+\s*\])$"))
            return;
        if (statement.StartsWith("barrier", StringComparison.Ordinal))
            return;
        QuantumCircuit circuit = s.Circuit ?? throw new FormatException("a gate or measurement comes before the qubit register is declared");
        if ((m = Regex.Match(statement, @"^(?:[A-Za-z_]\w*(?:\s*\[\s*\d+\s*\])?\s*=\s*)?measure\s+(.+?)(?:\s*->\s*.+)?$")).Success)
        {
            foreach (int q in Operands(s, m.Groups[1].Value, allowWholeRegister: true))
                s.Measured.Add(q);
            return;
        }
        if ((m = Regex.Match(statement, @"^([A-Za-z_]\w*)\s*(?:\((.*)\))?\s*(.*)$", RegexOptions.Singleline)).Success)
        {
            ApplyGate(s, circuit, m.Groups[1].Value, m.Groups[2].Success ? m.Groups[2].Value : null, m.Groups[3].Value);
            return;
        }
        throw new FormatException("unsupported statement");
    }

    private static void ApplyGate(ReaderState s, QuantumCircuit c, string name, string? arguments, string operandText)
    {
        if (!Gates.Contains(name))
            throw new FormatException($"unsupported gate or statement '{name}' (supported gates: rx ry rz h x y z s sdg t tdg id p cx CX cz U gphase)");
        string[] args = arguments is null ? [] : SplitArguments(arguments);
        int[] q = name == "gphase" ? [] : Operands(s, operandText, allowWholeRegister: false);
        int arity = name is "cx" or "CX" or "cz" ? 2 : name == "gphase" ? 0 : 1;
        int angleCount = name is "rx" or "ry" or "rz" or "p" or "gphase" ? 1 : name == "U" ? 3 : 0;
        if (q.Length != arity)
            throw new FormatException(Invariant($"{name} acts on {arity} qubit(s); got {q.Length}"));
        if (args.Length != angleCount)
            throw new FormatException(Invariant($"{name} takes {angleCount} angle(s); got {args.Length}"));
        switch (name)
        {
            case "rx": c.RX(q[0], Angle(s, args[0])); break;
            case "ry": c.RY(q[0], Angle(s, args[0])); break;
            case "rz": c.RZ(q[0], Angle(s, args[0])); break;
            case "h": c.H(q[0]); break;
            case "x": c.X(q[0]); break;
            case "y": c.Y(q[0]); break;
            case "z": c.Z(q[0]); break;
            case "s": c.S(q[0]); break;
            case "t": c.T(q[0]); break;
            case "id": break;
            case "sdg": c.Unitary(q[0], 1, 0, 0, -Complex.ImaginaryOne); break;
            case "tdg": c.Unitary(q[0], 1, 0, 0, Complex.FromPolarCoordinates(1, -Math.PI / 4)); break;
            case "p": c.Unitary(q[0], 1, 0, 0, Complex.FromPolarCoordinates(1, Constant(s, args[0]))); break;
            case "cx" or "CX":
                if (q[0] == q[1])
                    throw new FormatException("cx needs two different qubits");
                c.CNOT(q[0], q[1]);
                break;
            case "cz":
                if (q[0] == q[1])
                    throw new FormatException("cz needs two different qubits");
                c.CZ(q[0], q[1]);
                break;
            case "U":
                double theta = Constant(s, args[0]), phi = Constant(s, args[1]), lambda = Constant(s, args[2]);
                double cos = Math.Cos(theta / 2), sin = Math.Sin(theta / 2);
                c.Unitary(q[0], cos, -Complex.FromPolarCoordinates(sin, lambda),
                    Complex.FromPolarCoordinates(sin, phi), Complex.FromPolarCoordinates(cos, phi + lambda));
                break;
            case "gphase":
                // A global phase changes no measurement; kept as e^{i a} I on qubit 0 so the unitary is exact.
                Complex phase = Complex.FromPolarCoordinates(1, Constant(s, args[0]));
                c.Unitary(0, phase, 0, 0, phase);
                break;
        }
    }

    /// <summary>An angle: a bare input name, or a constant expression.</summary>
    private static Angle Angle(ReaderState s, string expression)
    {
        string e = expression.Trim();
        int input = s.Inputs.IndexOf(e);
        return input >= 0 ? Quantum.Angle.Input(input) : Quantum.Angle.Constant(Constant(s, e));
    }

    private static double Constant(ReaderState s, string expression)
    {
        var parser = new ExpressionParser(expression, s.Inputs);
        double value = parser.Parse();
        if (!double.IsFinite(value))
            throw new FormatException($"angle '{expression.Trim()}' is not finite");
        return value;
    }

    private static int[] Operands(ReaderState s, string text, bool allowWholeRegister)
    {
        var result = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            Match m = Regex.Match(part, @"^([A-Za-z_]\w*)\s*(?:\[\s*(\d+)\s*\])?$");
            if (!m.Success || m.Groups[1].Value != s.Register)
                throw new FormatException($"operand '{part}' is not a qubit of register '{s.Register}'");
            int n = s.Circuit!.QubitCount;
            if (!m.Groups[2].Success)
            {
                if (!allowWholeRegister)
                    throw new FormatException($"operand '{part}' names the whole register; give one qubit such as {s.Register}[0]");
                result.AddRange(Enumerable.Range(0, n));
                continue;
            }
            if (!int.TryParse(m.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int k) || k >= n)
                throw new FormatException(Invariant($"qubit {part} is out of range; the register has {n} qubits"));
            result.Add(k);
        }
        return result.ToArray();
    }

    private static string[] SplitArguments(string text)
    {
        var parts = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')') depth--;
            else if (text[i] == ',' && depth == 0)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }
        parts.Add(text[start..]);
        return parts.Select(p => p.Trim()).Where(p => p.Length > 0).ToArray();
    }

    /// <summary>Statements split on ';' with comments removed, each with the line it starts on.</summary>
    private static IEnumerable<(string Statement, int Line)> Statements(string text)
    {
        string clean = Regex.Replace(text, @"/\*.*?\*/|//[^\n]*", m => new string('\n', m.Value.Count(ch => ch == '\n')), RegexOptions.Singleline);
        int line = 1, start = 0;
        for (int i = 0; i < clean.Length; i++)
        {
            if (clean[i] != ';')
                continue;
            string raw = clean[start..i];
            string statement = raw.Trim();
            int statementLine = line + raw[..(raw.Length - raw.TrimStart().Length)].Count(ch => ch == '\n');
            line += raw.Count(ch => ch == '\n');
            start = i + 1;
            if (statement.Length > 0)
                yield return (Regex.Replace(statement, @"\s+", " "), statementLine);
        }
        if (clean[start..].Trim().Length > 0)
            throw new FormatException(Invariant($"OpenQASM line {line + clean[start..].TakeWhile(char.IsWhiteSpace).Count(ch => ch == '\n')}: the last statement has no ';'."));
    }

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "...";

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex IdentifierPattern();

    private sealed class ReaderState
    {
        public bool VersionSeen { get; set; }
        public List<string> Inputs { get; } = new();
        public List<int> Measured { get; } = new();
        public QuantumCircuit? Circuit { get; set; }
        public string Register { get; set; } = "";
    }
}
