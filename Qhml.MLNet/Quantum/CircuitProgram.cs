using System.Globalization;
using System.Numerics;

namespace Qhml.MLNet.Quantum;

/// <summary>
/// A circuit compiled to a flat list of operations with precomputed fixed matrices: the shared engine of
/// <see cref="QuantumCircuit.Simulate(ReadOnlySpan{double}, ReadOnlySpan{double})"/> and
/// <see cref="CircuitEvaluator"/>. Immutable and thread-safe; per-call state lives in a <see cref="Workspace"/>.
/// </summary>
internal sealed class CircuitProgram
{
    private CircuitProgram(int qubits, int parameters, int inputs, Op[] ops, QuantumGate[] gates)
    {
        Qubits = qubits;
        ParameterCount = parameters;
        InputCount = inputs;
        Ops = ops;
        Gates = gates;
        FirstVariableOp = Array.FindIndex(ops, o => o.Source != AngleSource.Constant);
        Plan = FusePlan(qubits, ops);
        FirstVariableStep = Array.FindIndex(Plan, step => step.Any(k => ops[k].Source != AngleSource.Constant));
    }

    /// <summary>Index of the first plan step holding a variable op; -1 if none.</summary>
    public int FirstVariableStep { get; }

    /// <summary>
    /// The forward schedule: runs of single-qubit ops on one qubit fused into one 2x2 (ops on other qubits
    /// commute with them), two-qubit ops as they are. Each entry is an array of op indices.
    /// </summary>
    public int[][] Plan { get; }

    public int Qubits { get; }

    public int ParameterCount { get; }

    public int InputCount { get; }

    public Op[] Ops { get; }

    public QuantumGate[] Gates { get; }

    /// <summary>Index of the first op whose angle is a parameter or input; -1 if none (nothing to differentiate).</summary>
    public int FirstVariableOp { get; }

    public static CircuitProgram Compile(QuantumCircuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        var gates = circuit.Gates.ToArray();
        var ops = new Op[gates.Length];
        for (int g = 0; g < gates.Length; g++)
            ops[g] = Op.From(gates[g], g);
        return new CircuitProgram(circuit.QubitCount, circuit.ParameterCount, circuit.InputCount, ops, gates);
    }

    public void CheckParameters(ReadOnlySpan<double> parameters)
    {
        if (parameters.Length != ParameterCount)
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Expected {ParameterCount} parameter value(s); got {parameters.Length}."),
                nameof(parameters));
        for (int p = 0; p < parameters.Length; p++)
        {
            if (!double.IsFinite(parameters[p]))
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Parameter {p} is {parameters[p]} (must be finite); used by {DescribeUse(AngleSource.Parameter, p)}."),
                    nameof(parameters));
        }
    }

    /// <summary>Checks a row-major batch of inputs (batch x InputCount) for non-finite values.</summary>
    public void CheckInputs(ReadOnlySpan<double> inputs, int batch)
    {
        if (inputs.Length != batch * InputCount)
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Expected {batch} x {InputCount} = {batch * InputCount} input value(s); got {inputs.Length}."),
                nameof(inputs));
        for (int k = 0; k < inputs.Length; k++)
        {
            if (!double.IsFinite(inputs[k]))
            {
                int sample = k / InputCount, slot = k % InputCount;
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Sample {sample}, input slot {slot} is {inputs[k]} (must be finite); used by {DescribeUse(AngleSource.Input, slot)}."),
                    nameof(inputs));
            }
        }
    }

    public void ResolveAngles(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputRow, Span<double> angles)
    {
        for (int k = 0; k < Ops.Length; k++)
        {
            ref readonly Op op = ref Ops[k];
            angles[k] = op.Source switch
            {
                AngleSource.Parameter => parameters[op.Index],
                AngleSource.Input => inputRow[op.Index],
                _ => op.Constant,
            };
        }
    }

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

    private static int[][] FusePlan(int qubits, Op[] ops)
    {
        var plan = new List<int[]>();
        var pending = new List<int>[qubits];
        for (int q = 0; q < qubits; q++)
            pending[q] = new List<int>();

        void Flush(int q)
        {
            if (pending[q].Count > 0)
                plan.Add(pending[q].ToArray());
            pending[q].Clear();
        }

        for (int k = 0; k < ops.Length; k++)
        {
            if (ops[k].Kind is OpKind.Rotation or OpKind.Fixed)
            {
                pending[ops[k].Qubit].Add(k);
                continue;
            }

            Flush(ops[k].Qubit);
            Flush(ops[k].Qubit2);
            plan.Add(new[] { k });
        }

        for (int q = 0; q < qubits; q++)
            Flush(q);
        return plan.ToArray();
    }

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
        StateKernels.ObservableDiagonal(g, Qubits, ws.Weights);
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

    private string DescribeUse(AngleSource source, int index)
    {
        for (int g = 0; g < Gates.Length; g++)
        {
            if (Gates[g].Angle.Source == source && Gates[g].Angle.Index == index)
                return string.Create(CultureInfo.InvariantCulture, $"gate #{g} {Gates[g]}");
        }

        return "no gate";
    }

    internal enum OpKind
    {
        Rotation,
        Fixed,
        Cnot,
        Cz,
    }

    internal readonly struct Op
    {
        public OpKind Kind { get; init; }

        public RotationAxis Axis { get; init; }

        public int Qubit { get; init; }

        public int Qubit2 { get; init; }

        public AngleSource Source { get; init; }

        public int Index { get; init; }

        public double Constant { get; init; }

        public Matrix2 Fixed { get; init; }

        public Matrix2 FixedAdjoint { get; init; }

        public static Op From(QuantumGate gate, int gateIndex)
        {
            const double r = 0.70710678118654752440;
            Matrix2 fixedMatrix;
            switch (gate.Kind)
            {
                case GateKind.RX:
                case GateKind.RY:
                case GateKind.RZ:
                    return new Op
                    {
                        Kind = OpKind.Rotation,
                        Axis = gate.Kind == GateKind.RX ? RotationAxis.X : gate.Kind == GateKind.RY ? RotationAxis.Y : RotationAxis.Z,
                        Qubit = gate.Qubit,
                        Qubit2 = -1,
                        Source = gate.Angle.Source,
                        Index = gate.Angle.Index,
                        Constant = gate.Angle.Value,
                    };
                case GateKind.CNOT:
                    return new Op { Kind = OpKind.Cnot, Qubit = gate.Qubit, Qubit2 = gate.SecondQubit, Index = -1 };
                case GateKind.CZ:
                    return new Op { Kind = OpKind.Cz, Qubit = gate.Qubit, Qubit2 = gate.SecondQubit, Index = -1 };
                case GateKind.H: fixedMatrix = new(r, 0, r, 0, r, 0, -r, 0); break;
                case GateKind.X: fixedMatrix = new(0, 0, 1, 0, 1, 0, 0, 0); break;
                case GateKind.Y: fixedMatrix = new(0, 0, 0, -1, 0, 1, 0, 0); break;
                case GateKind.Z: fixedMatrix = new(1, 0, 0, 0, 0, 0, -1, 0); break;
                case GateKind.S: fixedMatrix = new(1, 0, 0, 0, 0, 0, 0, 1); break;
                case GateKind.T: fixedMatrix = new(1, 0, 0, 0, 0, 0, r, r); break;
                default:
                    ReadOnlySpan<Complex> u = gate.Matrix;
                    fixedMatrix = new(u[0].Real, u[0].Imaginary, u[1].Real, u[1].Imaginary, u[2].Real, u[2].Imaginary, u[3].Real, u[3].Imaginary);
                    break;
            }

            return new Op
            {
                Kind = OpKind.Fixed,
                Qubit = gate.Qubit,
                Qubit2 = -1,
                Index = -1,
                Fixed = fixedMatrix,
                FixedAdjoint = Matrix2Math.Adjoint(fixedMatrix),
            };
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
