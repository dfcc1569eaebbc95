using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;

namespace Qhml.MLNet.Quantum;

/// <summary>
/// Evaluates a <see cref="QuantumCircuit"/> on batches of samples: the Pauli-Z expectation of every qubit
/// (<see cref="Forward"/>) and gradients by adjoint differentiation (<see cref="Gradient"/>) or the
/// parameter-shift rule (<see cref="ParameterShiftGradient"/>).
/// </summary>
/// <remarks>
/// <para>Compiled once, immutable apart from <see cref="MaxDegreeOfParallelism"/>, thread-safe and reusable.
/// Samples run in parallel; each worker reuses its own scratch state vectors (memory O(2^n) per worker),
/// so nothing is allocated per sample or per gate.</para>
/// <para>Results are bit-identical whatever the thread count: each sample is computed by one thread alone,
/// and the parameter gradient is summed over fixed chunks of <see cref="ChunkSize"/> samples, then over
/// chunks in order.</para>
/// <para>Qubit 0 is the most significant bit of a basis index (PennyLane / Q# order); expectations and
/// their gradients are laid out per sample as [Z_0, Z_1, ..., Z_(n-1)].</para>
/// <para>Engines: up to 16 qubits, <see cref="Forward"/> and <see cref="Gradient"/> simulate one sample per
/// SIMD lane with fused single-qubit blocks and CNOTs compiled into index relabelings; above 16 qubits
/// (and always for <see cref="ParameterShiftGradient"/>, which serves as an independent check) a plain
/// one-sample state-vector engine is used. With AVX2 + FMA, <see cref="Forward"/> of one sample (and of a
/// lane group holding at most <see cref="SingleSampleGroupLimit"/> samples) runs a one-sample engine that
/// vectorizes over amplitudes and gives the lane engine's results bit for bit. A sample's results do not
/// depend on the other samples of the batch.</para>
/// </remarks>
public sealed class CircuitEvaluator
{
    /// <summary>Samples per work item; fixed so that gradient sums do not depend on the thread count.</summary>
    public const int ChunkSize = 8;

    /// <summary>
    /// Lane groups with at most this many samples run them one by one on the one-sample engine: at 8 qubits a
    /// group of 4 lanes costs about 10.5 us whatever it holds, one sample alone about 3.5 us.
    /// </summary>
    internal const int SingleSampleGroupLimit = 2;

    private readonly CircuitProgram _program;
    private readonly LaneProgram? _lanes;
    private readonly SingleSampleProgram? _single;
    private readonly ConcurrentBag<Workspace> _workspaces = new();
    private Workspace? _cachedWorkspace; // the calling-thread path's workspace, taken without touching the bag
    private int _maxDegreeOfParallelism = -1;

    /// <summary>Compiles <paramref name="circuit"/>; later changes to the circuit are not seen.</summary>
    /// <param name="circuit">The circuit to evaluate.</param>
    public CircuitEvaluator(QuantumCircuit circuit)
        : this(circuit, useLanes: circuit is not null && circuit.QubitCount <= LaneProgram.MaxQubits)
    {
    }

    /// <summary>Tests use this to run the plain one-sample engine (used above 16 qubits) on small circuits.</summary>
    internal CircuitEvaluator(QuantumCircuit circuit, bool useLanes)
    {
        _program = CircuitProgram.Compile(circuit);
        if (useLanes && LaneProgram.Lanes <= ChunkSize && ChunkSize % LaneProgram.Lanes == 0)
            _lanes = new LaneProgram(_program);
        if (_lanes is not null && SingleSampleKernels.Best != KernelIsa.Scalar)
            _single = new SingleSampleProgram(_lanes, SingleSampleKernels.Best);
    }

    /// <summary>True when batches run through the lane-parallel engine (circuits up to 16 qubits).</summary>
    internal bool UsesLanes => _lanes is not null;

    /// <summary>True when a lone sample in a lane group runs the one-sample forward engine (bit-identical to the lanes).</summary>
    internal bool UsesSingleSampleForward => _single is not null;

    /// <summary>Number of qubits (= expectations per sample).</summary>
    public int QubitCount => _program.Qubits;

    /// <summary>Number of trainable parameters.</summary>
    public int ParameterCount => _program.ParameterCount;

    /// <summary>Number of input angles per sample.</summary>
    public int InputCount => _program.InputCount;

    /// <summary>Most worker threads used for a batch; -1 (default) uses all cores.</summary>
    public int MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism;
        set
        {
            if (value == 0 || value < -1)
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"MaxDegreeOfParallelism must be -1 (all cores) or >= 1; got {value}."),
                    nameof(value));
            _maxDegreeOfParallelism = value;
        }
    }

    /// <summary>Computes &lt;Z_q&gt; for every qubit of every sample.</summary>
    /// <param name="parameters">Trainable parameters, length <see cref="ParameterCount"/>.</param>
    /// <param name="inputs">Input angles, batch x <see cref="InputCount"/>, row-major.</param>
    /// <param name="expectations">Receives batch x <see cref="QubitCount"/> expectations, row-major.</param>
    public void Forward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, Span<double> expectations)
    {
        int batch = InferBatch(inputs.Length, nameof(inputs), expectations.Length, nameof(expectations));
        _program.CheckParameters(parameters);
        _program.CheckInputs(inputs, batch);
        if (batch == 1 && _single is not null)
        {
            // Single-row scoring: the one-sample engine, which caches the parameter trig and matrices.
            Workspace ws = Rent();
            _single.Forward(ws.Single, parameters, inputs, expectations);
            Return(ws);
            return;
        }

        RunForward(parameters, inputs, expectations, batch, states: null);
    }

    /// <summary>A tape for <see cref="ForwardRecording"/> and the <see cref="GradientFromTape"/> after it.</summary>
    internal CircuitTape CreateTape() => new(_lanes);

    /// <summary>
    /// <see cref="Forward"/> that, with a <paramref name="tape"/>,
    /// keeps every lane group's final state for the gradient of the same batch (training). Same bits either way.
    /// </summary>
    internal void ForwardRecording(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, Span<double> expectations, CircuitTape? tape)
    {
        if (tape is null)
        {
            Forward(parameters, inputs, expectations);
            return;
        }

        int batch = InferBatch(inputs.Length, nameof(inputs), expectations.Length, nameof(expectations));
        _program.CheckParameters(parameters);
        _program.CheckInputs(inputs, batch);
        LaneState[]? states = tape.Begin(batch);
        RunForward(parameters, inputs, expectations, batch, states);
        if (states is not null)
            tape.Record(parameters, inputs);
    }

    /// <summary>The batched forward pass; with <paramref name="states"/>, each lane group runs in (and leaves its state in) its own.</summary>
    private void RunForward(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, Span<double> expectations, int batch, LaneState[]? states)
    {
        double[] trig = RentTrig(parameters);
        try
        {
            unsafe
            {
                fixed (double* p = parameters, x = inputs, e = expectations, t = trig)
                {
                    var job = new Job(this, p, parameters.Length, x, inputs.Length, t, e, null, null, null, Mode.Forward, states, replay: false);
                    Run(job, batch);
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(trig);
        }
    }

    /// <summary>cos(t/2) then sin(t/2) of every parameter, computed once per call for the lane engine.</summary>
    private static double[] RentTrig(ReadOnlySpan<double> parameters)
    {
        double[] trig = ArrayPool<double>.Shared.Rent(Math.Max(1, 2 * parameters.Length));
        for (int p = 0; p < parameters.Length; p++)
            (trig[parameters.Length + p], trig[p]) = Math.SinCos(0.5 * parameters[p]);
        return trig;
    }

    /// <summary>
    /// Adjoint differentiation of L = sum over samples and qubits of g[s, q] &lt;Z_q&gt;(s): one forward and
    /// one backward sweep per sample with the observable sum_q g[s, q] Z_q.
    /// </summary>
    /// <param name="parameters">Trainable parameters, length <see cref="ParameterCount"/>.</param>
    /// <param name="inputs">Input angles, batch x <see cref="InputCount"/>, row-major.</param>
    /// <param name="expectationGradients">dL/d&lt;Z_q&gt; per sample, batch x <see cref="QubitCount"/>.</param>
    /// <param name="parameterGradient">Overwritten with dL/d(parameter) summed over the batch; length <see cref="ParameterCount"/>.</param>
    /// <param name="inputGradients">Overwritten with dL/d(input angle) per sample, batch x <see cref="InputCount"/>.</param>
    public void Gradient(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, ReadOnlySpan<double> expectationGradients,
        Span<double> parameterGradient, Span<double> inputGradients)
        => Differentiate(parameters, inputs, expectationGradients, parameterGradient, inputGradients, Mode.Adjoint, null);

    /// <summary>
    /// <see cref="Gradient"/> starting from the states a taped forward pass of exactly these parameters and inputs kept (no second forward
    /// pass); without such a record it runs its own. Same bits either way; the tape is consumed.
    /// </summary>
    internal void GradientFromTape(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, ReadOnlySpan<double> expectationGradients,
        Span<double> parameterGradient, Span<double> inputGradients, CircuitTape tape)
        => Differentiate(parameters, inputs, expectationGradients, parameterGradient, inputGradients, Mode.Adjoint, tape);

    /// <summary>
    /// Same result as <see cref="Gradient"/> by the parameter-shift rule (two circuit runs per variable gate
    /// per sample, as on hardware): slower, used as an independent check.
    /// </summary>
    /// <param name="parameters">Trainable parameters, length <see cref="ParameterCount"/>.</param>
    /// <param name="inputs">Input angles, batch x <see cref="InputCount"/>, row-major.</param>
    /// <param name="expectationGradients">dL/d&lt;Z_q&gt; per sample, batch x <see cref="QubitCount"/>.</param>
    /// <param name="parameterGradient">Overwritten with dL/d(parameter) summed over the batch; length <see cref="ParameterCount"/>.</param>
    /// <param name="inputGradients">Overwritten with dL/d(input angle) per sample, batch x <see cref="InputCount"/>.</param>
    public void ParameterShiftGradient(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, ReadOnlySpan<double> expectationGradients,
        Span<double> parameterGradient, Span<double> inputGradients)
        => Differentiate(parameters, inputs, expectationGradients, parameterGradient, inputGradients, Mode.ParameterShift, null);

    private void Differentiate(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs, ReadOnlySpan<double> expectationGradients,
        Span<double> parameterGradient, Span<double> inputGradients, Mode mode, CircuitTape? tape)
    {
        int batch = InferBatch(inputs.Length, nameof(inputs), expectationGradients.Length, nameof(expectationGradients));
        _program.CheckParameters(parameters);
        _program.CheckInputs(inputs, batch);
        if (parameterGradient.Length != ParameterCount)
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"parameterGradient must have length {ParameterCount}; got {parameterGradient.Length}."),
                nameof(parameterGradient));
        if (inputGradients.Length != batch * InputCount)
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"inputGradients must have length {batch} x {InputCount} = {batch * InputCount}; got {inputGradients.Length}."),
                nameof(inputGradients));
        for (int k = 0; k < expectationGradients.Length; k++)
        {
            if (!double.IsFinite(expectationGradients[k]))
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"expectationGradients: sample {k / QubitCount}, qubit {k % QubitCount} is {expectationGradients[k]} (must be finite)."),
                    nameof(expectationGradients));
        }

        LaneState[]? states = tape?.Take(parameters, inputs);
        int chunks = (batch + ChunkSize - 1) / ChunkSize;
        int sumLength = chunks * ParameterCount;
        double[] chunkSums = ArrayPool<double>.Shared.Rent(Math.Max(sumLength, 1));
        double[] trig = RentTrig(parameters);
        try
        {
            Array.Clear(chunkSums, 0, sumLength);
            unsafe
            {
                fixed (double* p = parameters, x = inputs, g = expectationGradients, gi = inputGradients, cs = chunkSums, t = trig)
                {
                    var job = new Job(this, p, parameters.Length, x, inputs.Length, t, null, g, gi, cs, mode, states, replay: states is not null);
                    Run(job, batch);
                }
            }

            // Fixed-order reduction: chunk 0, 1, 2, ... regardless of which thread computed which chunk.
            parameterGradient.Clear();
            for (int c = 0; c < chunks; c++)
            {
                ReadOnlySpan<double> part = chunkSums.AsSpan(c * ParameterCount, ParameterCount);
                for (int p = 0; p < ParameterCount; p++)
                    parameterGradient[p] += part[p];
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(chunkSums);
            ArrayPool<double>.Shared.Return(trig);
        }
    }

    private int InferBatch(int inputLength, string inputName, int perQubitLength, string perQubitName)
    {
        int batch = perQubitLength / QubitCount;
        if (perQubitLength % QubitCount != 0)
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{perQubitName} length {perQubitLength} is not a multiple of the qubit count {QubitCount}."),
                perQubitName);
        if (InputCount > 0 && inputLength != batch * InputCount)
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture,
                    $"inputs length {inputLength} does not match {perQubitName} length {perQubitLength}: expected batch x {InputCount} = {batch * InputCount} for batch {batch} ({perQubitName} holds batch x {QubitCount})."),
                inputName);
        if (InputCount == 0 && inputLength != 0)
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The circuit has no inputs but {inputLength} input value(s) were given."),
                inputName);
        return batch;
    }

    private void Run(in Job job, int batch)
    {
        int chunks = (batch + ChunkSize - 1) / ChunkSize;
        int dop = _maxDegreeOfParallelism == -1 ? Environment.ProcessorCount : _maxDegreeOfParallelism;
        if (dop == 1 || chunks <= 1)
        {
            Workspace ws = Rent();
            for (int c = 0; c < chunks; c++)
                job.RunChunk(ws, c, batch);
            Return(ws);
            return;
        }

        RunParallel(job, batch, chunks, dop);
    }

    // Only the parallel path allocates (closure, Parallel plumbing), amortized over several chunks; it lives in its
    // own method so that the closure is not created on the calling-thread path.
    private void RunParallel(Job shared, int batch, int chunks, int dop)
    {
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = dop },
            Rent,
            (c, _, ws) =>
            {
                shared.RunChunk(ws, (int)c, batch);
                return ws;
            },
            Return);
    }

    private Workspace Rent()
        => Interlocked.Exchange(ref _cachedWorkspace, null) ?? (_workspaces.TryTake(out var ws) ? ws : new Workspace(this));

    private void Return(Workspace ws)
    {
        if (Interlocked.CompareExchange(ref _cachedWorkspace, ws, null) is not null)
            _workspaces.Add(ws);
    }

    /// <summary>One worker's scratch for either engine, created on first use and pooled for reuse.</summary>
    private sealed class Workspace
    {
        private readonly CircuitEvaluator _owner;
        private CircuitProgram.Workspace? _scalar;
        private LaneWorkspace? _lanes;
        private SingleSampleWorkspace? _single;

        public Workspace(CircuitEvaluator owner) => _owner = owner;

        public CircuitProgram.Workspace Scalar => _scalar ??= new CircuitProgram.Workspace(_owner._program);

        public LaneWorkspace Lanes => _lanes ??= new LaneWorkspace(_owner._lanes!);

        public SingleSampleWorkspace Single => _single ??= new SingleSampleWorkspace(_owner._single!);
    }

    private enum Mode
    {
        Forward,
        Adjoint,
        ParameterShift,
    }

    /// <summary>
    /// Raw views of the caller's spans, valid for the duration of one call (the spans are pinned). A struct, so a
    /// call that runs on the calling thread allocates nothing.
    /// </summary>
    private readonly unsafe struct Job
    {
        private readonly CircuitEvaluator _owner;
        private readonly double* _parameters;
        private readonly int _parameterLength;
        private readonly double* _inputs;
        private readonly int _inputLength;
        private readonly double* _trig;
        private readonly double* _expectations;
        private readonly double* _expectationGradients;
        private readonly double* _inputGradients;
        private readonly double* _chunkSums;
        private readonly Mode _mode;
        private readonly LaneState[]? _tape; // one state per lane group of the batch, when taped
        private readonly bool _replay; // the tape holds this batch's forward pass: the adjoint starts from it

        public Job(CircuitEvaluator owner, double* parameters, int parameterLength, double* inputs, int inputLength, double* trig,
            double* expectations, double* expectationGradients, double* inputGradients, double* chunkSums, Mode mode,
            LaneState[]? tape, bool replay)
        {
            _tape = tape;
            _replay = replay;
            _owner = owner;
            _parameters = parameters;
            _parameterLength = parameterLength;
            _inputs = inputs;
            _inputLength = inputLength;
            _trig = trig;
            _expectations = expectations;
            _expectationGradients = expectationGradients;
            _inputGradients = inputGradients;
            _chunkSums = chunkSums;
            _mode = mode;
        }

        public void RunChunk(Workspace ws, int chunk, int batch)
        {
            if (_owner._lanes is not null && _mode != Mode.ParameterShift)
                RunLanes(ws, chunk, batch);
            else
                RunScalar(ws.Scalar, chunk, batch);
        }

        private void RunLanes(Workspace workspace, int chunk, int batch)
        {
            LaneProgram lanes = _owner._lanes!;
            int n = lanes.Qubits, inCount = _owner.InputCount, pCount = _owner.ParameterCount, w = LaneProgram.Lanes;
            var cos = new ReadOnlySpan<double>(_trig, pCount);
            var sin = new ReadOnlySpan<double>(_trig + pCount, pCount);
            var inputs = new ReadOnlySpan<double>(_inputs, _inputLength);
            int end = Math.Min(batch, (chunk + 1) * ChunkSize);
            Span<double> lane = stackalloc double[w];
            for (int first = chunk * ChunkSize; first < end; first += w)
            {
                int valid = Math.Min(w, end - first);
                if (_mode == Mode.Forward && valid <= SingleSampleGroupLimit && _owner._single is not null && _tape is null)
                {
                    // Mostly empty lanes would be wasted: the one-sample engine gives the same bits faster.
                    var parameters = new ReadOnlySpan<double>(_parameters, _parameterLength);
                    for (int s = first; s < first + valid; s++)
                        _owner._single.Forward(workspace.Single, parameters, inputs.Slice(s * inCount, inCount), new Span<double>(_expectations + (s * n), n));
                    continue;
                }

                LaneWorkspace ws = workspace.Lanes;
                LaneState st = _tape is null ? ws.State : _tape[first / w];
                if (!_replay)
                {
                    lanes.ResolveGroup(st, cos, sin, inputs, first, valid);
                    lanes.Forward(st, ws, expectations: _mode == Mode.Forward);
                }

                if (_mode == Mode.Forward)
                {
                    for (int q = 0; q < n; q++)
                    {
                        for (int l = 0; l < valid; l++)
                            _expectations[(first + l) * n + q] = st.Expectations[q][l];
                    }

                    continue;
                }

                for (int q = 0; q < n; q++)
                {
                    // Padding lanes get a zero observable: they contribute nothing.
                    lane.Clear();
                    for (int l = 0; l < valid; l++)
                        lane[l] = _expectationGradients[(first + l) * n + q];
                    ws.ExpectationGradient[q] = new System.Numerics.Vector<double>(lane);
                }

                lanes.Backward(st, ws);
                double* sums = _chunkSums + (chunk * pCount);
                for (int l = 0; l < valid; l++)
                {
                    for (int p = 0; p < pCount; p++)
                        sums[p] += ws.ParameterGradient[p][l];
                    for (int j = 0; j < inCount; j++)
                        _inputGradients[(first + l) * inCount + j] = ws.InputGradient[j][l];
                }
            }
        }

        private void RunScalar(CircuitProgram.Workspace ws, int chunk, int batch)
        {
            CircuitProgram program = _owner._program;
            int n = program.Qubits, inCount = program.InputCount, pCount = program.ParameterCount;
            var parameters = new ReadOnlySpan<double>(_parameters, _parameterLength);
            int end = Math.Min(batch, (chunk + 1) * ChunkSize);
            for (int s = chunk * ChunkSize; s < end; s++)
            {
                var inputRow = new ReadOnlySpan<double>(_inputs + (s * inCount), inCount);
                program.ResolveAngles(parameters, inputRow, ws.Angles);
                switch (_mode)
                {
                    case Mode.Forward:
                        program.Run(ws.Phi, ws.Angles, ws.Gate);
                        StateKernels.ExpectationsZ(ws.Phi.Re, ws.Phi.Im, n, new Span<double>(_expectations + (s * n), n));
                        break;
                    case Mode.Adjoint:
                        program.Adjoint(ws, ws.Angles, new ReadOnlySpan<double>(_expectationGradients + (s * n), n),
                            new Span<double>(_chunkSums + (chunk * pCount), pCount), new Span<double>(_inputGradients + (s * inCount), inCount));
                        break;
                    default:
                        program.ParameterShift(ws, ws.Angles, new ReadOnlySpan<double>(_expectationGradients + (s * n), n),
                            new Span<double>(_chunkSums + (chunk * pCount), pCount), new Span<double>(_inputGradients + (s * inCount), inCount));
                        break;
                }
            }
        }
    }
}
