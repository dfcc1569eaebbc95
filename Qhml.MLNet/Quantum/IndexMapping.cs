using System.Numerics;

namespace Qhml.MLNet.Quantum;

/// <summary>
/// Where logical basis index i is stored: f(i) = Low[i &amp; 255] ^ High[i &gt;&gt; 8], f linear over GF(2).
/// CNOTs of the lane engine only change f (see <see cref="LaneProgram"/>).
/// </summary>
internal sealed class IndexMapping
{
    /// <summary>Bits of the index looked up in <see cref="Low"/>; the rest in <see cref="High"/>.</summary>
    public const int LowBits = 8;

    public IndexMapping(int qubits, int[] cols)
    {
        Cols = cols;
        int lowBits = Math.Min(qubits, LowBits);
        int highBits = qubits - lowBits;
        Low = Table(cols, 0, lowBits);
        High = Table(cols, lowBits, highBits);
    }

    /// <summary>f(e_b) for each bit position b.</summary>
    public int[] Cols { get; }

    public int[] Low { get; }

    public int[] High { get; }

    private static int[] Table(int[] cols, int first, int count)
    {
        var t = new int[1 << count];
        for (int i = 1; i < t.Length; i++)
        {
            int b = BitOperations.TrailingZeroCount(i);
            t[i] = t[i & (i - 1)] ^ cols[first + b];
        }

        return t;
    }
}
