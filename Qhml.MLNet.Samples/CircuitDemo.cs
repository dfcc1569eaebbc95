using System.Globalization;
using Qhml.MLNet.Quantum;

namespace Qhml.MLNet.Samples;

/// <summary>Interim console demo of the state-vector simulator (Bell state, reference circuit, 8q x 3L ansatz).</summary>
internal static class CircuitDemo
{
    public static void Run(TextWriter output)
    {
        var ci = CultureInfo.InvariantCulture;

        output.WriteLine("Bell state H(0) CNOT(0,1), amplitudes by basis index |q0 q1>:");
        var bell = new QuantumCircuit(2).H(0).CNOT(0, 1).Simulate();
        for (int i = 0; i < bell.Dimension; i++)
            output.WriteLine(string.Format(ci, "  |{0}>  {1,9:F6} {2:+0.000000;-0.000000}i", Convert.ToString(i, 2).PadLeft(2, '0'), bell[i].Real, bell[i].Imaginary));

        // 4-qubit reference circuit with its six angles as trainable parameters.
        double[] angles = { 0.3, -1.1, 2.0, 0.7, 0.5, 1.3 };
        var reference = new QuantumCircuit(4)
            .RY(0, Angle.Parameter(0)).RY(1, Angle.Parameter(1)).RY(2, Angle.Parameter(2)).RY(3, Angle.Parameter(3))
            .CNOT(0, 1).CNOT(1, 2).CNOT(2, 3)
            .RZ(1, Angle.Parameter(4)).RX(2, Angle.Parameter(5));
        var evaluator = new CircuitEvaluator(reference);
        var z = new double[4];
        evaluator.Forward(angles, ReadOnlySpan<double>.Empty, z);
        output.WriteLine();
        output.WriteLine("Reference circuit <Z0..Z3>: " + string.Join("  ", z.Select(v => Signed(v, 12))));
        output.WriteLine("Adjoint Jacobian d<Z_k>/d(angle), columns RY q0..q3, RZ q1, RX q2:");
        for (int k = 0; k < 4; k++)
        {
            var g = new double[4];
            g[k] = 1;
            var row = new double[6];
            evaluator.Gradient(angles, ReadOnlySpan<double>.Empty, g, row, Span<double>.Empty);
            output.WriteLine("  Z" + k.ToString(ci) + ": " + string.Join(" ", row.Select(v => Signed(v, 9))));
        }

        // The benchmark ansatz: 8 qubits, RY encoding, 3 layers of RZ/RY + CNOT ring.
        var ansatz = HardwareEfficientAnsatz.Create(new HardwareEfficientAnsatz.Options { Qubits = 8, Layers = 3 });
        var ansatzEvaluator = new CircuitEvaluator(ansatz);
        var rng = new Random(2024);
        double[] theta = Enumerable.Range(0, ansatzEvaluator.ParameterCount).Select(_ => rng.NextDouble() * 2 * Math.PI).ToArray();
        double[] x = Enumerable.Range(0, ansatzEvaluator.InputCount).Select(_ => rng.NextDouble() * Math.PI).ToArray();
        var e = new double[ansatzEvaluator.QubitCount];
        ansatzEvaluator.Forward(theta, x, e);
        output.WriteLine();
        output.WriteLine(string.Format(ci, "8q x 3L ansatz ({0} gates, {1} parameters), random input (seed 2024):", ansatz.Gates.Count, ansatzEvaluator.ParameterCount));
        output.WriteLine("  <Z>: " + string.Join(" ", e.Select(v => Signed(v, 4))));
    }

    /// <summary>Fixed-point with an explicit sign; values that round to zero print as +0 (no "-0").</summary>
    private static string Signed(double value, int decimals)
    {
        double rounded = Math.Round(value, decimals);
        string text = Math.Abs(rounded).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return (rounded < 0 ? "-" : "+") + text;
    }
}
