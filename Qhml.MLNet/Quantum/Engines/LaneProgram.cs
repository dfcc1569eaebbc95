using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Complex = Qhml.MLNet.Quantum.ComplexMath<System.Numerics.Vector<double>, Qhml.MLNet.Quantum.VectorArithmetic>;
using ProductState = Qhml.MLNet.Quantum.ProductState<System.Numerics.Vector<double>, Qhml.MLNet.Quantum.VectorArithmetic>;

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
/// product state (no full-size pass). In the backward pass they commute with each other and the state is
/// that product again, so their overlaps come from one divide-and-conquer contraction of lambda with the
/// per-qubit factors (about 2 x 2^n products for all qubits, no un-applying).</item>
/// <item>CNOTs are not executed: a CNOT is a linear (over GF(2)) relabeling of basis indices, so the state
/// is stored at physical index f(i) of logical index i and a CNOT only changes f at compile time.
/// Later gates read their amplitude pairs through f (two table lookups).</item>
/// </list>
/// <para>Memory: O(2^n) per worker (lanes x about 6 arrays of 2^n); used up to <see cref="MaxQubits"/> qubits.</para>
/// </remarks>
internal sealed class LaneProgram
{
    /// <summary>Largest circuit run by lanes (at 16 qubits about 4 lanes x 6 x 2^16 x 8 B = 12 MiB per worker).</summary>
    public const int MaxQubits = 16;

    /// <summary>Up to this size blocks stream precomputed pair indices (2^(n-1) ints per mapping and qubit).</summary>
    public const int PairListMaxQubits = 12;

    private readonly CircuitProgram _program;
    private bool _initialHasVariable;

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

    internal IndexMapping[] Maps { get; private set; } = Array.Empty<IndexMapping>();

    internal int[][] InitialBlocks { get; private set; } = Array.Empty<int[]>();

    internal Step[] Steps { get; private set; } = Array.Empty<Step>();

    internal int FinalMap { get; private set; }

    /// <summary>The CNOTs absorbed into the mappings, in circuit order, each with the number of steps before it.</summary>
    internal Cnot[] Cnots { get; private set; } = Array.Empty<Cnot>();

    private void Compile()
    {
        int n = Qubits;
        var ops = _program.Ops;
        var pending = new List<int>[n];
        var touched = new bool[n];
        var initial = new int[n][];
        for (int q = 0; q < n; q++)
            pending[q] = new List<int>();
        var maps = new List<IndexMapping>();
        var steps = new List<Step>();
        var cnots = new List<Cnot>();
        int[] cols = new int[n];
        for (int b = 0; b < n; b++)
            cols[b] = 1 << b;
        int currentMap = -1;
        int Map()
        {
            if (currentMap < 0)
            {
                maps.Add(new IndexMapping(n, (int[])cols.Clone()));
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
                cnots.Add(new Cnot(steps.Count, op.Qubit, op.Qubit2));
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
        if (n <= PairListMaxQubits)
        {
            foreach (Step step in steps)
            {
                if (step.Kind == StepKind.Block)
                    Maps[step.Map].AddPairs(n - 1 - step.Qubit);
            }
        }

        InitialBlocks = initial;
        _initialHasVariable = initial.Any(HasVariable);
        Steps = steps.ToArray();
        Cnots = cnots.ToArray();
    }

    /// <summary>
    /// Resolves the gate matrices of one group of lanes: constant gates from the compiled program,
    /// parameter gates from per-call cos/sin tables, input gates per lane.
    /// </summary>
    public void ResolveGroup(LaneState ws, ReadOnlySpan<double> paramCos, ReadOnlySpan<double> paramSin,
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

                    ws.Gate[k] = LaneMatrixMath.Rotation(op.Axis, cv, sv);
                    break;
                case CircuitProgram.OpKind.Fixed:
                    ws.Gate[k] = LaneMatrixMath.Broadcast(op.Fixed);
                    break;
            }
        }
    }

    /// <summary>Runs the circuit on the group's lanes; leaves the state in st.Phi and, if asked, &lt;Z_q&gt; in st.Expectations.</summary>
    public void Forward(LaneState st, LaneWorkspace ws, bool expectations = true)
    {
        int n = Qubits;
        // Product state of every qubit's first block applied to |0>: (A, C) column of the block matrix.
        ref Vector<double> re = ref MemoryMarshal.GetArrayDataReference(st.PhiRe);
        ref Vector<double> im = ref MemoryMarshal.GetArrayDataReference(st.PhiIm);
        re = Vector<double>.One;
        im = Vector<double>.Zero;
        int len = 1;
        for (int bit = 0; bit < n; bit++)
        {
            int q = n - 1 - bit;
            LaneMatrix m = LaneMatrixMath.Product(st.Gate, InitialBlocks[q]);
            st.InitialMatrix[q] = m;
            ProductState.Double(ref re, ref im, len, m);
            len <<= 1;
        }

        for (int s = 0; s < Steps.Length; s++)
        {
            ref readonly Step step = ref Steps[s];
            if (step.Kind == StepKind.Block)
            {
                LaneMatrix m = LaneMatrixMath.Product(st.Gate, step.Gates);
                st.StepMatrix[s] = m;
                LaneKernels.Apply(st.PhiRe, st.PhiIm, Maps[step.Map], n - 1 - step.Qubit, m, Dim);
            }
            else
            {
                LaneKernels.Cz(st.PhiRe, st.PhiIm, Maps[step.Map], n - 1 - step.Qubit, n - 1 - step.Qubit2, Dim);
            }
        }

        if (expectations)
            LaneKernels.ExpectationsZ(st.PhiRe, st.PhiIm, Maps[FinalMap], n, ws.Scratch, st.Expectations);
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
    public void Backward(LaneState st, LaneWorkspace ws)
    {
        int n = Qubits;
        Array.Clear(ws.ParameterGradient);
        Array.Clear(ws.InputGradient);
        LaneKernels.InitLambda(st.PhiRe, st.PhiIm, ws.LamRe, ws.LamIm, Maps[FinalMap], n, ws.ExpectationGradient, ws.Scratch);
        for (int s = Steps.Length - 1; s >= 0; s--)
        {
            ref readonly Step step = ref Steps[s];
            if (step.Kind == StepKind.Block)
            {
                LaneMatrix adjoint = LaneMatrixMath.Adjoint(st.StepMatrix[s]);
                LaneMatrix r = LaneKernels.OverlapAndUnapply(st.PhiRe, st.PhiIm, ws.LamRe, ws.LamIm, Maps[step.Map], n - 1 - step.Qubit, adjoint, Dim, unapply: true);
                BlockGradients(st, ws, step.Gates, r);
            }
            else
            {
                var map = Maps[step.Map];
                LaneKernels.Cz(st.PhiRe, st.PhiIm, map, n - 1 - step.Qubit, n - 1 - step.Qubit2, Dim);
                LaneKernels.Cz(ws.LamRe, ws.LamIm, map, n - 1 - step.Qubit, n - 1 - step.Qubit2, Dim);
            }
        }

        // Initial blocks commute with each other and phi is here the product of v_q = (first block)|0>, so
        // R_ab = chi_q[a] v_q[b] with chi_q[a] = sum over i with bit q = a of conj(lambda_i) prod_(j != q) v_j:
        // every chi_q from one divide-and-conquer contraction of lambda (about 2 x 2^n products in all).
        if (!_initialHasVariable)
            return;
        ref Vector<double> tr = ref MemoryMarshal.GetArrayDataReference(ws.Scratch);
        ref Vector<double> ti = ref MemoryMarshal.GetArrayDataReference(ws.ScratchIm);
        ref Vector<double> lr = ref MemoryMarshal.GetArrayDataReference(ws.LamRe);
        ref Vector<double> li = ref MemoryMarshal.GetArrayDataReference(ws.LamIm);
        for (int i = 0; i < Dim; i++)
        {
            Unsafe.Add(ref tr, i) = Unsafe.Add(ref lr, i);
            Unsafe.Add(ref ti, i) = -Unsafe.Add(ref li, i);
        }

        Contract(st, ws, 0, 0, n, Dim);
        for (int q = 0; q < n; q++)
        {
            int[] gates = InitialBlocks[q];
            if (!HasVariable(gates))
                continue;
            LaneMatrix v = st.InitialMatrix[q];
            Vector<double> c0r = ws.ChiRe[2 * q], c0i = ws.ChiIm[2 * q], c1r = ws.ChiRe[2 * q + 1], c1i = ws.ChiIm[2 * q + 1];
            // v_q = (A, C): first column of the block matrix; R_ab = chi_q[a] v_q[b].
            var r = new LaneMatrix(
                Complex.TimesReal(c0r, c0i, v.AR, v.AI), Complex.TimesImaginary(c0r, c0i, v.AR, v.AI),
                Complex.TimesReal(c0r, c0i, v.CR, v.CI), Complex.TimesImaginary(c0r, c0i, v.CR, v.CI),
                Complex.TimesReal(c1r, c1i, v.AR, v.AI), Complex.TimesImaginary(c1r, c1i, v.AR, v.AI),
                Complex.TimesReal(c1r, c1i, v.CR, v.CI), Complex.TimesImaginary(c1r, c1i, v.CR, v.CI));
            BlockGradients(st, ws, gates, r);
        }
    }

    /// <summary>
    /// Given T (at scratch offset <paramref name="t"/>) over qubits [a, b), with qubit a the top bit, stores
    /// chi_q for q in [a, b): contract the top half of the qubits with their v's and recurse on the bottom
    /// half, then the other way round. Scratch beyond <paramref name="free"/> is unused.
    /// </summary>
    private static void Contract(LaneState st, LaneWorkspace ws, int t, int a, int b, int free)
    {
        ref Vector<double> sr = ref MemoryMarshal.GetArrayDataReference(ws.Scratch);
        ref Vector<double> si = ref MemoryMarshal.GetArrayDataReference(ws.ScratchIm);
        if (b - a == 1)
        {
            ws.ChiRe[2 * a] = Unsafe.Add(ref sr, t);
            ws.ChiIm[2 * a] = Unsafe.Add(ref si, t);
            ws.ChiRe[2 * a + 1] = Unsafe.Add(ref sr, t + 1);
            ws.ChiIm[2 * a + 1] = Unsafe.Add(ref si, t + 1);
            return;
        }

        int mid = (a + b) >> 1, top = 1 << (mid - a), bottom = 1 << (b - mid);

        // Contract the top qubits [a, mid): result over [mid, b).
        int p = free, result = free + top;
        Product(st, ws, p, a, mid);
        for (int j = 0; j < bottom; j++)
        {
            Unsafe.Add(ref sr, result + j) = Vector<double>.Zero;
            Unsafe.Add(ref si, result + j) = Vector<double>.Zero;
        }

        for (int k = 0; k < top; k++)
        {
            Vector<double> pr = Unsafe.Add(ref sr, p + k), pi = Unsafe.Add(ref si, p + k);
            int row = t + k * bottom;
            for (int j = 0; j < bottom; j++)
            {
                Vector<double> xr = Unsafe.Add(ref sr, row + j), xi = Unsafe.Add(ref si, row + j);
                Unsafe.Add(ref sr, result + j) += Complex.TimesReal(pr, pi, xr, xi);
                Unsafe.Add(ref si, result + j) += Complex.TimesImaginary(pr, pi, xr, xi);
            }
        }

        Contract(st, ws, result, mid, b, result + bottom);

        // Contract the bottom qubits [mid, b): result over [a, mid).
        p = free;
        result = free + bottom;
        Product(st, ws, p, mid, b);
        for (int k = 0; k < top; k++)
        {
            int row = t + k * bottom;
            Vector<double> accR = Vector<double>.Zero, accI = Vector<double>.Zero;
            for (int j = 0; j < bottom; j++)
            {
                Vector<double> pr = Unsafe.Add(ref sr, p + j), pi = Unsafe.Add(ref si, p + j);
                Vector<double> xr = Unsafe.Add(ref sr, row + j), xi = Unsafe.Add(ref si, row + j);
                accR += Complex.TimesReal(pr, pi, xr, xi);
                accI += Complex.TimesImaginary(pr, pi, xr, xi);
            }

            Unsafe.Add(ref sr, result + k) = accR;
            Unsafe.Add(ref si, result + k) = accI;
        }

        Contract(st, ws, result, a, mid, result + top);
    }

    /// <summary>Writes prod_(q in [a, b)) v_q[bit q of k] for k over 2^(b-a) at scratch offset <paramref name="at"/>.</summary>
    private static void Product(LaneState st, LaneWorkspace ws, int at, int a, int b)
    {
        ref Vector<double> sr = ref MemoryMarshal.GetArrayDataReference(ws.Scratch);
        ref Vector<double> si = ref MemoryMarshal.GetArrayDataReference(ws.ScratchIm);
        Unsafe.Add(ref sr, at) = Vector<double>.One;
        Unsafe.Add(ref si, at) = Vector<double>.Zero;
        int len = 1;
        for (int q = b - 1; q >= a; q--)
        {
            ProductState.Double(ref Unsafe.Add(ref sr, at), ref Unsafe.Add(ref si, at), len, st.InitialMatrix[q]);
            len <<= 1;
        }
    }

    /// <summary>Scratch needed by <see cref="Contract"/> beyond the first 2^n entries, for k qubits.</summary>
    internal static int ContractionScratch(int k)
    {
        if (k <= 1)
            return 0;
        int topQubits = k >> 1, bottomQubits = k - topQubits;
        int sizes = (1 << topQubits) + (1 << bottomQubits);
        return sizes + Math.Max(ContractionScratch(bottomQubits), ContractionScratch(topQubits));
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

    /// <summary>Derivatives of a block's gates from its overlap R at the block's end (see <see cref="AdjointRule{T, TMath}"/>).</summary>
    private void BlockGradients(LaneState st, LaneWorkspace ws, int[] gates, in LaneMatrix overlap)
        => AdjointRule<Vector<double>, VectorArithmetic>.BlockGradients(_program.Ops, gates, overlap, st.Gate, ws.ParameterGradient, ws.InputGradient);

    internal enum StepKind
    {
        Block,
        Cz,
    }

    internal readonly record struct Step(StepKind Kind, int Qubit, int Qubit2, int Map, int[] Gates);

    /// <summary>A CNOT that acts after the first <paramref name="BeforeStep"/> steps.</summary>
    internal readonly record struct Cnot(int BeforeStep, int Control, int Target);
}
