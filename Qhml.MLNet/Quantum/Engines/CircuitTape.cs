using System.Runtime.InteropServices;

namespace Qhml.MLNet.Quantum;

/// <summary>
/// What a training step's forward pass keeps for its adjoint pass: the lane engine's final state, gate and block
/// matrices of every group of the batch, so <see cref="CircuitEvaluator.GradientFromTape"/>
/// does not run the circuit forward a second time. Made by <see cref="CircuitEvaluator.CreateTape"/>; one per
/// training run (not thread-safe). The gradient consumes it (it un-applies the states in place).
/// </summary>
internal sealed class CircuitTape
{
    /// <summary>Largest memory a tape holds; a batch needing more is recomputed by the gradient instead.</summary>
    public const long MaxBytes = 64L << 20;

    private readonly LaneProgram? _lanes;
    private LaneState[] _groups = [];
    private double[] _parameters = [];
    private double[] _inputs = [];
    private int _inputLength;
    private bool _recorded;

    internal CircuitTape(LaneProgram? lanes) => _lanes = lanes;

    /// <summary>Number of gradient calls that started from the recorded forward pass (tests read it).</summary>
    public int Replays { get; private set; }

    /// <summary>The groups' states for a forward pass of <paramref name="batch"/> samples, or null when the batch is not taped.</summary>
    internal LaneState[]? Begin(int batch)
    {
        _recorded = false;
        if (_lanes is null)
            return null;
        int groups = (batch + LaneProgram.Lanes - 1) / LaneProgram.Lanes;
        if (groups * LaneState.Bytes(_lanes) > MaxBytes)
            return null;
        if (_groups.Length < groups)
        {
            int had = _groups.Length;
            Array.Resize(ref _groups, groups);
            for (int g = had; g < groups; g++)
                _groups[g] = new LaneState(_lanes);
        }

        return _groups;
    }

    /// <summary>Marks the forward pass of these parameters and inputs as recorded.</summary>
    internal void Record(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs)
    {
        if (_parameters.Length != parameters.Length)
            _parameters = new double[parameters.Length];
        if (_inputs.Length < inputs.Length)
            _inputs = new double[inputs.Length];
        parameters.CopyTo(_parameters);
        inputs.CopyTo(_inputs);
        _inputLength = inputs.Length;
        _recorded = true;
    }

    /// <summary>
    /// The recorded states when they came from exactly these parameters and inputs (bit for bit), and forgets them:
    /// the adjoint pass overwrites them. Null otherwise (the gradient then runs its own forward pass).
    /// </summary>
    internal LaneState[]? Take(ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs)
    {
        bool same = _recorded
            && MemoryMarshal.Cast<double, long>(parameters).SequenceEqual(MemoryMarshal.Cast<double, long>(_parameters.AsSpan()))
            && MemoryMarshal.Cast<double, long>(inputs).SequenceEqual(MemoryMarshal.Cast<double, long>(_inputs.AsSpan(0, _inputLength)));
        _recorded = false;
        if (!same)
            return null;
        Replays++;
        return _groups;
    }
}
