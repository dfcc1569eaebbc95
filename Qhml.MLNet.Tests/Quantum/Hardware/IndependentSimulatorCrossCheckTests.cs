using System.Diagnostics;
using System.Globalization;
using Qhml.MLNet.Quantum;
using Qhml.MLNet.Quantum.Hardware;

namespace Qhml.MLNet.Tests.Quantum.Hardware;

/// <summary>Our exported OpenQASM run by another simulator (npm quantum-circuit) gives our &lt;Z&gt;.</summary>
public class IndependentSimulatorCrossCheckTests
{
    [IndependentSimulatorFact]
    public void ExportedAnsatzWithBoundInputsGivesTheSameExpectationsInQuantumCircuit()
    {
        var rng = new Random(17);
        foreach (Entangler entangler in new[] { Entangler.CnotRing, Entangler.CzRing, Entangler.AllToAll })
        {
            var ansatz = HardwareEfficientAnsatz.Create(new() { Qubits = 5, Layers = 3, Entangler = entangler, Encoding = (RotationAxis)rng.Next(3) });
            double[] parameters = Enumerable.Range(0, ansatz.ParameterCount).Select(_ => rng.NextDouble() * 6 - 3).ToArray();
            double[] inputs = Enumerable.Range(0, 5).Select(_ => rng.NextDouble() * 6 - 3).ToArray();
            // A general unitary too, written as U + gphase.
            ansatz.Unitary(2, new(0.6, 0), new(0, 0.8), new(0, 0.8), new(0.6, 0));
            string path = Path.Combine(Path.GetTempPath(), "qhml-crosscheck-" + Guid.NewGuid().ToString("N") + ".qasm");
            File.WriteAllText(path, OpenQasmWriter.Write(ansatz, new OpenQasmWriterOptions { Parameters = parameters, BoundInputs = inputs }));
            try
            {
                double[] theirs = RunQuantumCircuit(path, 5);
                OpenQasmRoundTripTests.AssertClose(ansatz.Simulate(parameters, inputs).ExpectationsZ(), theirs, 1e-10);
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    private static double[] RunQuantumCircuit(string qasmPath, int qubits)
    {
        string folder = IndependentSimulatorFactAttribute.ScriptFolder!;
        var start = new ProcessStartInfo("node", ["crosscheck.mjs", qasmPath])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var node = Process.Start(start)!;
        string output = node.StandardOutput.ReadToEnd();
        string errors = node.StandardError.ReadToEnd();
        node.WaitForExit();
        Assert.True(node.ExitCode == 0, $"crosscheck.mjs failed ({node.ExitCode}): {errors}");
        var z = new double[qubits];
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = line.Split(' ');
            z[int.Parse(parts[0], CultureInfo.InvariantCulture)] = double.Parse(parts[1], CultureInfo.InvariantCulture);
        }
        return z;
    }
}
