using System.Globalization;

namespace Qhml.MLNet.Quantum.Hardware;

/// <summary>
/// Estimates Pauli-Z expectations as a device would: draw a number of shots (basis states) from the measurement
/// distribution, flip each read bit with the readout error, and average <c>+1</c>/<c>-1</c> per qubit.
/// Seeded and deterministic: the same probabilities, shots and seed give the same estimate.
/// </summary>
public static class ShotEstimator
{
    /// <summary>Estimates &lt;Z_q&gt; for every qubit from <paramref name="shots"/> samples.</summary>
    /// <param name="probabilities">The 2^n basis-state probabilities (qubit 0 = most significant bit).</param>
    /// <param name="shots">Number of shots, at least 1.</param>
    /// <param name="seed">Seed of the sampling stream.</param>
    /// <param name="destination">Receives the n estimates.</param>
    /// <param name="readoutFlip">Probability that a read bit is flipped, in [0, 1].</param>
    public static void EstimateExpectationsZ(ReadOnlySpan<double> probabilities, int shots, ulong seed, Span<double> destination, double readoutFlip = 0)
    {
        var rng = new SplitMix64(seed);
        EstimateExpectationsZ(new AliasTable(probabilities), destination.Length, shots, ref rng, readoutFlip, destination);
    }

    internal static void EstimateExpectationsZ(AliasTable table, int qubits, int shots, ref SplitMix64 rng, double readoutFlip, Span<double> destination)
    {
        CheckShots(shots);
        if (!(readoutFlip >= 0 && readoutFlip <= 1))
            throw new ArgumentOutOfRangeException(nameof(readoutFlip), readoutFlip, "The readout flip probability must be in [0, 1].");
        if (table.Count != 1 << qubits)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{table.Count} probabilities do not describe {qubits} qubits (expected {1 << qubits})."), nameof(destination));
        Span<int> ones = stackalloc int[qubits];
        ones.Clear();
        for (int s = 0; s < shots; s++)
        {
            int index = table.Sample(ref rng);
            for (int q = 0; q < qubits; q++)
            {
                int bit = (index >> (qubits - 1 - q)) & 1;
                if (readoutFlip > 0 && rng.NextDouble() < readoutFlip)
                    bit ^= 1;
                ones[q] += bit;
            }
        }
        for (int q = 0; q < qubits; q++)
            destination[q] = (shots - 2.0 * ones[q]) / shots;
    }

    /// <summary>Throws unless <paramref name="shots"/> is at least 1.</summary>
    /// <param name="shots">The shot count.</param>
    /// <exception cref="ArgumentOutOfRangeException">Zero or negative.</exception>
    public static void CheckShots(int shots)
    {
        if (shots < 1)
            throw new ArgumentOutOfRangeException(nameof(shots), shots,
                string.Create(CultureInfo.InvariantCulture, $"Shots must be at least 1 (or null for exact expectations); got {shots}."));
    }
}
