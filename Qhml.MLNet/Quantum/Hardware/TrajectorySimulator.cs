using System.Numerics;

namespace Qhml.MLNet.Quantum.Hardware;

/// <summary>
/// Noisy simulation by seeded quantum trajectories: each trajectory is a state vector that, after every gate,
/// draws one Kraus branch of each channel of the <see cref="NoiseModel"/> (a random Pauli for depolarizing,
/// decay or no decay for amplitude damping). The mean over trajectories converges to the density-matrix result
/// (<see cref="DensityMatrixSimulator"/>) at 1/sqrt(trajectories); memory stays 2^n.
/// </summary>
public static class TrajectorySimulator
{
    /// <summary>Mean &lt;Z_q&gt; over <paramref name="trajectories"/> trajectories, readout flips included, and its standard error.</summary>
    /// <param name="circuit">The circuit.</param>
    /// <param name="parameters">Its parameter values.</param>
    /// <param name="inputs">One sample's inputs.</param>
    /// <param name="noise">Gate and readout noise (validated).</param>
    /// <param name="trajectories">Number of trajectories, at least 1.</param>
    /// <param name="seed">Seed: the same seed gives the same result.</param>
    /// <returns>The n means and their standard errors (0 with one trajectory).</returns>
    public static (double[] Mean, double[] StandardError) ExpectationsZ(QuantumCircuit circuit, ReadOnlySpan<double> parameters,
        ReadOnlySpan<double> inputs, NoiseModel noise, int trajectories, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(noise);
        noise.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(trajectories, 1);
        CircuitArguments.Check(circuit, parameters, inputs);
        int n = circuit.QubitCount;
        var sum = new double[n];
        var sumSquares = new double[n];
        var state = new Complex[1 << n];
        var rng = new SplitMix64(seed);
        double readout = 1 - 2 * noise.ReadoutFlip;
        for (int t = 0; t < trajectories; t++)
        {
            Array.Clear(state);
            state[0] = 1;
            foreach (QuantumGate gate in circuit.Gates)
                ApplyNoisyGate(state, n, gate, parameters, inputs, noise, ref rng);
            for (int q = 0; q < n; q++)
            {
                double z = readout * ExpectationZ(state, n, q);
                sum[q] += z;
                sumSquares[q] += z * z;
            }
        }
        var mean = new double[n];
        var error = new double[n];
        for (int q = 0; q < n; q++)
        {
            mean[q] = sum[q] / trajectories;
            double variance = trajectories > 1 ? Math.Max(0, (sumSquares[q] - trajectories * mean[q] * mean[q]) / (trajectories - 1)) : 0;
            error[q] = Math.Sqrt(variance / trajectories);
        }
        return (mean, error);
    }

    private static void ApplyNoisyGate(Complex[] state, int n, QuantumGate gate, ReadOnlySpan<double> parameters,
        ReadOnlySpan<double> inputs, NoiseModel noise, ref SplitMix64 rng)
    {
        if (GateMatrix.IsTwoQubit(gate))
        {
            int a = gate.Qubit, b = gate.SecondQubit;
            if (gate.Kind == GateKind.CNOT)
                Controlled(state, n, a, b, 0, 1, 1, 0);
            else
                Controlled(state, n, a, b, 1, 0, 0, -1);
            if (noise.TwoQubitDepolarizing > 0 && rng.NextDouble() < noise.TwoQubitDepolarizing)
            {
                int pauli = 1 + (int)(rng.NextDouble() * 15); // one of the 15 non-identity pairs
                ApplyPauli(state, n, a, pauli >> 2);
                ApplyPauli(state, n, b, pauli & 3);
            }
            if (noise.AmplitudeDamping > 0)
            {
                Damp(state, n, a, noise.AmplitudeDamping, ref rng);
                Damp(state, n, b, noise.AmplitudeDamping, ref rng);
            }
            return;
        }
        var u = GateMatrix.Of(gate, GateMatrix.Resolve(gate.Angle, parameters, inputs));
        Apply(state, n, gate.Qubit, u.U00, u.U01, u.U10, u.U11);
        if (noise.SingleQubitDepolarizing > 0 && rng.NextDouble() < noise.SingleQubitDepolarizing)
            ApplyPauli(state, n, gate.Qubit, 1 + (int)(rng.NextDouble() * 3));
        if (noise.AmplitudeDamping > 0)
            Damp(state, n, gate.Qubit, noise.AmplitudeDamping, ref rng);
    }

    /// <summary>Pauli 0 = I, 1 = X, 2 = Y, 3 = Z.</summary>
    private static void ApplyPauli(Complex[] state, int n, int qubit, int pauli)
    {
        switch (pauli)
        {
            case 1: Apply(state, n, qubit, 0, 1, 1, 0); break;
            case 2: Apply(state, n, qubit, 0, -Complex.ImaginaryOne, Complex.ImaginaryOne, 0); break;
            case 3: Apply(state, n, qubit, 1, 0, 0, -1); break;
        }
    }

    /// <summary>Decays |1&gt; to |0&gt; with probability gamma P(1), else applies K0; renormalizes.</summary>
    private static void Damp(Complex[] state, int n, int qubit, double gamma, ref SplitMix64 rng)
    {
        int m = 1 << (n - 1 - qubit);
        double one = 0;
        for (int k = 0; k < state.Length; k++)
        {
            if ((k & m) != 0)
                one += state[k].Real * state[k].Real + state[k].Imaginary * state[k].Imaginary;
        }
        bool decay = rng.NextDouble() < gamma * one;
        double norm = decay ? 1 / Math.Sqrt(one) : 1 / Math.Sqrt(1 - gamma * one);
        double root = Math.Sqrt(1 - gamma);
        for (int k = 0; k < state.Length; k++)
        {
            if ((k & m) != 0)
                continue;
            if (decay)
            {
                state[k] = state[k | m] * norm;
                state[k | m] = 0;
            }
            else
            {
                state[k] *= norm;
                state[k | m] *= root * norm;
            }
        }
    }

    private static void Apply(Complex[] state, int n, int qubit, Complex a, Complex b, Complex c, Complex d)
    {
        int m = 1 << (n - 1 - qubit);
        for (int k = 0; k < state.Length; k++)
        {
            if ((k & m) != 0)
                continue;
            Complex x = state[k], y = state[k | m];
            state[k] = a * x + b * y;
            state[k | m] = c * x + d * y;
        }
    }

    /// <summary>Applies [[a, b], [c, d]] to <paramref name="target"/> where <paramref name="control"/> is 1.</summary>
    private static void Controlled(Complex[] state, int n, int control, int target, Complex a, Complex b, Complex c, Complex d)
    {
        int mc = 1 << (n - 1 - control), mt = 1 << (n - 1 - target);
        for (int k = 0; k < state.Length; k++)
        {
            if ((k & mc) == 0 || (k & mt) != 0)
                continue;
            Complex x = state[k], y = state[k | mt];
            state[k] = a * x + b * y;
            state[k | mt] = c * x + d * y;
        }
    }

    private static double ExpectationZ(Complex[] state, int n, int qubit)
    {
        int m = 1 << (n - 1 - qubit);
        double z = 0;
        for (int k = 0; k < state.Length; k++)
        {
            double p = state[k].Real * state[k].Real + state[k].Imaginary * state[k].Imaginary;
            z += (k & m) == 0 ? p : -p;
        }
        return z;
    }
}
