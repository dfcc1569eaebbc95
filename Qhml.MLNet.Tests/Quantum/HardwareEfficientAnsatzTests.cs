using Qhml.MLNet.Quantum;

namespace Qhml.MLNet.Tests.Quantum;

public class HardwareEfficientAnsatzTests
{
    public static TheoryData<RotationAxis, Entangler, bool> AllOptions()
    {
        var data = new TheoryData<RotationAxis, Entangler, bool>();
        foreach (RotationAxis axis in Enum.GetValues<RotationAxis>())
        {
            foreach (Entangler e in Enum.GetValues<Entangler>())
            {
                data.Add(axis, e, false);
                data.Add(axis, e, true);
            }
        }

        return data;
    }

    /// <summary>
    /// Design rule: no trainable parameter is wasted. For random parameters and inputs, every parameter
    /// moves some &lt;Z_k&gt; (non-zero column of the Jacobian), for every template option and size.
    /// </summary>
    [Theory]
    [MemberData(nameof(AllOptions))]
    public void EveryParameterChangesTheOutput(RotationAxis encoding, Entangler entangler, bool reupload)
    {
        foreach (int qubits in new[] { 1, 2, 3, 5 })
        {
            foreach (int layers in new[] { 1, 2, 3 })
            {
                var options = new HardwareEfficientAnsatz.Options
                {
                    Qubits = qubits, Layers = layers, Encoding = encoding, Entangler = entangler, DataReuploading = reupload,
                };
                var circuit = HardwareEfficientAnsatz.Create(options);
                Assert.Equal(2 * qubits * layers, circuit.ParameterCount);
                Assert.Equal(qubits, circuit.InputCount);
                var rng = new Random(qubits * 100 + layers);
                for (int trial = 0; trial < 2; trial++)
                {
                    double[] theta = RandomCircuits.Uniform(rng, circuit.ParameterCount, Math.PI);
                    double[] x = RandomCircuits.Uniform(rng, qubits, Math.PI);
                    double[] column = MaxAbsJacobianColumns(circuit, theta, x);
                    for (int p = 0; p < column.Length; p++)
                        Assert.True(column[p] > 1e-6, $"{options.Encoding}/{options.Entangler}/reupload={reupload} n={qubits} L={layers}: parameter {p} ({circuit.Gates.First(gt => gt.Angle == Angle.Parameter(p))}) has zero gradient");
                    double[] inputs = MaxAbsJacobianColumns(circuit, theta, x, inputs: true);
                    Assert.All(inputs, d => Assert.True(d > 1e-6));
                }
            }
        }
    }

    [Fact]
    public void CheckDetectsAWastedParameter()
    {
        // An RZ right before CNOTs and Z measurement cannot change any <Z>: the check above must see that.
        var c = new QuantumCircuit(2).RY(0, Angle.Input(0)).RY(1, Angle.Input(1))
            .RY(0, Angle.Parameter(0)).RZ(1, Angle.Parameter(1)).CNOT(0, 1).RZ(0, Angle.Parameter(2));
        double[] column = MaxAbsJacobianColumns(c, new[] { 0.3, 0.8, -1.2 }, new[] { 0.5, 1.1 });
        Assert.True(column[0] > 1e-3);
        Assert.Equal(0, column[1], 1e-15);
        Assert.Equal(0, column[2], 1e-15);
    }

    [Fact]
    public void LayoutAndGatesMatchTheDocumentation()
    {
        var c = HardwareEfficientAnsatz.Create(new HardwareEfficientAnsatz.Options
        {
            Qubits = 3, Layers = 2, Encoding = RotationAxis.Z, Entangler = Entangler.CnotRing, DataReuploading = true,
        });
        // Per layer: 3 x (H, RZ(input)), 3 RX, 3 RY, 3 CNOT.
        Assert.Equal(2 * 15, c.Gates.Count);
        Assert.Equal(GateKind.H, c.Gates[0].Kind);
        Assert.Equal(Angle.Input(0), c.Gates[1].Angle);
        Assert.Equal(GateKind.RX, c.Gates[6].Kind);
        Assert.Equal(Angle.Parameter(HardwareEfficientAnsatz.ParameterIndex(3, 0, 0, 0)), c.Gates[6].Angle);
        Assert.Equal(GateKind.RY, c.Gates[9].Kind);
        Assert.Equal(Angle.Parameter(3), c.Gates[9].Angle);
        Assert.Equal(GateKind.CNOT, c.Gates[14].Kind);
        Assert.Equal((2, 0), (c.Gates[14].Qubit, c.Gates[14].SecondQubit));
        Assert.Equal(Angle.Parameter(6), c.Gates[21].Angle);
        Assert.Equal((RotationAxis.Z, RotationAxis.Y), HardwareEfficientAnsatz.LayerRotations(RotationAxis.Y));
        Assert.Throws<ArgumentException>(() => HardwareEfficientAnsatz.Create(new HardwareEfficientAnsatz.Options { Layers = 0 }));
        Assert.Throws<ArgumentException>(() => HardwareEfficientAnsatz.Create(new HardwareEfficientAnsatz.Options { Qubits = 25 }));
    }

    /// <summary>max over k of |d&lt;Z_k&gt;/d(parameter or input)|, by adjoint differentiation.</summary>
    private static double[] MaxAbsJacobianColumns(QuantumCircuit circuit, double[] theta, double[] x, bool inputs = false)
    {
        var ev = new CircuitEvaluator(circuit);
        var result = new double[inputs ? ev.InputCount : ev.ParameterCount];
        for (int k = 0; k < circuit.QubitCount; k++)
        {
            var g = new double[circuit.QubitCount];
            g[k] = 1;
            var pg = new double[ev.ParameterCount];
            var ig = new double[ev.InputCount];
            ev.Gradient(theta, x, g, pg, ig);
            double[] row = inputs ? ig : pg;
            for (int p = 0; p < row.Length; p++)
                result[p] = Math.Max(result[p], Math.Abs(row[p]));
        }

        return result;
    }
}
