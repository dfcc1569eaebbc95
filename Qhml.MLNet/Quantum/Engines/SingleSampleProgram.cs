using System.Runtime.InteropServices;

namespace Qhml.MLNet.Quantum;

/// <summary>
/// One-sample forward engine of <see cref="CircuitEvaluator"/> for circuits the lane engine runs: vectorizes
/// over amplitudes instead of samples, so a lone sample does not pay for empty lanes.
/// </summary>
/// <remarks>
/// <para>Bit-identical to <see cref="LaneProgram.Forward"/> for the same sample. The lane engine's arithmetic is
/// element-wise per lane, so this engine replays its compiled schedule (same fused blocks, same block
/// products, same product state, same step order) with the same per-amplitude operations
/// (see <see cref="ISingleSampleKernels"/>, chosen once per program), and reduces &lt;Z_q&gt; in the same index order.</para>
/// <para>The one difference is where amplitudes live: the lane engine keeps CNOTs as index relabelings, while
/// here blocks always see the state in natural index order, so every amplitude pair sits at a fixed stride
/// for contiguous vector loads. A CNOT is a pure data move (no rounding), and it commutes exactly with blocks
/// on other qubits and with CZs off its target, so CNOTs are deferred until a gate needs one of their qubits
/// and each run of them is then done as one gather into a second buffer.</para>
/// </remarks>
internal sealed class SingleSampleProgram
{
    private readonly LaneProgram _lanes;
    private readonly Entry[] _schedule;
    private readonly IndexMapping? _finalMap; // CNOTs after the last gate: read through it by the expectations
    private readonly bool[] _initialHasInput;
    private readonly int[] _inputOps;
    private readonly int[] _parameterOps;
    private readonly ForwardPass _forward;

    private delegate void ForwardPass(SingleSampleWorkspace ws, ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputRow, Span<double> expectations);

    /// <param name="lanes">The compiled lane engine whose results this engine reproduces.</param>
    /// <param name="isa">The widest instruction set to use (tests and benchmarks pick narrower ones); the machine and the
    /// state size may narrow it further (<see cref="SingleSampleKernels.For"/>).</param>
    public SingleSampleProgram(LaneProgram lanes, KernelIsa isa)
    {
        _lanes = lanes;
        Qubits = lanes.Qubits;
        Dim = lanes.Dim;
        Isa = SingleSampleKernels.For(isa, Dim);
        _forward = Isa switch
        {
            KernelIsa.Avx512 => this.Run<Avx512Kernels>,
            KernelIsa.Avx2 => this.Run<Avx2Kernels>,
            _ => this.Run<ScalarKernels>,
        };
        _schedule = Schedule(lanes, out _finalMap);
        var ops = lanes.Program.Ops;
        bool HasInput(int[] gates) => Array.Exists(gates, k => ops[k].Source == AngleSource.Input);
        _initialHasInput = Array.ConvertAll(lanes.InitialBlocks, HasInput);
        for (int i = 0; i < _schedule.Length; i++)
            _schedule[i] = _schedule[i] with { HasInput = HasInput(_schedule[i].Gates) };
        bool IsRotation(int k, AngleSource source) => ops[k].Kind == CircuitProgram.OpKind.Rotation && ops[k].Source == source;
        _inputOps = Enumerable.Range(0, ops.Length).Where(k => IsRotation(k, AngleSource.Input)).ToArray();
        _parameterOps = Enumerable.Range(0, ops.Length).Where(k => IsRotation(k, AngleSource.Parameter)).ToArray();
    }

    public int Qubits { get; }

    public int Dim { get; }

    /// <summary>The kernel set, chosen once here: the forward pass is instantiated for it.</summary>
    public KernelIsa Isa { get; }

    public CircuitProgram Program => _lanes.Program;

    /// <summary>The lane engine's steps with its CNOTs put back in place, as bit positions.</summary>
    private static Entry[] Schedule(LaneProgram lanes, out IndexMapping? finalMap)
    {
        int n = lanes.Qubits;
        var entries = new List<Entry>();
        var pending = new List<LaneProgram.Cnot>();
        bool Touches(int qubit, bool asTarget)
            => pending.Exists(cnot => cnot.Target == qubit || (!asTarget && cnot.Control == qubit));

        IndexMapping Mapping()
        {
            // The lane engine's relabeling of this run alone: column of the control absorbs the target's.
            var cols = new int[n];
            for (int b = 0; b < n; b++)
                cols[b] = 1 << b;
            foreach (LaneProgram.Cnot cnot in pending)
                cols[n - 1 - cnot.Control] ^= cols[n - 1 - cnot.Target];
            pending.Clear();
            return new IndexMapping(n, cols);
        }

        int c = 0;
        for (int s = 0; s <= lanes.Steps.Length; s++)
        {
            for (; c < lanes.Cnots.Length && lanes.Cnots[c].BeforeStep == s; c++)
                pending.Add(lanes.Cnots[c]);
            if (s == lanes.Steps.Length)
                break;
            LaneProgram.Step step = lanes.Steps[s];
            if (step.Kind == LaneProgram.StepKind.Block)
            {
                // A block commutes (bit for bit) with CNOTs that leave its qubit alone.
                if (Touches(step.Qubit, asTarget: false))
                    entries.Add(new Entry(EntryKind.Gather, -1, -1, Array.Empty<int>(), Mapping()));
                entries.Add(new Entry(EntryKind.Block, n - 1 - step.Qubit, -1, step.Gates, null));
            }
            else
            {
                // A CZ only reads bits a and b, so it commutes with CNOTs that do not flip either.
                if (Touches(step.Qubit, asTarget: true) || Touches(step.Qubit2, asTarget: true))
                    entries.Add(new Entry(EntryKind.Gather, -1, -1, Array.Empty<int>(), Mapping()));
                entries.Add(new Entry(EntryKind.Cz, n - 1 - step.Qubit, n - 1 - step.Qubit2, Array.Empty<int>(), null));
            }
        }

        finalMap = pending.Count > 0 ? Mapping() : null;
        return entries.ToArray();
    }

    /// <summary>Writes &lt;Z_q&gt; of one sample to <paramref name="expectations"/> (length <see cref="Qubits"/>).</summary>
    /// <param name="ws">Scratch for this engine; it also caches what depends on the parameters alone.</param>
    /// <param name="parameters">Trainable parameters (checked by the caller).</param>
    /// <param name="inputRow">The sample's input angles.</param>
    /// <param name="expectations">Receives &lt;Z_0&gt; ... &lt;Z_(n-1)&gt;.</param>
    public void Forward(SingleSampleWorkspace ws, ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputRow, Span<double> expectations)
        => _forward(ws, parameters, inputRow, expectations);

    /// <summary>The forward pass with the kernels of <typeparamref name="TKernels"/> (direct calls, inlined where they pay).</summary>
    private void Run<TKernels>(SingleSampleWorkspace ws, ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputRow, Span<double> expectations)
        where TKernels : struct, ISingleSampleKernels
    {
        int n = Qubits;
        if (!ws.Holds(parameters))
            Prepare(ws, parameters);
        var ops = Program.Ops;
        foreach (int k in _inputOps)
        {
            ref readonly CircuitProgram.Op op = ref ops[k];
            (double s, double c) = Math.SinCos(0.5 * inputRow[op.Index]);
            ws.Gate[k] = Matrix2Math.Rotation(op.Axis, c, s);
        }

        Span<Matrix2> initial = ws.Initial;
        for (int q = 0; q < n; q++)
        {
            if (_initialHasInput[q])
                initial[q] = TKernels.BlockProduct(ws.Gate, _lanes.InitialBlocks[q]);
        }

        double[] re = ws.Re, im = ws.Im, spareRe = ws.SpareRe, spareIm = ws.SpareIm;
        TKernels.ProductState(re, im, n, initial);
        for (int i = 0; i < _schedule.Length; i++)
        {
            ref readonly Entry e = ref _schedule[i];
            switch (e.Kind)
            {
                case EntryKind.Block:
                    TKernels.Apply(re, im, Dim, e.Bit, e.HasInput ? TKernels.BlockProduct(ws.Gate, e.Gates) : ws.Block[i]);
                    break;
                case EntryKind.Gather when _schedule[i + 1].Kind == EntryKind.Block && TKernels.FusesGather(_schedule[i + 1].Bit):
                    // The gather folded into the block after it (a gather is never last: trailing CNOTs are the final map).
                    i++;
                    ref readonly Entry next = ref _schedule[i];
                    TKernels.GatherApply(re, im, spareRe, spareIm, e.Map!, Dim, next.Bit,
                        next.HasInput ? TKernels.BlockProduct(ws.Gate, next.Gates) : ws.Block[i]);
                    (re, spareRe) = (spareRe, re);
                    (im, spareIm) = (spareIm, im);
                    break;
                case EntryKind.Gather:
                    TKernels.Gather(re, im, spareRe, spareIm, e.Map!, Dim);
                    (re, spareRe) = (spareRe, re);
                    (im, spareIm) = (spareIm, im);
                    break;
                default:
                    TKernels.Cz(re, im, Dim, e.Bit, e.Bit2);
                    break;
            }
        }

        // <Z_q> as the lane engine computes it; with a final mapping, amplitude i is read at f(i).
        if (_finalMap is null)
            TKernels.Norms(re, im, ws.Scratch, Dim);
        else
            TKernels.Probabilities(re, im, _finalMap, Dim, ws.Scratch, spareRe);
        ZExpectation<double, ScalarArithmetic>.FromProbabilities(ws.Scratch.AsSpan(0, Dim), n, expectations);
    }

    /// <summary>
    /// Gate matrices exactly as <see cref="LaneProgram.ResolveGroup"/> builds them for one lane (cos and sin of
    /// half angles as <see cref="CircuitEvaluator"/> computes them per call), and the block products that use
    /// no input, cached until the parameters change.
    /// </summary>
    private void Prepare(SingleSampleWorkspace ws, ReadOnlySpan<double> parameters)
    {
        var ops = Program.Ops;
        Matrix2[] gate = ws.Gate;
        for (int k = 0; k < ops.Length; k++)
        {
            ref readonly CircuitProgram.Op op = ref ops[k];
            if (op.Kind == CircuitProgram.OpKind.Fixed)
            {
                gate[k] = op.Fixed;
            }
            else if (op.Kind == CircuitProgram.OpKind.Rotation && op.Source == AngleSource.Constant)
            {
                (double s, double c) = Math.SinCos(0.5 * op.Constant);
                gate[k] = Matrix2Math.Rotation(op.Axis, c, s);
            }
        }

        for (int p = 0; p < parameters.Length; p++)
            (ws.Sin[p], ws.Cos[p]) = Math.SinCos(0.5 * parameters[p]);
        foreach (int k in _parameterOps)
            gate[k] = Matrix2Math.Rotation(ops[k].Axis, ws.Cos[ops[k].Index], ws.Sin[ops[k].Index]);
        for (int q = 0; q < Qubits; q++)
        {
            if (!_initialHasInput[q])
                ws.Initial[q] = Matrix2Math.Product(gate, _lanes.InitialBlocks[q]);
        }

        for (int i = 0; i < _schedule.Length; i++)
        {
            if (_schedule[i].Kind == EntryKind.Block && !_schedule[i].HasInput)
                ws.Block[i] = Matrix2Math.Product(gate, _schedule[i].Gates);
        }

        ws.Remember(parameters);
    }

    private enum EntryKind
    {
        Block,
        Cz,
        Gather,
    }

    /// <summary>One scheduled operation; bits are bit positions (qubit q is bit n - 1 - q); a gather carries its run's mapping.</summary>
    private readonly record struct Entry(EntryKind Kind, int Bit, int Bit2, int[] Gates, IndexMapping? Map)
    {
        /// <summary>A block with an input gate is multiplied out per sample; the others once per parameter vector.</summary>
        public bool HasInput { get; init; }
    }

    /// <summary>Length of the per-entry block cache of a workspace.</summary>
    internal int ScheduleLength => _schedule.Length;
}

/// <summary>Per-worker scratch of <see cref="SingleSampleProgram"/>, allocated once.</summary>
internal sealed class SingleSampleWorkspace
{
    public SingleSampleWorkspace(SingleSampleProgram program)
    {
        Re = new double[program.Dim];
        Im = new double[program.Dim];
        SpareRe = new double[program.Dim];
        SpareIm = new double[program.Dim];
        Scratch = new double[program.Dim];
        Gate = new Matrix2[program.Program.Ops.Length];
        Initial = new Matrix2[program.Qubits];
        Block = new Matrix2[program.ScheduleLength];
        Cos = new double[program.Program.ParameterCount];
        Sin = new double[program.Program.ParameterCount];
        _parameterBits = new long[program.Program.ParameterCount];
    }

    private readonly long[] _parameterBits;
    private bool _prepared;

    /// <summary>Block products without input gates, by schedule entry, for the remembered parameters.</summary>
    public Matrix2[] Block { get; }

    public double[] Cos { get; }

    public double[] Sin { get; }

    /// <summary>True when the cached matrices were made from exactly these parameter values (bit for bit).</summary>
    public bool Holds(ReadOnlySpan<double> parameters)
        => _prepared && MemoryMarshal.Cast<double, long>(parameters).SequenceEqual(_parameterBits);

    public void Remember(ReadOnlySpan<double> parameters)
    {
        MemoryMarshal.Cast<double, long>(parameters).CopyTo(_parameterBits);
        _prepared = true;
    }

    public double[] Re { get; }

    public double[] Im { get; }

    /// <summary>The other buffer of a gather (the two pairs swap roles).</summary>
    public double[] SpareRe { get; }

    public double[] SpareIm { get; }

    public double[] Scratch { get; }

    public Matrix2[] Gate { get; }

    public Matrix2[] Initial { get; }
}
