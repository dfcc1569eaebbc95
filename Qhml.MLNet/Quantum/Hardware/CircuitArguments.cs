using System.Globalization;

namespace Qhml.MLNet.Quantum.Hardware;

/// <summary>Checks the parameter and input values handed to a hardware simulator.</summary>
internal static class CircuitArguments
{
    public static void Check(QuantumCircuit circuit, ReadOnlySpan<double> parameters, ReadOnlySpan<double> inputs)
    {
        if (parameters.Length != circuit.ParameterCount)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The circuit has {circuit.ParameterCount} parameters; {parameters.Length} values were given."), nameof(parameters));
        if (inputs.Length != circuit.InputCount)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The circuit has {circuit.InputCount} inputs; {inputs.Length} values were given."), nameof(inputs));
        for (int i = 0; i < parameters.Length; i++)
        {
            if (!double.IsFinite(parameters[i]))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Parameter {i} is {parameters[i]}; expected a finite angle."), nameof(parameters));
        }
        for (int i = 0; i < inputs.Length; i++)
        {
            if (!double.IsFinite(inputs[i]))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Input {i} is {inputs[i]}; expected a finite angle."), nameof(inputs));
        }
    }
}
