namespace Qhml.MLNet.Quantum;

/// <summary>Where a rotation gate's angle comes from when the circuit is simulated.</summary>
public enum AngleSource
{
    /// <summary>A fixed angle given when the circuit is built.</summary>
    Constant,

    /// <summary>A trainable parameter: element <see cref="Angle.Index"/> of the parameter vector.</summary>
    Parameter,

    /// <summary>A data (encoding) slot: element <see cref="Angle.Index"/> of one sample's input row.</summary>
    Input,
}
