using System.Globalization;
using System.Numerics;

namespace Qhml.MLNet.Quantum;

/// <summary>
/// A circuit compiled to a flat list of operations with precomputed fixed matrices, and the fused plan the reference
/// engine runs (<c>Engines/ReferenceEngine.cs</c>); the lane and one-sample engines compile from its ops. Immutable and
/// thread-safe; per-call state lives in a <see cref="Workspace"/>.
/// </summary>
internal sealed partial class CircuitProgram
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
}
