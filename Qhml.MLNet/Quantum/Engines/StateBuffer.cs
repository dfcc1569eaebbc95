namespace Qhml.MLNet.Quantum;

/// <summary>A state vector stored as structure of arrays (real and imaginary parts apart) for SIMD.</summary>
internal sealed class StateBuffer
{
    public StateBuffer(int qubits)
    {
        Qubits = qubits;
        Re = new double[1 << qubits];
        Im = new double[1 << qubits];
    }

    public int Qubits { get; }

    public double[] Re { get; }

    public double[] Im { get; }

    public void Reset()
    {
        Array.Clear(Re);
        Array.Clear(Im);
        Re[0] = 1;
    }
}
