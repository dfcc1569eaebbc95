namespace Qhml.MLNet.Quantum;

/// <summary>
/// The reference engine: one sample on a plain state vector, the fused plan in circuit order, with the unfused rounding
/// of <see cref="StateKernels"/>. It runs <see cref="QuantumCircuit.Simulate(ReadOnlySpan{double}, ReadOnlySpan{double})"/>,
/// circuits above <see cref="LaneProgram.MaxQubits"/> qubits and the parameter-shift check, and is what the tests hold
/// the fast engines against.
/// </summary>
internal sealed partial class CircuitProgram
{
    /// <summary>
    /// Prepares |0...0&gt; and applies every op, consecutive single-qubit ops on a qubit as one 2x2;
    /// <paramref name="gate"/> (one per op) receives the gate matrices.
    /// </summary>
    public void Run(StateBuffer state, ReadOnlySpan<double> angles, Span<Matrix2> gate)
    {
        state.Reset();
        foreach (int[] step in Plan)
        {
            ref readonly Op first = ref Ops[step[0]];
            if (first.Kind is OpKind.Cnot or OpKind.Cz)
            {
                Apply(state, step[0], 0, inverse: false);
                continue;
            }

            foreach (int k in step)
                gate[k] = Matrix(k, angles[k]);
            StateKernels.Apply2x2(state.Re, state.Im, Qubits, first.Qubit, Matrix2Math.Product(gate, step));
        }
    }

    private Matrix2 Matrix(int k, double angle)
    {
        ref readonly Op op = ref Ops[k];
        return op.Kind == OpKind.Rotation ? Rotation(op.Axis, angle) : op.Fixed;
    }

    /// <summary>The rotation by <paramref name="angle"/> (cos and sin of the half angle apart, as this engine always did).</summary>
    private static Matrix2 Rotation(RotationAxis axis, double angle) => Matrix2Math.Rotation(axis, Math.Cos(0.5 * angle), Math.Sin(0.5 * angle));

    public void Apply(StateBuffer state, int k, double angle, bool inverse)
    {
        ref readonly Op op = ref Ops[k];
        switch (op.Kind)
        {
            case OpKind.Rotation:
                var u = Rotation(op.Axis, inverse ? -angle : angle);
                StateKernels.Apply2x2(state.Re, state.Im, Qubits, op.Qubit, u);
                break;
            case OpKind.Fixed:
                StateKernels.Apply2x2(state.Re, state.Im, Qubits, op.Qubit, inverse ? op.FixedAdjoint : op.Fixed);
                break;
            case OpKind.Cnot:
                StateKernels.Cnot(state.Re, state.Im, Qubits, op.Qubit, op.Qubit2);
                break;
            default:
                StateKernels.Cz(state.Re, state.Im, Qubits, op.Qubit, op.Qubit2);
                break;
        }
    }

    /// <summary>
    /// Adjoint differentiation of L = sum_q g_q &lt;Z_q&gt; for one sample: runs the forward pass, then one
    /// backward sweep. Adds dL/d(parameter) into <paramref name="parameterGradient"/> and overwrites
    /// <paramref name="inputGradient"/> with dL/d(input angle).
    /// </summary>
    public void Adjoint(Workspace ws, ReadOnlySpan<double> angles, ReadOnlySpan<double> g,
        Span<double> parameterGradient, Span<double> inputGradient)
    {
        inputGradient.Clear();
        Run(ws.Phi, angles, ws.Gate);
        if (FirstVariableOp < 0)
            return;
        ObservableDiagonal<double, ScalarArithmetic>.Fill(g, Qubits, ws.Weights);
        double[] pr = ws.Phi.Re, pi = ws.Phi.Im, lr = ws.Lambda.Re, li = ws.Lambda.Im, w = ws.Weights;
        for (int i = 0; i < pr.Length; i++)
        {
            lr[i] = w[i] * pr[i];
            li[i] = w[i] * pi[i];
        }

        // Backwards over the fused plan; each block's gates get their derivatives from one overlap (AdjointRule).
        Matrix2[] gate = ws.Gate;
        for (int s = Plan.Length - 1; s >= FirstVariableStep; s--)
        {
            int[] step = Plan[s];
            ref readonly Op first = ref Ops[step[0]];
            if (first.Kind is OpKind.Cnot or OpKind.Cz)
            {
                Apply(ws.Phi, step[0], 0, inverse: true);
                Apply(ws.Lambda, step[0], 0, inverse: true);
                continue;
            }

            foreach (int k in step)
                gate[k] = Matrix(k, angles[k]);
            Matrix2 m = Matrix2Math.Product(gate, step);
            Matrix2 r = StateKernels.OverlapAndUnapply(pr, pi, lr, li, Qubits, first.Qubit, Matrix2Math.Adjoint(m), unapply: s > FirstVariableStep);
            AdjointRule<double, ScalarArithmetic>.BlockGradients(Ops, step, r, gate, parameterGradient, inputGradient);
        }
    }

    /// <summary>
    /// Parameter-shift rule for one sample: each variable gate's angle is shifted by +-pi/2 on its own, so
    /// d&lt;Z&gt;/dt = (f(t + pi/2) - f(t - pi/2)) / 2, exact for exp(-i t P / 2).
    /// </summary>
    public void ParameterShift(Workspace ws, Span<double> angles, ReadOnlySpan<double> g,
        Span<double> parameterGradient, Span<double> inputGradient)
    {
        inputGradient.Clear();
        for (int k = 0; k < Ops.Length; k++)
        {
            ref readonly Op op = ref Ops[k];
            if (op.Source == AngleSource.Constant)
                continue;
            double saved = angles[k];
            angles[k] = saved + Math.PI / 2;
            Run(ws.Phi, angles, ws.Gate);
            StateKernels.ExpectationsZ(ws.Phi.Re, ws.Phi.Im, Qubits, ws.Plus);
            angles[k] = saved - Math.PI / 2;
            Run(ws.Phi, angles, ws.Gate);
            StateKernels.ExpectationsZ(ws.Phi.Re, ws.Phi.Im, Qubits, ws.Minus);
            angles[k] = saved;
            double d = 0;
            for (int q = 0; q < Qubits; q++)
                d += g[q] * 0.5 * (ws.Plus[q] - ws.Minus[q]);
            if (op.Source == AngleSource.Parameter)
                parameterGradient[op.Index] += d;
            else
                inputGradient[op.Index] += d;
        }
    }

    /// <summary>Per-worker scratch: two state vectors and small buffers, reused across samples.</summary>
    internal sealed class Workspace
    {
        public Workspace(CircuitProgram program)
        {
            Phi = new StateBuffer(program.Qubits);
            Lambda = new StateBuffer(program.Qubits);
            Weights = new double[1 << program.Qubits];
            Angles = new double[program.Ops.Length];
            Gate = new Matrix2[program.Ops.Length];
            Plus = new double[program.Qubits];
            Minus = new double[program.Qubits];
        }

        public StateBuffer Phi { get; }

        public StateBuffer Lambda { get; }

        public double[] Weights { get; }

        public double[] Angles { get; }

        /// <summary>Gate matrices of the sample being differentiated, by op.</summary>
        public Matrix2[] Gate { get; }

        public double[] Plus { get; }

        public double[] Minus { get; }
    }
}
