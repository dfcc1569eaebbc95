namespace Qhml.MLNet.Quantum.Hardware;

/// <summary>Options of <see cref="OpenQasmWriter.Write"/>.</summary>
public sealed class OpenQasmWriterOptions
{
    /// <summary>Values of the circuit's trainable parameters, written as constants (length <see cref="QuantumCircuit.ParameterCount"/>; null for none).</summary>
    public double[]? Parameters { get; set; }

    /// <summary>Names of the <c>input float[64]</c> parameters, one per input slot (null: <c>x_0</c>, <c>x_1</c>, ...).</summary>
    public IReadOnlyList<string>? InputNames { get; set; }

    /// <summary>When set, the inputs are bound to these values and written as constants (no <c>input</c> declarations).</summary>
    public double[]? BoundInputs { get; set; }

    /// <summary>Comment lines written after the header (provenance, e.g. the model and row exported).</summary>
    public string? Comment { get; set; }
}
