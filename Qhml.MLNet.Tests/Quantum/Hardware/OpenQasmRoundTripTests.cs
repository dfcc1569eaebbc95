using System.Numerics;
using Qhml.MLNet.Quantum;
using Qhml.MLNet.Quantum.Hardware;

namespace Qhml.MLNet.Tests.Quantum.Hardware;

public class OpenQasmRoundTripTests
{
    public static TheoryData<RotationAxis, Entangler, bool> Ansatzes()
    {
        var data = new TheoryData<RotationAxis, Entangler, bool>();
        foreach (RotationAxis axis in Enum.GetValues<RotationAxis>())
            foreach (Entangler entangler in Enum.GetValues<Entangler>())
                data.Add(axis, entangler, entangler == Entangler.CnotRing);
        return data;
    }

    [Theory]
    [MemberData(nameof(Ansatzes))]
    public void ExportedAnsatzReadsBackToTheSameExpectations(RotationAxis encoding, Entangler entangler, bool reUploading)
    {
        var rng = new Random(5);
        var ansatz = HardwareEfficientAnsatz.Create(new() { Qubits = 5, Layers = 3, Encoding = encoding, Entangler = entangler, DataReuploading = reUploading });
        double[] parameters = Enumerable.Range(0, ansatz.ParameterCount).Select(_ => (rng.NextDouble() * 2 - 1) * 3).ToArray();
        double[] inputs = Enumerable.Range(0, ansatz.InputCount).Select(_ => (rng.NextDouble() * 2 - 1) * 3).ToArray();

        string qasm = OpenQasmWriter.Write(ansatz, new OpenQasmWriterOptions { Parameters = parameters });
        OpenQasmProgram program = OpenQasmReader.Read(qasm);

        Assert.Equal(Enumerable.Range(0, 5).Select(j => $"x_{j}"), program.InputNames);
        Assert.Equal(Enumerable.Range(0, 5), program.MeasuredQubits);
        Assert.Equal(0, program.Circuit.ParameterCount);
        AssertClose(ansatz.Simulate(parameters, inputs).ExpectationsZ(), program.Circuit.Simulate([], inputs).ExpectationsZ(), 1e-10);
    }

    [Fact]
    public void RandomCircuitsWithEveryGateKindRoundTripAmplitudesIncludingGlobalPhase()
    {
        var rng = new Random(11);
        for (int trial = 0; trial < 20; trial++)
        {
            var circuit = RandomCircuits.Create(rng, qubits: 1 + trial % 4, gates: 30, parameters: 3, inputs: 2);
            double[] parameters = [0.3, -1.7, 2.9];
            double[] inputs = [0.8, -2.2];
            string qasm = OpenQasmWriter.Write(circuit, new OpenQasmWriterOptions { Parameters = parameters, InputNames = ["alpha", "beta"] });
            var back = OpenQasmReader.Read(qasm).Circuit;
            Complex[] expected = circuit.Simulate(parameters, inputs).ToArray();
            Complex[] actual = back.Simulate([], inputs).ToArray();
            for (int k = 0; k < expected.Length; k++)
                Assert.True((expected[k] - actual[k]).Magnitude < 1e-10, $"trial {trial}, amplitude {k}: {expected[k]} vs {actual[k]}\n{qasm}");
        }
    }

    [Fact]
    public void BoundInputsAreWrittenAsConstantsWithoutInputDeclarations()
    {
        var ansatz = HardwareEfficientAnsatz.Create(new() { Qubits = 3, Layers = 2 });
        double[] parameters = Enumerable.Range(0, ansatz.ParameterCount).Select(i => 0.1 * i - 0.4).ToArray();
        double[] inputs = [0.25, -1.5, 2.75];
        string qasm = OpenQasmWriter.Write(ansatz, new OpenQasmWriterOptions { Parameters = parameters, BoundInputs = inputs });

        Assert.DoesNotContain("input", qasm);
        Assert.Contains("ry(-1.5) q[1];", qasm);
        var program = OpenQasmReader.Read(qasm);
        Assert.Equal(0, program.Circuit.InputCount);
        AssertClose(ansatz.Simulate(parameters, inputs).ExpectationsZ(), program.Circuit.Simulate().ExpectationsZ(), 1e-10);
    }

    [Fact]
    public void ProgramTextFollowsTheDocumentedLayoutAndQubitOrder()
    {
        var circuit = new QuantumCircuit(2).RY(0, Angle.Input(0)).X(0).CNOT(0, 1).RZ(1, 0.5);
        string qasm = OpenQasmWriter.Write(circuit);

        string[] lines = qasm.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("OPENQASM 3.0;", lines[0]);
        Assert.Equal("include \"stdgates.inc\";", lines[1]);
        Assert.Equal(
            ["input float[64] x_0;", "qubit[2] q;", "bit[2] c;", "ry(x_0) q[0];", "x q[0];", "cx q[0], q[1];", "rz(0.5) q[1];", "c[0] = measure q[0];", "c[1] = measure q[1];"],
            lines.Where(l => !l.StartsWith("//", StringComparison.Ordinal)).Skip(2));

        // X on q[0] with the input at 0: |10>, which is basis index 2 here (qubit 0 = most significant bit);
        // the CNOT then gives |11> = 3.
        var back = OpenQasmReader.Read(qasm).Circuit;
        QuantumState state = back.Simulate([], [0.0]);
        Assert.Equal(1.0, state.Probability(3), 12);
        Assert.Equal(new[] { -1.0, -1.0 }, state.ExpectationsZ().Select(z => Math.Round(z, 12)));
    }

    [Fact]
    public void NumbersAreWrittenInvariantAndRoundTripExactly()
    {
        var circuit = new QuantumCircuit(1).RX(0, 1.25e-7).RY(0, -2.5e10 % 6.0).RZ(0, Math.PI);
        string qasm;
        using (new DecimalCommaCulture())
            qasm = OpenQasmWriter.Write(circuit);

        Assert.Contains("rx(1.25E-07) q[0];", qasm);
        var back = OpenQasmReader.Read(qasm).Circuit;
        Assert.Equal(circuit.Gates.Select(g => g.Angle.Value), back.Gates.Select(g => g.Angle.Value));
    }

    [Fact]
    public void ReaderAcceptsHandWrittenExpressionsAndOpenQasm2StyleRegisters()
    {
        const string qasm = """
            OPENQASM 3;
            include "stdgates.inc";
            /* a block
               comment */
            input float theta;
            qreg r[2];
            creg m[2];
            h r[0];            // comment
            rz(-pi / 2 + 2 * (0.25)) r[0];
            CX r[0], r[1];
            ry(theta) r[1];
            barrier r[0], r[1];
            measure r[0] -> m[0];
            m[1] = measure r[1];
            """;
        var program = OpenQasmReader.Read(qasm);
        var expected = new QuantumCircuit(2).H(0).RZ(0, -Math.PI / 2 + 0.5).CNOT(0, 1).RY(1, Angle.Input(0));
        Assert.Equal(["theta"], program.InputNames);
        Assert.Equal([0, 1], program.MeasuredQubits);
        AssertClose(expected.Simulate([], [0.7]).ExpectationsZ(), program.Circuit.Simulate([], [0.7]).ExpectationsZ(), 1e-14);
    }

    [Theory]
    [InlineData("qubit[1] q;\nh q[0];", "line 1", "OPENQASM 3.0")]
    [InlineData("OPENQASM 2.0;\nqreg q[1];", "line 1", "only OpenQASM 3")]
    [InlineData("OPENQASM 3.0;\nqubit[2] q;\nccx q[0], q[1];", "line 3", "unsupported gate", "ccx")]
    [InlineData("OPENQASM 3.0;\nqubit[2] q;\n\nh q[2];", "line 4", "out of range", "2 qubits")]
    [InlineData("OPENQASM 3.0;\ninput float a;\nqubit[1] q;\nrx(2*a) q[0];", "line 4", "input 'a'")]
    [InlineData("OPENQASM 3.0;\nqubit[1] q;\nrx(0.5) q[0]", "line 3", "no ';'")]
    [InlineData("OPENQASM 3.0;\nqubit[1] q;\nrx(nan) q[0];", "line 3", "unknown name 'nan'")]
    [InlineData("OPENQASM 3.0;\ninclude \"mygates.inc\";", "line 2", "stdgates.inc")]
    [InlineData("OPENQASM 3.0;\nh q[0];", "line 2", "before the qubit register")]
    [InlineData("OPENQASM 3.0;\nqubit[2] q;\ncx q[1], q[1];", "line 3", "two different qubits")]
    public void MalformedProgramsAreRejectedWithTheirLine(string qasm, params string[] mentions)
    {
        var e = Assert.Throws<FormatException>(() => OpenQasmReader.Read(qasm));
        MessageAssert.Mentions(e, mentions);
    }

    [Fact]
    public void WriterRejectsMissingParametersAndBadInputNames()
    {
        var circuit = new QuantumCircuit(1).RY(0, Angle.Parameter(0)).RX(0, Angle.Input(0));
        MessageAssert.Mentions(Assert.Throws<ArgumentException>(() => OpenQasmWriter.Write(circuit)), "1 trainable parameters", "0 values");
        MessageAssert.Mentions(Assert.Throws<ArgumentException>(() => OpenQasmWriter.Write(circuit, new() { Parameters = [double.NaN] })), "Parameters[0]", "finite");
        MessageAssert.Mentions(Assert.Throws<ArgumentException>(() => OpenQasmWriter.Write(circuit, new() { Parameters = [1], InputNames = ["rx"] })), "'rx'", "identifier");
        MessageAssert.Mentions(Assert.Throws<ArgumentException>(() => OpenQasmWriter.Write(circuit, new() { Parameters = [1], InputNames = ["2x"] })), "'2x'");
    }

    internal static void AssertClose(double[] expected, double[] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"index {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }
}
