using System.Numerics;
using Qhml.MLNet.Quantum;

namespace Qhml.MLNet.Tests.Quantum;

/// <summary>Random circuits with every gate kind, shared by the quantum tests.</summary>
internal static class RandomCircuits
{
    public static QuantumCircuit Create(Random rng, int qubits, int gates, int parameters, int inputs)
    {
        var c = new QuantumCircuit(qubits);
        // Use every parameter and input at least once so none is silently unused.
        for (int p = 0; p < parameters; p++)
            c.Rotation((RotationAxis)rng.Next(3), rng.Next(qubits), Angle.Parameter(p));
        for (int j = 0; j < inputs; j++)
            c.Rotation((RotationAxis)rng.Next(3), rng.Next(qubits), Angle.Input(j));
        for (int g = 0; g < gates; g++)
            AddRandomGate(rng, c, parameters, inputs);
        return c;
    }

    public static void AddRandomGate(Random rng, QuantumCircuit c, int parameters, int inputs)
    {
        int n = c.QubitCount;
        int q = rng.Next(n);
        int kind = rng.Next(n > 1 ? 12 : 10);
        switch (kind)
        {
            case 0:
            case 1:
            case 2:
                Angle angle = rng.Next(3) switch
                {
                    0 when parameters > 0 => Angle.Parameter(rng.Next(parameters)),
                    1 when inputs > 0 => Angle.Input(rng.Next(inputs)),
                    _ => (rng.NextDouble() * 2 - 1) * 4,
                };
                c.Rotation((RotationAxis)kind, q, angle);
                break;
            case 3: c.H(q); break;
            case 4: c.X(q); break;
            case 5: c.Y(q); break;
            case 6: c.Z(q); break;
            case 7: c.S(q); break;
            case 8: c.T(q); break;
            case 9:
                RandomUnitary(rng, out Complex a, out Complex b, out Complex cc, out Complex d);
                c.Unitary(q, a, b, cc, d);
                break;
            default:
                int other = (q + 1 + rng.Next(n - 1)) % n;
                if (kind == 10)
                    c.CNOT(q, other);
                else
                    c.CZ(q, other);
                break;
        }
    }

    /// <summary>e^{i alpha} RZ(beta) RY(gamma) RZ(delta), written out.</summary>
    public static void RandomUnitary(Random rng, out Complex u00, out Complex u01, out Complex u10, out Complex u11)
    {
        double alpha = rng.NextDouble() * 6, beta = rng.NextDouble() * 6, gamma = rng.NextDouble() * 6, delta = rng.NextDouble() * 6;
        Complex phase = Complex.FromPolarCoordinates(1, alpha);
        double c = Math.Cos(gamma / 2), s = Math.Sin(gamma / 2);
        u00 = phase * Complex.FromPolarCoordinates(c, -(beta + delta) / 2);
        u01 = phase * Complex.FromPolarCoordinates(-s, -(beta - delta) / 2);
        u10 = phase * Complex.FromPolarCoordinates(s, (beta - delta) / 2);
        u11 = phase * Complex.FromPolarCoordinates(c, (beta + delta) / 2);
    }

    /// <summary>The lane engine's forward pass of one full group (one sample per lane): its state holds the expectations.</summary>
    public static LaneState LaneForward(LaneProgram lanes, double[] theta, double[] x)
    {
        var laneWorkspace = new LaneWorkspace(lanes);
        var cos = new double[theta.Length];
        var sin = new double[theta.Length];
        for (int p = 0; p < theta.Length; p++)
            (sin[p], cos[p]) = Math.SinCos(0.5 * theta[p]);
        lanes.ResolveGroup(laneWorkspace.State, cos, sin, x, 0, LaneProgram.Lanes);
        lanes.Forward(laneWorkspace.State, laneWorkspace);
        return laneWorkspace.State;
    }

    public static double[] Uniform(Random rng, int count, double scale)
    {
        var x = new double[count];
        for (int i = 0; i < count; i++)
            x[i] = (rng.NextDouble() * 2 - 1) * scale;
        return x;
    }
}
