using System.Globalization;
using System.Numerics;

namespace Qhml.MLNet.Quantum.Hardware;

/// <summary>
/// Exact noisy simulation by density matrix: rho (2^n x 2^n complex) evolves as <c>U rho U^dagger</c> per gate,
/// then through the channels of a <see cref="NoiseModel"/>. Deterministic; memory and time grow as 4^n, so it
/// is meant for up to <see cref="MaxQubits"/> qubits (8 qubits: 65,536 entries, 1 MiB).
/// </summary>
/// <remarks>
/// rho is stored as one vector of 4^n entries, index <c>row * 2^n + column</c>: the row bits act like the
/// "ket" qubits and the column bits like "bra" qubits, so a gate is U on the row bit and conj(U) on the column bit.
/// </remarks>
public static class DensityMatrixSimulator
{
    /// <summary>Largest qubit count accepted (4^10 entries = 16 MiB).</summary>
    public const int MaxQubits = 10;

    /// <summary>&lt;Z_q&gt; for every qubit under <paramref name="noise"/>, readout flips included.</summary>
    /// <param name="circuit">The circuit.</param>
    /// <param name="parameters">Its parameter values.</param>
    /// <param name="inputs">One sample's inputs.</param>
    /// <param name="noise">Gate and readout noise (validated).</param>
    /// <returns>The n expectations.</returns>
    public static double[] ExpectationsZ(QuantumCircuit circuit, ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, NoiseModel noise)
    {
        ArgumentNullException.ThrowIfNull(noise);
        double[] p = Probabilities(circuit, parameters, inputs, noise);
        int n = circuit.QubitCount;
        var z = new double[n];
        double readout = 1 - 2 * noise.ReadoutFlip;
        for (int i = 0; i < p.Length; i++)
        {
            for (int q = 0; q < n; q++)
                z[q] += ((i >> (n - 1 - q)) & 1) == 0 ? p[i] : -p[i];
        }
        for (int q = 0; q < n; q++)
            z[q] *= readout;
        return z;
    }

    /// <summary>The measurement distribution (the diagonal of rho) under the gate noise; readout flips are not applied.</summary>
    /// <param name="circuit">The circuit.</param>
    /// <param name="parameters">Its parameter values.</param>
    /// <param name="inputs">One sample's inputs.</param>
    /// <param name="noise">Gate noise (validated).</param>
    /// <returns>2^n probabilities, basis index order (qubit 0 = most significant bit).</returns>
    public static double[] Probabilities(QuantumCircuit circuit, ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, NoiseModel noise)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(noise);
        noise.Validate();
        int n = circuit.QubitCount;
        if (n > MaxQubits)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The density-matrix simulator takes at most {MaxQubits} qubits; the circuit has {n}. Use TrajectorySimulator for larger circuits."), nameof(circuit));
        CircuitArguments.Check(circuit, parameters, inputs);
        int dim = 1 << n;
        var rho = new DensityMatrix(n, new double[dim * dim], new double[dim * dim]);
        rho.Re[0] = 1;
        foreach (QuantumGate gate in circuit.Gates)
        {
            if (GateMatrix.IsTwoQubit(gate))
            {
                rho.ApplyTwoQubit(gate.Kind, gate.Qubit, gate.SecondQubit);
                if (noise.TwoQubitDepolarizing > 0)
                    rho.DepolarizeTwo(gate.Qubit, gate.SecondQubit, noise.TwoQubitDepolarizing);
                if (noise.AmplitudeDamping > 0)
                {
                    rho.Damp(gate.Qubit, noise.AmplitudeDamping);
                    rho.Damp(gate.SecondQubit, noise.AmplitudeDamping);
                }
                continue;
            }
            rho.ApplySingle(gate.Qubit, GateMatrix.Of(gate, GateMatrix.Resolve(gate.Angle, parameters, inputs)));
            if (noise.SingleQubitDepolarizing > 0)
                rho.Depolarize(gate.Qubit, noise.SingleQubitDepolarizing);
            if (noise.AmplitudeDamping > 0)
                rho.Damp(gate.Qubit, noise.AmplitudeDamping);
        }
        var probabilities = new double[dim];
        for (int i = 0; i < dim; i++)
            probabilities[i] = rho.Re[i * dim + i];
        return probabilities;
    }

    private readonly record struct DensityMatrix(int Qubits, double[] Re, double[] Im)
    {
        private int RowBit(int qubit) => 2 * Qubits - 1 - qubit;
        private int ColumnBit(int qubit) => Qubits - 1 - qubit;

        public void ApplySingle(int qubit, (Complex U00, Complex U01, Complex U10, Complex U11) u)
        {
            Apply(RowBit(qubit), u.U00, u.U01, u.U10, u.U11);
            Apply(ColumnBit(qubit), Complex.Conjugate(u.U00), Complex.Conjugate(u.U01), Complex.Conjugate(u.U10), Complex.Conjugate(u.U11));
        }

        public void ApplyTwoQubit(GateKind kind, int a, int b)
        {
            foreach ((int ba, int bb) in new[] { (RowBit(a), RowBit(b)), (ColumnBit(a), ColumnBit(b)) })
            {
                int ma = 1 << ba, mb = 1 << bb;
                for (int k = 0; k < Re.Length; k++)
                {
                    if ((k & ma) == 0)
                        continue;
                    if (kind == GateKind.CZ)
                    {
                        if ((k & mb) != 0)
                        {
                            Re[k] = -Re[k];
                            Im[k] = -Im[k];
                        }
                    }
                    else if ((k & mb) == 0)
                    {
                        int j = k | mb;
                        (Re[k], Re[j]) = (Re[j], Re[k]);
                        (Im[k], Im[j]) = (Im[j], Im[k]);
                    }
                }
            }
        }

        /// <summary>Per 2x2 block B of the qubit (other indices fixed): (1 - 4p/3) B + (2p/3) tr(B) I.</summary>
        public void Depolarize(int qubit, double p)
        {
            int r = 1 << RowBit(qubit), c = 1 << ColumnBit(qubit);
            double keep = 1 - 4 * p / 3, mix = 2 * p / 3;
            for (int k = 0; k < Re.Length; k++)
            {
                if ((k & (r | c)) != 0)
                    continue;
                int d = k | r | c;
                double trRe = Re[k] + Re[d], trIm = Im[k] + Im[d];
                Re[k] = keep * Re[k] + mix * trRe;
                Im[k] = keep * Im[k] + mix * trIm;
                Re[d] = keep * Re[d] + mix * trRe;
                Im[d] = keep * Im[d] + mix * trIm;
                Re[k | r] *= keep;
                Im[k | r] *= keep;
                Re[k | c] *= keep;
                Im[k | c] *= keep;
            }
        }

        /// <summary>Per 4x4 block B of the pair: (1 - 16p/15) B + (4p/15) tr(B) I.</summary>
        public void DepolarizeTwo(int a, int b, double p)
        {
            int ra = 1 << RowBit(a), ca = 1 << ColumnBit(a), rb = 1 << RowBit(b), cb = 1 << ColumnBit(b);
            int all = ra | ca | rb | cb;
            double keep = 1 - 16 * p / 15, mix = 4 * p / 15;
            Span<int> diagonal = [0, ra | ca, rb | cb, ra | ca | rb | cb];
            for (int k = 0; k < Re.Length; k++)
            {
                if ((k & all) != 0)
                    continue;
                double trRe = 0, trIm = 0;
                foreach (int o in diagonal)
                {
                    trRe += Re[k | o];
                    trIm += Im[k | o];
                }
                for (int bits = 0; bits < 16; bits++)
                {
                    int o = ((bits & 1) != 0 ? ra : 0) | ((bits & 2) != 0 ? ca : 0) | ((bits & 4) != 0 ? rb : 0) | ((bits & 8) != 0 ? cb : 0);
                    bool onDiagonal = ((bits & 1) != 0) == ((bits & 2) != 0) && ((bits & 4) != 0) == ((bits & 8) != 0);
                    Re[k | o] = keep * Re[k | o] + (onDiagonal ? mix * trRe : 0);
                    Im[k | o] = keep * Im[k | o] + (onDiagonal ? mix * trIm : 0);
                }
            }
        }

        /// <summary>Amplitude damping: B00 += gamma B11, off-diagonals x sqrt(1 - gamma), B11 x (1 - gamma).</summary>
        public void Damp(int qubit, double gamma)
        {
            int r = 1 << RowBit(qubit), c = 1 << ColumnBit(qubit);
            double root = Math.Sqrt(1 - gamma);
            for (int k = 0; k < Re.Length; k++)
            {
                if ((k & (r | c)) != 0)
                    continue;
                int d = k | r | c;
                Re[k] += gamma * Re[d];
                Im[k] += gamma * Im[d];
                Re[d] *= 1 - gamma;
                Im[d] *= 1 - gamma;
                Re[k | r] *= root;
                Im[k | r] *= root;
                Re[k | c] *= root;
                Im[k | c] *= root;
            }
        }

        private void Apply(int bit, Complex a, Complex b, Complex c, Complex d)
        {
            // Real arithmetic and a walk over pairs only: the hot loop of a noisy forward.
            int m = 1 << bit;
            double ar = a.Real, ai = a.Imaginary, br = b.Real, bi = b.Imaginary, cr = c.Real, ci = c.Imaginary, dr = d.Real, di = d.Imaginary;
            double[] re = Re, im = Im;
            for (int hi = 0; hi < re.Length; hi += m << 1)
            {
                for (int k = hi; k < hi + m; k++)
                {
                    int j = k + m;
                    double xr = re[k], xi = im[k], yr = re[j], yi = im[j];
                    re[k] = ar * xr - ai * xi + br * yr - bi * yi;
                    im[k] = ar * xi + ai * xr + br * yi + bi * yr;
                    re[j] = cr * xr - ci * xi + dr * yr - di * yi;
                    im[j] = cr * xi + ci * xr + dr * yi + di * yr;
                }
            }
        }
    }
}
