namespace Qhml.MLNet.Hybrid;

/// <summary>What consumes the Q normalized interface values.</summary>
public enum HybridHeadKind
{
    /// <summary>The parameterized quantum circuit (angle encoding, variational layers) and a linear readout of its Pauli-Z expectations.</summary>
    Quantum = 0,

    /// <summary>
    /// A small dense head (Q -&gt; H tanh units -&gt; 1) on the same interface values, with H chosen so its
    /// parameter count is close to the circuit plus readout: the classical baseline for fair comparisons.
    /// </summary>
    Classical = 1,
}
