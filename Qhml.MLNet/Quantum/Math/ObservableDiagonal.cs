namespace Qhml.MLNet.Quantum;

/// <summary>
/// The diagonal of the observable sum_q g_q Z_q, which seeds the adjoint pass (lambda = O phi), written once for the
/// reference (double) and lane (<see cref="System.Numerics.Vector{T}"/>) engines.
/// </summary>
/// <typeparam name="T">The element width.</typeparam>
/// <typeparam name="TMath">Its arithmetic.</typeparam>
internal static class ObservableDiagonal<T, TMath>
    where T : struct
    where TMath : struct, IArithmetic<T>
{
    /// <summary>
    /// weights[i] = sum_q g_q z_q(i) with z_q(i) = +1 when qubit q's bit of i is clear and -1 when set, by doubling:
    /// indices len..2 len - 1 have bit position b set (qubit n-1-b), so they are the first half minus 2 g.
    /// </summary>
    public static void Fill(ReadOnlySpan<T> g, int qubits, Span<T> weights)
    {
        T sum = TMath.Broadcast(0.0);
        for (int q = 0; q < qubits; q++)
            sum = TMath.Add(sum, g[q]);
        weights[0] = sum;
        int len = 1;
        for (int bit = 0; bit < qubits; bit++)
        {
            T drop = TMath.Add(g[qubits - 1 - bit], g[qubits - 1 - bit]); // 2 g, exactly
            for (int k = 0; k < len; k++)
                weights[len + k] = TMath.Subtract(weights[k], drop);
            len <<= 1;
        }
    }
}
