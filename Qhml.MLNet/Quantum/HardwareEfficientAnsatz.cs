using System.Globalization;

namespace Qhml.MLNet.Quantum;

/// <summary>
/// The circuit template of the hybrid model: angle encoding of input j on qubit j, then
/// <see cref="Options.Layers"/> variational layers of two trainable rotations on every qubit followed by
/// an <see cref="Entangler"/>, optionally re-uploading the encoding before every layer.
/// </summary>
/// <remarks>
/// <para>Every trainable parameter can change the &lt;Z&gt; outputs (tested on random inputs for every
/// option). The layer rotations are chosen per encoding axis so none is wasted:</para>
/// <list type="bullet">
/// <item>The last rotation before the entangler is never RZ: RZ is diagonal and the entanglers are
/// permutations or diagonal, so an RZ there could not change any Z statistic of the last layer.</item>
/// <item>The first rotation never commutes with the encoding rotation: a rotation about the encoding axis
/// right after the encoding only adds a bias to the input angle (which the upstream network already has).</item>
/// </list>
/// <para>Hence layer rotations are RZ then RY for RY and RX encoding, and RX then RY for RZ encoding (which
/// is H then RZ(x), since RZ alone does nothing on |0&gt;). With entangler <see cref="Entangler.None"/>
/// each qubit then sees a full Euler rotation of its encoded state.</para>
/// <para>Parameter layout: layer l, rotation r (0 = first, 1 = second), qubit q has index
/// <c>2 n l + n r + q</c> (see <see cref="ParameterIndex"/>). Input j is encoded on qubit j, so
/// InputCount = QubitCount. Qubit 0 is the most significant bit of a basis index.</para>
/// </remarks>
public static class HardwareEfficientAnsatz
{
    /// <summary>Builds the circuit described by <paramref name="options"/>.</summary>
    /// <param name="options">The template options.</param>
    /// <returns>A new circuit with <c>2 n Layers</c> parameters and <c>n</c> inputs.</returns>
    public static QuantumCircuit Create(Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int n = options.Qubits;
        var circuit = new QuantumCircuit(n);
        (RotationAxis first, RotationAxis second) = LayerRotations(options.Encoding);
        for (int layer = 0; layer < options.Layers; layer++)
        {
            if (layer == 0 || options.DataReuploading)
                AddAngleEncoding(circuit, options.Encoding);
            for (int q = 0; q < n; q++)
                circuit.Rotation(first, q, Angle.Parameter(ParameterIndex(n, layer, 0, q)));
            for (int q = 0; q < n; q++)
                circuit.Rotation(second, q, Angle.Parameter(ParameterIndex(n, layer, 1, q)));
            AddEntangler(circuit, options.Entangler);
        }

        return circuit;
    }

    /// <summary>The two trainable rotation axes of each layer for a given encoding axis.</summary>
    /// <param name="encoding">The encoding rotation axis.</param>
    /// <returns>The first and second rotation axes.</returns>
    public static (RotationAxis First, RotationAxis Second) LayerRotations(RotationAxis encoding) => encoding switch
    {
        RotationAxis.Z => (RotationAxis.X, RotationAxis.Y),
        _ => (RotationAxis.Z, RotationAxis.Y),
    };

    /// <summary>Index of the parameter of <paramref name="layer"/>, rotation <paramref name="rotation"/> (0 or 1), <paramref name="qubit"/>.</summary>
    /// <param name="qubits">Number of qubits n.</param>
    /// <param name="layer">Layer index.</param>
    /// <param name="rotation">0 for the first rotation of the layer, 1 for the second.</param>
    /// <param name="qubit">Qubit index.</param>
    /// <returns><c>2 n layer + n rotation + qubit</c>.</returns>
    public static int ParameterIndex(int qubits, int layer, int rotation, int qubit) => (2 * layer + rotation) * qubits + qubit;

    /// <summary>Adds the angle encoding of input j on qubit j for every qubit (H first for RZ encoding).</summary>
    /// <param name="circuit">The circuit to extend.</param>
    /// <param name="axis">The encoding rotation axis.</param>
    public static void AddAngleEncoding(QuantumCircuit circuit, RotationAxis axis)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        for (int q = 0; q < circuit.QubitCount; q++)
        {
            if (axis == RotationAxis.Z)
                circuit.H(q);
            circuit.Rotation(axis, q, Angle.Input(q));
        }
    }

    /// <summary>Adds the entangling gates of one layer.</summary>
    /// <param name="circuit">The circuit to extend.</param>
    /// <param name="entangler">The pattern.</param>
    public static void AddEntangler(QuantumCircuit circuit, Entangler entangler)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        int n = circuit.QubitCount;
        switch (entangler)
        {
            case Entangler.None:
                break;
            case Entangler.CnotChain:
            case Entangler.CnotRing:
                for (int q = 0; q + 1 < n; q++)
                    circuit.CNOT(q, q + 1);
                if (entangler == Entangler.CnotRing && n > 2)
                    circuit.CNOT(n - 1, 0);
                break;
            case Entangler.CzRing:
                for (int q = 0; q + 1 < n; q++)
                    circuit.CZ(q, q + 1);
                if (n > 2)
                    circuit.CZ(n - 1, 0);
                break;
            case Entangler.AllToAll:
                for (int a = 0; a < n; a++)
                {
                    for (int b = a + 1; b < n; b++)
                        circuit.CNOT(a, b);
                }

                break;
            default:
                throw new ArgumentException($"Unknown entangler {entangler}.", nameof(entangler));
        }
    }

    /// <summary>Options of <see cref="HardwareEfficientAnsatz"/>.</summary>
    public sealed class Options
    {
        /// <summary>Number of qubits (= inputs), 1 to <see cref="QuantumCircuit.MaxQubits"/>. Default <see cref="Defaults.Qubits"/>.</summary>
        public int Qubits { get; set; } = Defaults.Qubits;

        /// <summary>Number of variational layers, at least 1. Default <see cref="Defaults.Layers"/>.</summary>
        public int Layers { get; set; } = Defaults.Layers;

        /// <summary>Axis of the angle encoding. Default <see cref="Defaults.Encoding"/>.</summary>
        public RotationAxis Encoding { get; set; } = Defaults.Encoding;

        /// <summary>Entangling pattern closing each layer. Default <see cref="Defaults.Entangler"/>.</summary>
        public Entangler Entangler { get; set; } = Defaults.Entangler;

        /// <summary>Repeat the encoding before every layer (data re-uploading). Default <see cref="Defaults.DataReuploading"/>.</summary>
        public bool DataReuploading { get; set; } = Defaults.DataReuploading;

        internal void Validate()
        {
            if (Qubits < 1 || Qubits > QuantumCircuit.MaxQubits)
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Qubits must be between 1 and {QuantumCircuit.MaxQubits}; got {Qubits}."), nameof(Qubits));
            if (Layers < 1)
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Layers must be at least 1; got {Layers}."), nameof(Layers));
            if (!Enum.IsDefined(Encoding))
                throw new ArgumentException($"Unknown encoding axis {Encoding}.", nameof(Encoding));
            if (!Enum.IsDefined(Entangler))
                throw new ArgumentException($"Unknown entangler {Entangler}.", nameof(Entangler));
        }
    }

    /// <summary>Default option values.</summary>
    public static class Defaults
    {
        /// <summary>Default qubit count.</summary>
        public const int Qubits = 8;

        /// <summary>Default layer count.</summary>
        public const int Layers = 3;

        /// <summary>Default encoding axis.</summary>
        public const RotationAxis Encoding = RotationAxis.Y;

        /// <summary>Default entangler.</summary>
        public const Entangler Entangler = Quantum.Entangler.CnotRing;

        /// <summary>Default: no data re-uploading.</summary>
        public const bool DataReuploading = false;
    }
}
