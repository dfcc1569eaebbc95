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

    /// <summary>
    /// For bit positions used by a block: f(i) for every logical i with bit b clear, in increasing i, so
    /// kernels stream one index list instead of two table lookups per pair (small states only).
    /// </summary>
    public int[]?[] Pairs { get; private set; } = Array.Empty<int[]?>();

    /// <summary>Precomputes <see cref="Pairs"/> for bit position <paramref name="bit"/>.</summary>
    public void AddPairs(int bit)
    {
        int n = Cols.Length;
        if (Pairs.Length == 0)
            Pairs = new int[]?[n];
        if (Pairs[bit] is not null)
            return;
        int m = 1 << bit, dim = 1 << n;
        var list = new int[dim >> 1];
        int t = 0;
        for (int hi = 0; hi < dim; hi += m << 1)
        {
            for (int k = hi; k < hi + m; k++)
                list[t++] = Low[k & 255] ^ High[k >> 8];
        }

        Pairs[bit] = list;
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
