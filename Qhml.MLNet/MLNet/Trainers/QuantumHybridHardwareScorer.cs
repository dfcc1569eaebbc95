using System.Globalization;
using Qhml.MLNet.Quantum;
using Qhml.MLNet.Quantum.Hardware;

namespace Qhml.MLNet;

/// <summary>
/// Scores a trained quantum hybrid model as a quantum device would: the network and interface run as usual,
/// then each row's circuit is evaluated with finite shots and/or noise (<see cref="HardwareScoringOptions"/>),
/// and the readout turns the estimated &lt;Z&gt; into the hybrid term. For a model with a linear path
/// (<see cref="Hybrid.HybridModel.Linear"/>) the prediction is then, as in the model's own scoring,
/// <c>Linear.Predict(x) + Linear.HybridWeight * hybrid term</c>, so only &lt;Z&gt; differs from exact scoring and
/// the prediction converges to the model's as shots grow. With exact options it is the model's own scoring, bit for bit. Create one with <see cref="QuantumHybridModelParameters.CreateHardwareScorer"/>.
/// </summary>
public sealed class QuantumHybridHardwareScorer
{
    private readonly QuantumHybridModelParameters _model;
    private readonly QuantumCircuit _circuit;
    private readonly double[] _readout;

    internal QuantumHybridHardwareScorer(QuantumHybridModelParameters model, HardwareScoringOptions options)
    {
        _model = model;
        _circuit = model.GetTrainedCircuit();
        options.Validate(_circuit.QubitCount);
        Options = new HardwareScoringOptions { Shots = options.Shots, Noise = options.Noise, Seed = options.Seed };
        _readout = model.ReadoutWeights.ToArray();
    }

    /// <summary>A copy of the options this scorer was created with.</summary>
    public HardwareScoringOptions Options { get; }

    /// <summary>
    /// Predicts rows of features (rows x FeatureCount, row-major). Row i samples from stream i of the seed, so a
    /// row's prediction depends on its position in the batch but not on threads. Non-finite features give NaN.
    /// </summary>
    /// <param name="features">Row-major features.</param>
    /// <param name="predictions">One prediction per row.</param>
    public void PredictBatch(ReadOnlySpan<float> features, Span<float> predictions)
    {
        if (Options.IsExact)
        {
            _model.Model.PredictBatch(features, predictions);
            return;
        }
        int n = _circuit.QubitCount, rows = predictions.Length;
        if (features.Length != rows * _model.FeatureCount)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"features has {features.Length} values; expected {rows} rows x {_model.FeatureCount}."), nameof(features));
        var angles = new double[rows * n];
        _model.ComputeCircuitInputs(features, angles);
        var z = new double[n];
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<double> row = angles.AsSpan(i * n, n);
            if (!AllFinite(row))
            {
                predictions[i] = float.NaN;
                continue;
            }
            ExpectationsZ(row, (ulong)i, z);
            double output = _model.ReadoutBias;
            for (int q = 0; q < n; q++)
                output += _readout[q] * z[q];
            // The model's own formula (HybridModel.Predict) with only <Z> replaced by its estimate.
            double hybrid = _model.LabelMean + _model.LabelStandardDeviation * output;
            predictions[i] = _model.Model.Linear is { } linear
                ? linear.Combine(features.Slice(i * _model.FeatureCount, _model.FeatureCount), hybrid)
                : (float)hybrid;
        }
    }

    /// <summary>The estimated &lt;Z_q&gt; of one row's circuit inputs, as stream <paramref name="stream"/> of the seed.</summary>
    /// <param name="inputs">The row's circuit inputs (interface angles).</param>
    /// <param name="stream">The sampling stream (the row's position in a batch).</param>
    /// <param name="destination">Receives NumberOfQubits expectations.</param>
    public void ExpectationsZ(ReadOnlySpan<double> inputs, ulong stream, Span<double> destination)
    {
        NoiseModel noise = Options.Noise ?? new NoiseModel();
        double[] probabilities;
        if (noise.HasGateNoise)
        {
            if (Options.Shots is null)
            {
                DensityMatrixSimulator.ExpectationsZ(_circuit, [], inputs, noise).CopyTo(destination);
                return;
            }
            probabilities = DensityMatrixSimulator.Probabilities(_circuit, [], inputs, noise);
        }
        else
        {
            QuantumState state = _circuit.Simulate([], inputs);
            if (Options.Shots is null)
            {
                state.ExpectationsZ(destination);
                double scale = 1 - 2 * noise.ReadoutFlip;
                for (int q = 0; q < destination.Length; q++)
                    destination[q] *= scale;
                return;
            }
            probabilities = new double[state.Dimension];
            for (int k = 0; k < probabilities.Length; k++)
                probabilities[k] = state.Probability(k);
        }
        var rng = SplitMix64.ForStream((ulong)(uint)Options.Seed, stream);
        ShotEstimator.EstimateExpectationsZ(new AliasTable(probabilities), _circuit.QubitCount, Options.Shots.Value, ref rng, noise.ReadoutFlip, destination);
    }

    private static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (double v in values)
        {
            if (!double.IsFinite(v))
                return false;
        }
        return true;
    }
}
