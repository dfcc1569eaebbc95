using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Qhml.MLNet.Quantum;

/// <summary>
/// The fast engine of <see cref="CircuitEvaluator"/>: simulates <see cref="Vector{T}.Count"/> samples at
/// once, one sample per SIMD lane, so every gate on every qubit is the same straight vector code.
/// </summary>
/// <remarks>
/// <para>Compilation (once per circuit):</para>
/// <list type="bullet">
/// <item>Single-qubit gates are fused per qubit into blocks between the two-qubit gates touching that qubit
/// (gates on other qubits commute with them). A block keeps its gate list: the adjoint pass needs each
/// gate's derivative, obtained from one overlap matrix per block (see <see cref="Backward"/>).</item>
/// <item>Each qubit's first block acts on |0&gt; before any entangling gate: all of them are applied as one
/// product state (no full-size pass), and in the backward pass they commute, so they need no un-applying.</item>
/// <item>CNOTs are not executed: a CNOT is a linear (over GF(2)) relabeling of basis indices, so the state
/// is stored at physical index f(i) of logical index i and a CNOT only changes f at compile time.
/// Later gates read their amplitude pairs through f (two table lookups).</item>
/// </list>
/// <para>Memory: O(2^n) per worker (lanes x 4 state arrays); valid up to <see cref="MaxQubits"/>.</para>
/// </remarks>
internal sealed class LaneProgram
{
    /// <summary>Largest circuit run by lanes (4 lanes x 2 states x 2^16 x 16 B = 8 MiB per worker).</summary>
    public const int MaxQubits = 16;

    private const int LowBits = 8;

    private readonly CircuitProgram _program;

    public LaneProgram(CircuitProgram program)
    {
        _program = program;
        Qubits = program.Qubits;
        Dim = 1 << Qubits;
        Compile();
    }

    public static int Lanes => Vector<double>.Count;

    public int Qubits { get; }

    public int Dim { get; }

    public CircuitProgram Program => _program;

    internal Mapping[] Maps { get; private set; } = Array.Empty<Mapping>();

    internal int[][] InitialBlocks { get; private set; } = Array.Empty<int[]>();

    internal Step[] Steps { get; private set; } = Array.Empty<Step>();

    internal int FinalMap { get; private set; }

    private void Compile()
    {
        int n = Qubits;
        var ops = _program.Ops;
        var pending = new List<int>[n];
        var touched = new bool[n];
        var initial = new int[n][];
        for (int q = 0; q < n; q++)
            pending[q] = new List<int>();
        var maps = new List<Mapping>();
        var steps = new List<Step>();
        int[] cols = new int[n];
        for (int b = 0; b < n; b++)
            cols[b] = 1 << b;
        int currentMap = -1;
        int Map()
        {
            if (currentMap < 0)
            {
                maps.Add(new Mapping(n, (int[])cols.Clone()));
                currentMap = maps.Count - 1;
            }

            return currentMap;
        }

        void Flush(int q)
        {
            if (!touched[q])
            {
                initial[q] = pending[q].ToArray();
                touched[q] = true;
            }
            else if (pending[q].Count > 0)
            {
                steps.Add(new Step(StepKind.Block, q, -1, Map(), pending[q].ToArray()));
            }

            pending[q].Clear();
        }

        Map(); // Maps[0] is the identity: the product-state boundary of the initial blocks.
        for (int k = 0; k < ops.Length; k++)
        {
            ref readonly CircuitProgram.Op op = ref ops[k];
            if (op.Kind is CircuitProgram.OpKind.Rotation or CircuitProgram.OpKind.Fixed)
            {
                pending[op.Qubit].Add(k);
                continue;
            }

            Flush(op.Qubit);
            Flush(op.Qubit2);
            if (op.Kind == CircuitProgram.OpKind.Cnot)
            {
                // psi'(i) = psi(i ^ [i_c] e_t): column of the control bit absorbs the target's column.
                cols[n - 1 - op.Qubit] ^= cols[n - 1 - op.Qubit2];
                currentMap = -1;
            }
            else
            {
                steps.Add(new Step(StepKind.Cz, op.Qubit, op.Qubit2, Map(), Array.Empty<int>()));
            }
        }

        for (int q = 0; q < n; q++)
            Flush(q);
        FinalMap = Map();
        Maps = maps.ToArray();
        InitialBlocks = initial;
        Steps = steps.ToArray();
    }

    /// <summary>
    /// Resolves the gate matrices of one group of lanes: constant gates from the compiled program,
    /// parameter gates from per-call cos/sin tables, input gates per lane.
    /// </summary>
    public void ResolveGroup(LaneWorkspace ws, ReadOnlySpan<double> paramCos, ReadOnlySpan<double> paramSin,
        ReadOnlySpan<double> inputs, int firstSample, int valid)
    {
        var ops = _program.Ops;
        int inCount = _program.InputCount;
        int w = Lanes;
        Span<double> c = stackalloc double[w];
        Span<double> s = stackalloc double[w];
        for (int k = 0; k < ops.Length; k++)
        {
            ref readonly CircuitProgram.Op op = ref ops[k];
            switch (op.Kind)
            {
                case CircuitProgram.OpKind.Rotation:
                    Vector<double> cv, sv;
                    if (op.Source == AngleSource.Parameter)
                    {
                        cv = new Vector<double>(paramCos[op.Index]);
                        sv = new Vector<double>(paramSin[op.Index]);
                    }
                    else if (op.Source == AngleSource.Input)
                    {
                        for (int l = 0; l < w; l++)
                        {
                            int sample = firstSample + Math.Min(l, valid - 1);
                            (s[l], c[l]) = Math.SinCos(0.5 * inputs[sample * inCount + op.Index]);
                        }

                        cv = new Vector<double>(c);
                        sv = new Vector<double>(s);
                    }
                    else
                    {
                        (double sc, double cc) = Math.SinCos(0.5 * op.Constant);
                        cv = new Vector<double>(cc);
                        sv = new Vector<double>(sc);
                    }

                    ws.Gate[k] = LaneMatrix.Rotation(op.Axis, cv, sv);
                    break;
                case CircuitProgram.OpKind.Fixed:
                    ws.Gate[k] = LaneMatrix.Broadcast(op.Fixed);
                    break;
            }
        }
    }

    /// <summary>Runs the circuit on the group's lanes; leaves the state in ws.Phi and &lt;Z_q&gt; in ws.Expectations.</summary>
    public void Forward(LaneWorkspace ws)
    {
        int n = Qubits;
        // Product state of every qubit's first block applied to |0>: (A, C) column of the block matrix.
        ref Vector<double> re = ref MemoryMarshal.GetArrayDataReference(ws.PhiRe);
        ref Vector<double> im = ref MemoryMarshal.GetArrayDataReference(ws.PhiIm);
        re = Vector<double>.One;
        im = Vector<double>.Zero;
        int len = 1;
        for (int bit = 0; bit < n; bit++)
        {
            int q = n - 1 - bit;
            LaneMatrix m = BlockMatrix(ws, InitialBlocks[q]);
            for (int k = 0; k < len; k++)
            {
                Vector<double> xr = Unsafe.Add(ref re, k), xi = Unsafe.Add(ref im, k);
                Unsafe.Add(ref re, len + k) = xr * m.CR - xi * m.CI;
                Unsafe.Add(ref im, len + k) = xr * m.CI + xi * m.CR;
                Unsafe.Add(ref re, k) = xr * m.AR - xi * m.AI;
                Unsafe.Add(ref im, k) = xr * m.AI + xi * m.AR;
            }

            len <<= 1;
        }

        for (int s = 0; s < Steps.Length; s++)
        {
            ref readonly Step step = ref Steps[s];
            if (step.Kind == StepKind.Block)
            {
                LaneMatrix m = BlockMatrix(ws, step.Gates);
                ws.StepMatrix[s] = m;
                LaneKernels.Apply(ws.PhiRe, ws.PhiIm, Maps[step.Map], n - 1 - step.Qubit, m, Dim);
            }
            else
            {
                LaneKernels.Cz(ws.PhiRe, ws.PhiIm, Maps[step.Map], n - 1 - step.Qubit, n - 1 - step.Qubit2, Dim);
            }
        }

        LaneKernels.ExpectationsZ(ws.PhiRe, ws.PhiIm, Maps[FinalMap], n, ws.Scratch, ws.Expectations);
    }

    /// <summary>
    /// Adjoint sweep after <see cref="Forward"/> with per-lane dL/d&lt;Z_q&gt; in ws.ExpectationGradient.
    /// Fills ws.ParameterGradient and ws.InputGradient (per lane).
    /// </summary>
    /// <remarks>
    /// For a block M = U_m...U_1 on qubit q with after-block states phi, lambda, the derivative of gate j is
    /// Im &lt;lambda| A_j P_j A_j^dagger |phi&gt; with A_j = U_m...U_(j+1), and
    /// &lt;lambda|G|phi&gt; = sum_ab G_ab R_ab with the overlap R_ab = sum over pairs conj(lambda_a) phi_b.
    /// So one pass computes R (and un-applies M from both states) for all gates of the block.
    /// </remarks>
    public void Backward(LaneWorkspace ws)
    {
        int n = Qubits;
        Array.Clear(ws.ParameterGradient);
        Array.Clear(ws.InputGradient);
        LaneKernels.InitLambda(ws.PhiRe, ws.PhiIm, ws.LamRe, ws.LamIm, Maps[FinalMap], n, ws.ExpectationGradient, ws.Scratch);
        Span<Vector<double>> r = stackalloc Vector<double>[8];
        for (int s = Steps.Length - 1; s >= 0; s--)
        {
            ref readonly Step step = ref Steps[s];
            if (step.Kind == StepKind.Block)
            {
                LaneMatrix adjoint = ws.StepMatrix[s].Adjoint();
                LaneKernels.OverlapAndUnapply(ws.PhiRe, ws.PhiIm, ws.LamRe, ws.LamIm, Maps[step.Map], n - 1 - step.Qubit, adjoint, Dim, r, unapply: true);
                BlockGradients(ws, step.Gates, r);
            }
            else
            {
                var map = Maps[step.Map];
                LaneKernels.Cz(ws.PhiRe, ws.PhiIm, map, n - 1 - step.Qubit, n - 1 - step.Qubit2, Dim);
                LaneKernels.Cz(ws.LamRe, ws.LamIm, map, n - 1 - step.Qubit, n - 1 - step.Qubit2, Dim);
            }
        }

        // Initial blocks commute with each other: overlaps at the product-state boundary suffice, no un-apply.
        for (int q = 0; q < n; q++)
        {
            int[] gates = InitialBlocks[q];
            if (!HasVariable(gates))
                continue;
            LaneKernels.OverlapAndUnapply(ws.PhiRe, ws.PhiIm, ws.LamRe, ws.LamIm, Maps[0], n - 1 - q, default, Dim, r, unapply: false);
            BlockGradients(ws, gates, r);
        }
    }

    private bool HasVariable(int[] gates)
    {
        foreach (int k in gates)
        {
            if (_program.Ops[k].Source != AngleSource.Constant)
                return true;
        }

        return false;
    }

    private static LaneMatrix BlockMatrix(LaneWorkspace ws, int[] gates)
    {
        if (gates.Length == 0)
            return LaneMatrix.Identity;
        LaneMatrix m = ws.Gate[gates[0]];
        for (int j = 1; j < gates.Length; j++)
            m = LaneMatrix.Multiply(ws.Gate[gates[j]], m);
        return m;
    }

    /// <summary>
    /// Derivatives of a block's gates from its overlap R at the block's end. For the last gate,
    /// Im &lt;lambda|P|phi&gt; = Im sum_ab R_ab P_ab; un-applying gate U maps R to U^T R conj(U), giving the
    /// overlap before it, and so on backwards through the block.
    /// </summary>
    private void BlockGradients(LaneWorkspace ws, int[] gates, ReadOnlySpan<Vector<double>> overlap)
    {
        var ops = _program.Ops;
        var r = new LaneMatrix
        {
            AR = overlap[0], AI = overlap[1], BR = overlap[2], BI = overlap[3],
            CR = overlap[4], CI = overlap[5], DR = overlap[6], DI = overlap[7],
        };
        int firstVariable = 0;
        while (firstVariable < gates.Length && ops[gates[firstVariable]].Source == AngleSource.Constant)
            firstVariable++;
        for (int j = gates.Length - 1; j >= firstVariable; j--)
        {
            int k = gates[j];
            ref readonly CircuitProgram.Op op = ref ops[k];
            if (op.Source != AngleSource.Constant)
            {
                Vector<double> d = op.Axis switch
                {
                    RotationAxis.X => r.BI + r.CI,   // Im(R01 + R10)
                    RotationAxis.Y => r.CR - r.BR,   // Im(-i R01 + i R10)
                    _ => r.AI - r.DI,                // Im(R00 - R11)
                };
                if (op.Source == AngleSource.Parameter)
                    ws.ParameterGradient[op.Index] += d;
                else
                    ws.InputGradient[op.Index] += d;
            }

            if (j > firstVariable)
            {
                ref readonly LaneMatrix u = ref ws.Gate[k];
                r = LaneMatrix.Multiply(LaneMatrix.Multiply(u.Transpose(), r), u.Conjugate());
            }
        }
    }

    internal enum StepKind
    {
        Block,
        Cz,
    }

    internal readonly record struct Step(StepKind Kind, int Qubit, int Qubit2, int Map, int[] Gates);

    /// <summary>Physical index f(i) = Low[i &amp; 255] ^ High[i &gt;&gt; 8] of logical index i (f linear over GF(2)).</summary>
    internal sealed class Mapping
    {
        public Mapping(int qubits, int[] cols)
        {
            Cols = cols;
            int lowBits = Math.Min(qubits, LowBits);
            int highBits = qubits - lowBits;
            Low = Table(cols, 0, lowBits);
            High = Table(cols, lowBits, highBits);
        }

        /// <summary>f(e_b) for each bit position b.</summary>
        public int[] Cols { get; }

        public int[] Low { get; }

        public int[] High { get; }

        private static int[] Table(int[] cols, int first, int count)
        {
            var t = new int[1 << count];
            for (int i = 1; i < t.Length; i++)
            {
                int b = BitOperations.TrailingZeroCount(i);
                t[i] = t[i & (i - 1)] ^ cols[first + b];
            }

            return t;
        }
    }
}

/// <summary>Per-worker scratch of <see cref="LaneProgram"/>: everything one group of lanes needs, allocated once.</summary>
internal sealed class LaneWorkspace
{
    public LaneWorkspace(LaneProgram lanes)
    {
        int dim = lanes.Dim;
        PhiRe = new Vector<double>[dim];
        PhiIm = new Vector<double>[dim];
        LamRe = new Vector<double>[dim];
        LamIm = new Vector<double>[dim];
        Scratch = new Vector<double>[dim];
        Gate = new LaneMatrix[lanes.Program.Ops.Length];
        StepMatrix = new LaneMatrix[lanes.Steps.Length];
        Expectations = new Vector<double>[lanes.Qubits];
        ExpectationGradient = new Vector<double>[lanes.Qubits];
        ParameterGradient = new Vector<double>[lanes.Program.ParameterCount];
        InputGradient = new Vector<double>[lanes.Program.InputCount];
    }

    public Vector<double>[] PhiRe { get; }

    public Vector<double>[] PhiIm { get; }

    public Vector<double>[] LamRe { get; }

    public Vector<double>[] LamIm { get; }

    public Vector<double>[] Scratch { get; }

    public LaneMatrix[] Gate { get; }

    public LaneMatrix[] StepMatrix { get; }

    public Vector<double>[] Expectations { get; }

    public Vector<double>[] ExpectationGradient { get; }

    public Vector<double>[] ParameterGradient { get; }

    public Vector<double>[] InputGradient { get; }
}
