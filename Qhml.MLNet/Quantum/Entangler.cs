namespace Qhml.MLNet.Quantum;

/// <summary>The two-qubit gate pattern closing each variational layer of <see cref="HardwareEfficientAnsatz"/>.</summary>
public enum Entangler
{
    /// <summary>No entangling gates (a product-state model).</summary>
    None,

    /// <summary>CNOT(i, i+1) for i = 0..n-2, then CNOT(n-1, 0) when n &gt; 2.</summary>
    CnotRing,

    /// <summary>CNOT(i, i+1) for i = 0..n-2.</summary>
    CnotChain,

    /// <summary>CZ(i, i+1) for i = 0..n-2, then CZ(n-1, 0) when n &gt; 2.</summary>
    CzRing,

    /// <summary>CNOT(i, j) for every pair i &lt; j, in lexicographic order.</summary>
    AllToAll,
}
