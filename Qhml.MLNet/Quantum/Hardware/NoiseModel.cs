using System.Globalization;

namespace Qhml.MLNet.Quantum.Hardware;

/// <summary>
/// Gate and readout noise of a simulated device, applied after every gate to the qubits it acts on.
/// All rates are probabilities in [0, 1]; the default is noiseless.
/// </summary>
/// <remarks>
/// <para>Depolarizing (PennyLane's convention): <c>rho -&gt; (1 - p) rho + p/3 (X rho X + Y rho Y + Z rho Z)</c>
/// after a single-qubit gate; after CNOT/CZ the two-qubit channel <c>(1 - p) rho + p/15 sum P rho P</c> over
/// the 15 non-identity two-qubit Paulis. So one gate scales a Pauli expectation by <c>1 - 4p/3</c>
/// (single-qubit) or <c>1 - 16p/15</c> (two-qubit).</para>
/// <para>Amplitude damping with rate gamma (Kraus <c>[[1,0],[0,sqrt(1-gamma)]]</c>, <c>[[0,sqrt(gamma)],[0,0]]</c>)
/// follows the depolarizing channel on every qubit the gate touched. A readout flip turns each measured
/// bit with probability <see cref="ReadoutFlip"/>, which scales &lt;Z&gt; by <c>1 - 2 ReadoutFlip</c>.</para>
/// </remarks>
public sealed class NoiseModel
{
    /// <summary>Depolarizing probability after each single-qubit gate.</summary>
    public double SingleQubitDepolarizing { get; init; }

    /// <summary>Two-qubit depolarizing probability after each CNOT or CZ (the "two-qubit error rate").</summary>
    public double TwoQubitDepolarizing { get; init; }

    /// <summary>Amplitude-damping rate gamma after each gate, on each qubit it acts on.</summary>
    public double AmplitudeDamping { get; init; }

    /// <summary>Probability that a measured bit is read flipped.</summary>
    public double ReadoutFlip { get; init; }

    /// <summary>True when every rate is zero.</summary>
    public bool IsNoiseless => SingleQubitDepolarizing == 0 && TwoQubitDepolarizing == 0 && AmplitudeDamping == 0 && ReadoutFlip == 0;

    /// <summary>True when a gate channel (not only readout) is present.</summary>
    public bool HasGateNoise => SingleQubitDepolarizing != 0 || TwoQubitDepolarizing != 0 || AmplitudeDamping != 0;

    /// <summary>Throws when a rate is not a probability.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A rate is NaN or outside [0, 1]; the message names it.</exception>
    public void Validate()
    {
        Check(SingleQubitDepolarizing, nameof(SingleQubitDepolarizing));
        Check(TwoQubitDepolarizing, nameof(TwoQubitDepolarizing));
        Check(AmplitudeDamping, nameof(AmplitudeDamping));
        Check(ReadoutFlip, nameof(ReadoutFlip));
    }

    /// <summary>A description such as <c>p1=0.001 p2=0.01 gamma=0 readout=0.02</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"p1={SingleQubitDepolarizing} p2={TwoQubitDepolarizing} gamma={AmplitudeDamping} readout={ReadoutFlip}");

    private static void Check(double rate, string name)
    {
        if (!(rate >= 0 && rate <= 1))
            throw new ArgumentOutOfRangeException(name, rate,
                string.Create(CultureInfo.InvariantCulture, $"NoiseModel.{name} must be a probability in [0, 1]; got {rate}."));
    }
}
