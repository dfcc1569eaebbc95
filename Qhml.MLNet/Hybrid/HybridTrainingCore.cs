using System.Globalization;
using System.Numerics.Tensors;
using Qhml.MLNet.Common;

namespace Qhml.MLNet.Hybrid;

/// <summary>
/// Loss and end-to-end gradient of one mini-batch (training mode: batch statistics in the interface).
/// The network's forward pass and its upper layers' backward pass run in fixed chunks of <see cref="ChunkSize"/>
/// rows (upper-layer partial gradients summed in chunk order); the wide first layer's weight gradient is split
/// between threads by output unit, each unit summing over the batch's rows in order. Either way the result is
/// bit-identical whatever the thread count. Not thread-safe itself (one per training run).
/// </summary>
internal sealed class HybridTrainingCore
{
    /// <summary>Rows per parallel work item; fixed so the reduction order never depends on threads.</summary>
    public const int ChunkSize = 8;

    /// <summary>First-layer output units per parallel work item of the weight gradient.</summary>
    private const int OutputBlock = 8;

    private readonly HybridComponents _c;
    private readonly double[] _y, _w;
    private readonly PreparedRows _rowsData; // the features, read as float; the batch's rows widened into _batchX
    private readonly double[] _batchX;       // the batch's rows in double (exact), for a double first layer and the weight gradient
    private readonly int[] _sourceRows, _batchRows; // per batch row: its row in the shared float features; and 0, 1, 2...
    private readonly Memory<float> _firstWeights; // and its float weights (rounded per batch)
    private readonly int _f, _q, _act, _netParams, _netScratch, _upperStart, _upperCount, _hidden, _outputBlocks;
    private readonly HybridLoss _loss;
    private readonly double _huberDelta;
    private readonly ParallelOptions _parallel;
    private readonly double[] _acts, _u, _angles, _cache, _headScratch, _headWork, _outputs, _dOut, _dAngles, _du;
    private readonly double[] _chunkGrad, _chunkScratch, _firstDeltas;
    private readonly Action<int> _forwardChunk, _backwardChunk, _firstLayerBlock;
    private readonly HeadTape _headTape; // the head's forward pass keeps what its backward pass needs

    // Current batch, read by the chunk bodies.
    private double[] _p = [], _g = [];
    private int[] _rows = [];
    private int _start, _n;

    public HybridTrainingCore(HybridComponents components, PreparedRows rows, double[] standardizedLabels,
        int maxBatch, HybridLoss loss, double huberDelta, int maxDegreeOfParallelism)
    {
        if (standardizedLabels.Length != rows.Count)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{standardizedLabels.Length} labels for {rows.Count} rows; expected one per row."), nameof(standardizedLabels));
        _c = components;
        _rowsData = rows;
        _firstWeights = AlignedMemory.AllocateSingle(components.SinglePrecisionFirstLayer ? components.Network.SingleFirstLayerLength : 0);
        _y = standardizedLabels;
        _w = rows.Weights;
        _f = components.Architecture.FeatureCount;
        _q = components.Qubits;
        _act = components.Network.ActivationBufferSize;
        _netParams = components.Network.ParameterCount;
        _netScratch = components.Network.ScratchSize;
        _upperStart = components.Network.FirstLayerParameterCount;
        _upperCount = _netParams - _upperStart;
        _hidden = components.Network.FirstLayerOutputs;
        _outputBlocks = (_hidden + OutputBlock - 1) / OutputBlock;
        _loss = loss;
        _huberDelta = huberDelta;
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        MaxBatch = maxBatch;
        int chunks = (maxBatch + ChunkSize - 1) / ChunkSize;
        _acts = new double[maxBatch * _act];
        _u = new double[maxBatch * _q];
        _angles = new double[maxBatch * _q];
        _cache = new double[maxBatch * _q];
        _headScratch = new double[maxBatch * components.Head.ScratchPerRow];
        _headWork = new double[maxBatch * Math.Max(components.Head.ScratchPerRow, _q)];
        _outputs = new double[maxBatch];
        _dOut = new double[maxBatch];
        _dAngles = new double[maxBatch * _q];
        _du = new double[maxBatch * _q];
        _chunkGrad = new double[chunks * _upperCount]; // upper layers only: the first layer is summed by output unit
        _chunkScratch = new double[chunks * _netScratch];
        _firstDeltas = new double[maxBatch * _hidden];
        _batchX = new double[maxBatch * _f];
        _sourceRows = new int[maxBatch];
        _batchRows = Enumerable.Range(0, maxBatch).ToArray();
        BatchFirst = new double[_q];
        BatchSecond = new double[_q];
        _headTape = components.Head.CreateTape();
        _forwardChunk = ForwardChunk;
        _backwardChunk = BackwardChunk;
        _firstLayerBlock = FirstLayerBlock;
    }

    public int MaxBatch { get; }

    /// <summary>Batch statistics of the last call (mean/variance or min/max per qubit).</summary>
    public double[] BatchFirst { get; }
    public double[] BatchSecond { get; }

    /// <summary>Interface angles of the last call (rows x Q).</summary>
    public ReadOnlySpan<double> Angles => _angles.AsSpan(0, _n * _q);

    /// <summary>
    /// Weighted mean loss of rows <c>rows[start..start+n)</c> (standardized labels, no L2) and its gradient
    /// with respect to every parameter (overwritten into <paramref name="gradient"/>).
    /// </summary>
    public double LossAndGradient(double[] parameters, int[] rows, int start, int n, double[] gradient)
    {
        if (n > MaxBatch)
            throw OutOfRange.Exception(nameof(n), n, string.Create(CultureInfo.InvariantCulture, $"Batch of {n} rows exceeds the {MaxBatch} the buffers hold."));
        _p = parameters;
        _rows = rows;
        _start = start;
        _n = n;
        // The forward pass computes with these weights; the gradient is taken there and applied to the double masters.
        _c.RoundFirstLayerWeights(parameters, _firstWeights);
        for (int i = 0; i < n; i++)
            _sourceRows[i] = _rowsData.SourceRow(rows[start + i]);
        int chunks = (n + ChunkSize - 1) / ChunkSize;
        RunChunks(chunks, _forwardChunk);

        var norm = _c.Normalizer;
        norm.ForwardTraining(_u, n, _angles, _cache, BatchFirst, BatchSecond);
        // Checked here: NaN angles would otherwise reach the simulator, whose own argument check would speak instead.
        if (!SpanMath.AllFinite((ReadOnlySpan<double>)_angles.AsSpan(0, n * _q)))
            throw new HybridDivergenceException("the circuit angles are not finite (the network's outputs overflowed)");
        ReadOnlySpan<double> headParams = parameters.AsSpan(_c.HeadOffset);
        _c.Head.ForwardTraining(headParams, _angles, n, _outputs, _headScratch, _headTape);

        double weightSum = 0, loss = 0;
        for (int i = 0; i < n; i++)
            weightSum += _w[rows[start + i]];
        for (int i = 0; i < n; i++)
        {
            int row = rows[start + i];
            double r = _outputs[i] - _y[row], w = _w[row];
            double l, dl;
            if (_loss == HybridLoss.Huber && Math.Abs(r) > _huberDelta)
            {
                l = 2 * _huberDelta * Math.Abs(r) - _huberDelta * _huberDelta;
                dl = 2 * _huberDelta * Math.Sign(r);
            }
            else
            {
                l = r * r;
                dl = 2 * r;
            }
            loss += w * l;
            _dOut[i] = weightSum > 0 ? w * dl / weightSum : 0.0;
        }
        loss = weightSum > 0 ? loss / weightSum : 0.0;

        _c.Head.BackwardTraining(headParams, _angles, n, _headScratch, _dOut, gradient.AsSpan(_c.HeadOffset), _dAngles, _headWork, _headTape);
        norm.BackwardTraining(_u, n, _angles, _cache, BatchFirst, BatchSecond, _dAngles, _du);

        if (_hidden == 0)
            return loss;
        _g = gradient;
        RunChunks(chunks, _backwardChunk);
        Span<double> upperGrad = gradient.AsSpan(_upperStart, _upperCount);
        _chunkGrad.AsSpan(0, _upperCount).CopyTo(upperGrad);
        for (int c = 1; c < chunks; c++)
            TensorPrimitives.Add(upperGrad, _chunkGrad.AsSpan(c * _upperCount, _upperCount), upperGrad);
        RunChunks(_outputBlocks, _firstLayerBlock);
        return loss;
    }

    private void RunChunks(int chunks, Action<int> body)
    {
        if (chunks == 1 || _parallel.MaxDegreeOfParallelism == 1)
        {
            for (int c = 0; c < chunks; c++)
                body(c);
        }
        else
        {
            Parallel.For(0, chunks, _parallel, body);
        }
    }

    private void ForwardChunk(int chunk)
    {
        int first = chunk * ChunkSize, count = Math.Min(_n, first + ChunkSize) - first;
        // Each chunk widens its own rows: the double rows of the batch, read by the weight gradient after the forward pass.
        for (int i = first; i < first + count; i++)
            _rowsData.RowAsDouble(_rows[_start + i], _batchX.AsSpan(i * _f, _f));
        Span<double> acts = _acts.AsSpan(first * _act, count * _act);
        if (_c.SinglePrecisionFirstLayer)
            _c.Network.ForwardRows(_p.AsSpan(0, _netParams), _firstWeights.Span, _rowsData.Source, _sourceRows.AsSpan(first, count), acts);
        else
            _c.Network.ForwardRows(_p.AsSpan(0, _netParams), _batchX, _batchRows.AsSpan(first, count), acts);
        for (int i = 0; i < count; i++)
            _c.Network.Output(_batchX.AsSpan((first + i) * _f, _f), acts.Slice(i * _act, _act)).CopyTo(_u.AsSpan((first + i) * _q, _q));
    }

    // Upper layers of one chunk of rows: their partial gradient into the chunk's buffer, first-layer deltas per row.
    private void BackwardChunk(int chunk)
    {
        int first = chunk * ChunkSize, count = Math.Min(_n, first + ChunkSize) - first;
        Span<double> grad = _chunkGrad.AsSpan(chunk * _upperCount, _upperCount);
        grad.Clear();
        _c.Network.BackwardUpperRows(_p.AsSpan(0, _netParams), _acts.AsSpan(first * _act, count * _act), _du.AsSpan(first * _q, count * _q),
            count, grad, _chunkScratch.AsSpan(chunk * _netScratch, _netScratch), _firstDeltas.AsSpan(first * _hidden, count * _hidden));
    }

    private void FirstLayerBlock(int block)
    {
        int first = block * OutputBlock, end = Math.Min(_hidden, first + OutputBlock);
        _c.Network.FirstLayerGradient(_batchX, _batchRows.AsSpan(0, _n), _firstDeltas.AsSpan(0, _n * _hidden), first, end, _g);
    }
}
