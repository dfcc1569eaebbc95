namespace Qhml.MLNet.Quantum;

/// <summary>The axis of a single-qubit rotation (RX, RY or RZ).</summary>
public enum RotationAxis
{
    /// <summary>Rotation about X (RX).</summary>
    X,

    /// <summary>Rotation about Y (RY).</summary>
    Y,

    /// <summary>Rotation about Z (RZ).</summary>
    Z,
}
