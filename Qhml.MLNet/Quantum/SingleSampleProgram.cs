namespace Qhml.MLNet.Quantum;

/// <summary>
/// One-sample forward engine of <see cref="CircuitEvaluator"/> for circuits the lane engine runs: vectorizes
/// over amplitudes instead of samples, so a lone sample does not pay for empty lanes.
/// </summary>
/// <remarks>
/// <para>Bit-identical to <see cref="LaneProgram.Forward"/> for the same sample. The lane engine's arithmetic is
/// element-wise per lane, so this engine replays its compiled schedule (same fused blocks, same block
/// products, same product state, same step order) with the same per-amplitude operations
/// (see <see cref="SingleSampleKernels"/>), and reduces &lt;Z_q&gt; in the same index order.</para>
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

    /// <param name="lanes">The compiled lane engine whose results this engine reproduces.</param>
    /// <param name="useVectors">False runs the scalar kernels (tests; machines without AVX2 + FMA).</param>
    public SingleSampleProgram(LaneProgram lanes, bool useVectors)
    {
        _lanes = lanes;
        Qubits = lanes.Qubits;
        Dim = lanes.Dim;
        UsesVectors = useVectors && SingleSampleKernels.IsAccelerated && Dim >= 8;
        _schedule = Schedule(lanes, out _finalMap);
    }

    public int Qubits { get; }

    public int Dim { get; }

    /// <summary>True when the AVX2 kernels run (else the scalar ones).</summary>
    public bool UsesVectors { get; }

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
    /// <param name="ws">Scratch for this engine.</param>
    /// <param name="paramCos">cos(t/2) of every parameter.</param>
    /// <param name="paramSin">sin(t/2) of every parameter.</param>
    /// <param name="inputRow">The sample's input angles.</param>
    /// <param name="expectations">Receives &lt;Z_0&gt; ... &lt;Z_(n-1)&gt;.</param>
    public void Forward(SingleSampleWorkspace ws, ReadOnlySpan<double> paramCos, ReadOnlySpan<double> paramSin,
        ReadOnlySpan<double> inputRow, Span<double> expectations)
    {
        int n = Qubits;
        bool vectors = UsesVectors;
        ResolveGates(ws.Gate, paramCos, paramSin, inputRow);
        Span<Matrix2> initial = ws.Initial;
        for (int q = 0; q < n; q++)
            initial[q] = BlockMatrix(ws.Gate, _lanes.InitialBlocks[q]);
        double[] re = ws.Re, im = ws.Im, spareRe = ws.SpareRe, spareIm = ws.SpareIm;
        SingleSampleKernels.ProductState(re, im, n, initial, vectors);
        foreach (Entry e in _schedule)
        {
            switch (e.Kind)
            {
                case EntryKind.Block:
                    SingleSampleKernels.Apply(re, im, Dim, e.Bit, BlockMatrix(ws.Gate, e.Gates), vectors);
                    break;
                case EntryKind.Gather:
                    SingleSampleKernels.Gather(re, im, spareRe, spareIm, e.Map!, Dim, vectors);
                    (re, spareRe) = (spareRe, re);
                    (im, spareIm) = (spareIm, im);
                    break;
                default:
                    SingleSampleKernels.Cz(re, im, Dim, e.Bit, e.Bit2, vectors);
                    break;
            }
        }

        if (_finalMap is not null)
        {
            SingleSampleKernels.Gather(re, im, spareRe, spareIm, _finalMap, Dim, vectors);
            (re, im) = (spareRe, spareIm);
        }

        SingleSampleKernels.ExpectationsZ(re, im, n, ws.Scratch, expectations, vectors);
    }

    /// <summary>Gate matrices exactly as <see cref="LaneProgram.ResolveGroup"/> builds them for one lane.</summary>
    private void ResolveGates(Matrix2[] gates, ReadOnlySpan<double> paramCos, ReadOnlySpan<double> paramSin, ReadOnlySpan<double> inputRow)
    {
        var ops = Program.Ops;
        for (int k = 0; k < ops.Length; k++)
        {
            ref readonly CircuitProgram.Op op = ref ops[k];
            switch (op.Kind)
            {
                case CircuitProgram.OpKind.Rotation:
                    double c, s;
                    if (op.Source == AngleSource.Parameter)
                        (c, s) = (paramCos[op.Index], paramSin[op.Index]);
                    else if (op.Source == AngleSource.Input)
                        (s, c) = Math.SinCos(0.5 * inputRow[op.Index]);
                    else
                        (s, c) = Math.SinCos(0.5 * op.Constant);
                    gates[k] = Rotation(op.Axis, c, s);
                    break;
                case CircuitProgram.OpKind.Fixed:
                    gates[k] = op.Fixed;
                    break;
            }
        }
    }

    /// <summary>The entries of <see cref="LaneMatrix.Rotation"/> for one lane.</summary>
    private static Matrix2 Rotation(RotationAxis axis, double c, double s) => axis switch
    {
        RotationAxis.X => new(c, 0.0, 0.0, -s, 0.0, -s, c, 0.0),
        RotationAxis.Y => new(c, 0.0, -s, 0.0, s, 0.0, c, 0.0),
        _ => new(c, -s, 0.0, 0.0, 0.0, 0.0, c, s),
    };

    /// <summary>Block product in the lane engine's order (<see cref="Matrix2.Multiply"/> rounds as <see cref="LaneMatrix.Multiply"/>).</summary>
    private static Matrix2 BlockMatrix(Matrix2[] gate, int[] gates)
    {
        if (gates.Length == 0)
            return new Matrix2(1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0);
        Matrix2 m = gate[gates[0]];
        for (int j = 1; j < gates.Length; j++)
            m = Matrix2.Multiply(gate[gates[j]], m);
        return m;
    }

    private enum EntryKind
    {
        Block,
        Cz,
        Gather,
    }

    /// <summary>One scheduled operation; bits are bit positions (qubit q is bit n - 1 - q); a gather carries its run's mapping.</summary>
    private readonly record struct Entry(EntryKind Kind, int Bit, int Bit2, int[] Gates, IndexMapping? Map);
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
