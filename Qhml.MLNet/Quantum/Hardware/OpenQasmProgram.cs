namespace Qhml.MLNet.Quantum.Hardware;

/// <summary>An OpenQASM 3 program read by <see cref="OpenQasmReader"/>.</summary>
public sealed class OpenQasmProgram
{
    internal OpenQasmProgram(QuantumCircuit circuit, IReadOnlyList<string> inputNames, IReadOnlyList<int> measuredQubits)
    {
        Circuit = circuit;
        InputNames = inputNames;
        MeasuredQubits = measuredQubits;
    }

    /// <summary>The circuit: <c>q[k]</c> is qubit k; input j (<see cref="Angle.Input"/>) is the j-th declared <c>input</c>.</summary>
    public QuantumCircuit Circuit { get; }

    /// <summary>The declared <c>input float</c> names in declaration order (input slot j is <c>InputNames[j]</c>).</summary>
    public IReadOnlyList<string> InputNames { get; }

    /// <summary>The qubits measured, in program order.</summary>
    public IReadOnlyList<int> MeasuredQubits { get; }
}
