using Qhml.MLNet.Quantum;
using Qhml.MLNet.Quantum.Hardware;

namespace Qhml.MLNet.Tests.Quantum.Hardware;

public class NoiseChannelTests
{
    [Theory]
    [InlineData(0.3, 0.0)]
    [InlineData(0.3, 0.01)]
    [InlineData(2.1, 0.2)]
    [InlineData(-1.2, 0.75)]
    public void SingleQubitDepolarizingScalesZByOneMinusFourThirdsP(double theta, double p)
    {
        var circuit = new QuantumCircuit(1).RX(0, theta);
        var noise = new NoiseModel { SingleQubitDepolarizing = p };
        Assert.Equal((1 - 4 * p / 3) * Math.Cos(theta), DensityMatrixSimulator.ExpectationsZ(circuit, [], [], noise)[0], 12);

        // Two gates: each is followed by the channel; RX(a) RX(b) = RX(a + b).
        circuit.RX(0, 0.4);
        Assert.Equal(Math.Pow(1 - 4 * p / 3, 2) * Math.Cos(theta + 0.4), DensityMatrixSimulator.ExpectationsZ(circuit, [], [], noise)[0], 12);
    }

    [Theory]
    [InlineData(0.7, 0.001, 0.01)]
    [InlineData(1.9, 0.02, 0.005)]
    [InlineData(2.8, 0.1, 0.3)]
    public void TwoQubitDepolarizingAfterCnotScalesByOneMinusSixteenFifteenthsP(double theta, double p1, double p2)
    {
        // RX(theta) on q0, CNOT(0 -> 1): noiseless <Z0> = <Z1> = cos theta. The 1-qubit channel scales <Z0> by
        // 1 - 4p1/3; the CNOT maps Z0 -> Z0 and Z1 -> Z0 Z1 (q1 in |0>); the 2-qubit channel then scales every
        // non-identity Pauli by 1 - 16p2/15.
        var circuit = new QuantumCircuit(2).RX(0, theta).CNOT(0, 1);
        var z = DensityMatrixSimulator.ExpectationsZ(circuit, [], [], new NoiseModel { SingleQubitDepolarizing = p1, TwoQubitDepolarizing = p2 });
        double expected = (1 - 16 * p2 / 15) * (1 - 4 * p1 / 3) * Math.Cos(theta);
        Assert.Equal(expected, z[0], 12);
        Assert.Equal(expected, z[1], 12);

        // A CNOT ladder on 3 qubits: Z2 ends as Z1 Z2 of the first stage (scaled once), then the second pair's
        // channel scales it again; Z0 is the identity on the second pair, so only the first channel touches it.
        var ladder = new QuantumCircuit(3).RX(0, theta).CNOT(0, 1).CNOT(1, 2);
        var zl = DensityMatrixSimulator.ExpectationsZ(ladder, [], [], new NoiseModel { TwoQubitDepolarizing = p2 });
        double f = 1 - 16 * p2 / 15;
        Assert.Equal(f * f * Math.Cos(theta), zl[2], 12);
        Assert.Equal(f * f * Math.Cos(theta), zl[1], 12);
        Assert.Equal(f * Math.Cos(theta), zl[0], 12);
    }

    [Theory]
    [InlineData(1.1, 0.2, 0.0)]
    [InlineData(2.5, 0.05, 0.1)]
    public void AmplitudeDampingAndReadoutFlipFollowTheirClosedForms(double theta, double gamma, double readout)
    {
        // RY(theta)|0>: P(1) = sin^2(theta/2); damping keeps (1 - gamma) of it; a readout flip scales <Z> by 1 - 2r.
        var circuit = new QuantumCircuit(1).RY(0, theta);
        double z = DensityMatrixSimulator.ExpectationsZ(circuit, [], [], new NoiseModel { AmplitudeDamping = gamma, ReadoutFlip = readout })[0];
        double s = Math.Sin(theta / 2);
        Assert.Equal((1 - 2 * readout) * (1 - 2 * (1 - gamma) * s * s), z, 12);

        // Damping twice from |1>: P(1) = (1 - gamma)^2.
        var flip = new QuantumCircuit(1).X(0).Z(0);
        Assert.Equal(1 - 2 * Math.Pow(1 - gamma, 2), DensityMatrixSimulator.ExpectationsZ(flip, [], [], new NoiseModel { AmplitudeDamping = gamma })[0], 12);
    }

    [Fact]
    public void NoiselessDensityMatrixMatchesTheStateVector()
    {
        var rng = new Random(8);
        for (int trial = 0; trial < 10; trial++)
        {
            var circuit = RandomCircuits.Create(rng, qubits: 1 + trial % 5, gates: 25, parameters: 2, inputs: 2);
            double[] parameters = [0.4, -2.1], inputs = [1.3, 0.2];
            OpenQasmRoundTripTests.AssertClose(circuit.Simulate(parameters, inputs).ExpectationsZ(),
                DensityMatrixSimulator.ExpectationsZ(circuit, parameters, inputs, new NoiseModel()), 1e-12);
        }
    }

    [Fact]
    public void DensityMatrixStaysATraceOneStateUnderEveryChannel()
    {
        var circuit = HardwareEfficientAnsatz.Create(new() { Qubits = 4, Layers = 2, Entangler = Entangler.CzRing });
        var rng = new Random(2);
        double[] parameters = Enumerable.Range(0, circuit.ParameterCount).Select(_ => rng.NextDouble() * 6 - 3).ToArray();
        double[] p = DensityMatrixSimulator.Probabilities(circuit, parameters, [0.1, 0.9, -1.4, 2.2],
            new NoiseModel { SingleQubitDepolarizing = 0.05, TwoQubitDepolarizing = 0.2, AmplitudeDamping = 0.1 });
        Assert.Equal(1.0, p.Sum(), 12);
        Assert.All(p, v => Assert.True(v >= -1e-15, $"negative probability {v}"));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void TrajectoriesAgreeWithTheDensityMatrixWithinTheirStandardError(int qubits)
    {
        var noise = new NoiseModel { SingleQubitDepolarizing = 0.05, TwoQubitDepolarizing = 0.15, AmplitudeDamping = 0.08, ReadoutFlip = 0.03 };
        var rng = new Random(qubits);
        for (int trial = 0; trial < 3; trial++)
        {
            var circuit = RandomCircuits.Create(rng, qubits, gates: 20, parameters: 2, inputs: 1);
            double[] parameters = [1.1, -0.6], inputs = [2.0];
            double[] exact = DensityMatrixSimulator.ExpectationsZ(circuit, parameters, inputs, noise);
            var (mean, error) = TrajectorySimulator.ExpectationsZ(circuit, parameters, inputs, noise, trajectories: 4000, seed: (ulong)trial);
            for (int q = 0; q < qubits; q++)
                Assert.True(Math.Abs(mean[q] - exact[q]) <= 4.5 * error[q] + 1e-12,
                    $"trial {trial}, qubit {q}: trajectories {mean[q]:F4} +- {error[q]:F4}, density matrix {exact[q]:F4}");
        }

        // And without noise one trajectory is the exact state vector.
        var plain = RandomCircuits.Create(rng, qubits, gates: 20, parameters: 0, inputs: 0);
        OpenQasmRoundTripTests.AssertClose(plain.Simulate().ExpectationsZ(),
            TrajectorySimulator.ExpectationsZ(plain, [], [], new NoiseModel(), 1, 0).Mean, 1e-12);
    }

    [Theory]
    [InlineData(nameof(NoiseModel.SingleQubitDepolarizing), -0.01)]
    [InlineData(nameof(NoiseModel.TwoQubitDepolarizing), 1.5)]
    [InlineData(nameof(NoiseModel.AmplitudeDamping), double.NaN)]
    [InlineData(nameof(NoiseModel.ReadoutFlip), 2.0)]
    public void RatesOutsideZeroOneAreRejectedByName(string name, double rate)
    {
        var noise = name switch
        {
            nameof(NoiseModel.SingleQubitDepolarizing) => new NoiseModel { SingleQubitDepolarizing = rate },
            nameof(NoiseModel.TwoQubitDepolarizing) => new NoiseModel { TwoQubitDepolarizing = rate },
            nameof(NoiseModel.AmplitudeDamping) => new NoiseModel { AmplitudeDamping = rate },
            _ => new NoiseModel { ReadoutFlip = rate },
        };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => DensityMatrixSimulator.ExpectationsZ(new QuantumCircuit(1).H(0), [], [], noise));
        MessageAssert.Mentions(e, "NoiseModel." + name, "[0, 1]");
        Assert.Throws<ArgumentOutOfRangeException>(() => TrajectorySimulator.ExpectationsZ(new QuantumCircuit(1).H(0), [], [], noise, 10, 1));
    }
}
