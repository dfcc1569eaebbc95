using System.Globalization;
using Qhml.MLNet.Quantum.Hardware;

namespace Qhml.MLNet;

/// <summary>
/// How <see cref="QuantumHybridHardwareScorer"/> evaluates the circuit: exactly (the default, as the model
/// scores in ML.NET), from a finite number of shots, under device noise, or both. Scoring-time only: nothing
/// of it is saved with the model, so a model loaded from any file scores exactly until these are set.
/// </summary>
public sealed class HardwareScoringOptions
{
    /// <summary>Shots per row: null for exact expectations, otherwise at least 1 sampled bit strings.</summary>
    public int? Shots { get; set; }

    /// <summary>Gate and readout noise (simulated by density matrix, up to <see cref="DensityMatrixSimulator.MaxQubits"/> qubits); null for none.</summary>
    public NoiseModel? Noise { get; set; }

    /// <summary>Seed of the shot sampling; row i of a batch draws from its own stream, so results do not depend on threads or batch order.</summary>
    public int Seed { get; set; }

    /// <summary>True when scoring is exact: no shots and no noise.</summary>
    public bool IsExact => Shots is null && (Noise is null || Noise.IsNoiseless);

    internal void Validate(int qubits)
    {
        if (Shots is int shots)
            ShotEstimator.CheckShots(shots);
        Noise?.Validate();
        if (Noise is { IsNoiseless: false } && qubits > DensityMatrixSimulator.MaxQubits)
            throw new NotSupportedException(string.Create(CultureInfo.InvariantCulture,
                $"Noise is simulated by density matrix for up to {DensityMatrixSimulator.MaxQubits} qubits; this model has {qubits}."));
    }
}
