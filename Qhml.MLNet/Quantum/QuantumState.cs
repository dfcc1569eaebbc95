using System.Globalization;
using System.Numerics;

namespace Qhml.MLNet.Quantum;

/// <summary>
/// A state vector of <see cref="QubitCount"/> qubits: 2^n complex amplitudes indexed by basis index.
/// Qubit 0 is the most significant bit of the index (|q0 q1 ... q(n-1)&gt;, PennyLane / Q# order).
/// </summary>
public sealed class QuantumState
{
    private readonly double[] _re;
    private readonly double[] _im;

    internal QuantumState(int qubits, double[] re, double[] im)
    {
        QubitCount = qubits;
        _re = re;
        _im = im;
    }

    /// <summary>Number of qubits.</summary>
    public int QubitCount { get; }

    /// <summary>Number of amplitudes, 2^<see cref="QubitCount"/>.</summary>
    public int Dimension => _re.Length;

    /// <summary>The amplitude of basis state <paramref name="index"/>.</summary>
    /// <param name="index">Basis index, 0 to <see cref="Dimension"/> - 1.</param>
    /// <returns>The complex amplitude.</returns>
    public Complex Amplitude(int index)
    {
        CheckIndex(index);
        return new Complex(_re[index], _im[index]);
    }

    /// <summary>The amplitude of basis state <paramref name="index"/>.</summary>
    /// <param name="index">Basis index.</param>
    public Complex this[int index] => Amplitude(index);

    /// <summary>The probability |amplitude|^2 of measuring basis state <paramref name="index"/>.</summary>
    /// <param name="index">Basis index, 0 to <see cref="Dimension"/> - 1.</param>
    /// <returns>The probability.</returns>
    public double Probability(int index)
    {
        CheckIndex(index);
        return _re[index] * _re[index] + _im[index] * _im[index];
    }

    /// <summary>All amplitudes as a new array (index = basis index).</summary>
    /// <returns>A copy of the amplitudes.</returns>
    public Complex[] ToArray()
    {
        var result = new Complex[_re.Length];
        for (int i = 0; i < result.Length; i++)
            result[i] = new Complex(_re[i], _im[i]);
        return result;
    }

    /// <summary>The expectation of Pauli Z on <paramref name="qubit"/>: P(q = 0) - P(q = 1).</summary>
    /// <param name="qubit">Qubit index.</param>
    /// <returns>The expectation, in [-1, 1].</returns>
    public double ExpectationZ(int qubit)
    {
        if (qubit < 0 || qubit >= QubitCount)
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"ExpectationZ: qubit {qubit} is out of range 0..{QubitCount - 1}."),
                nameof(qubit));
        Span<double> all = stackalloc double[QubitCount];
        StateKernels.ExpectationsZ(_re, _im, QubitCount, all);
        return all[qubit];
    }

    /// <summary>The expectations of Pauli Z on every qubit, computed in one pass over the state.</summary>
    /// <param name="destination">Receives &lt;Z_q&gt; at index q; length <see cref="QubitCount"/>.</param>
    public void ExpectationsZ(Span<double> destination)
    {
        if (destination.Length != QubitCount)
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Destination length must be {QubitCount}; got {destination.Length}."),
                nameof(destination));
        StateKernels.ExpectationsZ(_re, _im, QubitCount, destination);
    }

    /// <summary>The expectations of Pauli Z on every qubit, computed in one pass over the state.</summary>
    /// <returns>&lt;Z_q&gt; at index q.</returns>
    public double[] ExpectationsZ()
    {
        var result = new double[QubitCount];
        StateKernels.ExpectationsZ(_re, _im, QubitCount, result);
        return result;
    }

    private void CheckIndex(int index)
    {
        if ((uint)index >= (uint)_re.Length)
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Basis index {index} is out of range 0..{_re.Length - 1}."),
                nameof(index));
    }
}
