using System.Globalization;

namespace Qhml.MLNet.Quantum;

/// <summary>
/// The angle of a rotation gate: a constant, a reference to a trainable parameter, or a reference to an
/// input (encoding) slot. A <see cref="double"/> converts implicitly to a constant angle.
/// </summary>
public readonly struct Angle : IEquatable<Angle>
{
    private Angle(AngleSource source, double value, int index)
    {
        Source = source;
        Value = value;
        Index = index;
    }

    /// <summary>Where the angle comes from.</summary>
    public AngleSource Source { get; }

    /// <summary>The angle in radians when <see cref="Source"/> is <see cref="AngleSource.Constant"/>; otherwise 0.</summary>
    public double Value { get; }

    /// <summary>The parameter or input index when <see cref="Source"/> is not constant; otherwise -1.</summary>
    public int Index { get; }

    /// <summary>A fixed angle in radians (must be finite; checked when added to a circuit).</summary>
    /// <param name="radians">The angle.</param>
    /// <returns>The constant angle.</returns>
    public static Angle Constant(double radians) => new(AngleSource.Constant, radians, -1);

    /// <summary>A reference to trainable parameter <paramref name="index"/> (0-based).</summary>
    /// <param name="index">Index into the parameter vector passed to the simulation.</param>
    /// <returns>The parameter angle.</returns>
    public static Angle Parameter(int index)
    {
        if (index < 0)
            throw new ArgumentOutOfRangeException(nameof(index), index, "Parameter index must be >= 0.");
        return new(AngleSource.Parameter, 0, index);
    }

    /// <summary>A reference to input (encoding) slot <paramref name="index"/> (0-based) of each sample.</summary>
    /// <param name="index">Index into a sample's input row.</param>
    /// <returns>The input angle.</returns>
    public static Angle Input(int index)
    {
        if (index < 0)
            throw new ArgumentOutOfRangeException(nameof(index), index, "Input index must be >= 0.");
        return new(AngleSource.Input, 0, index);
    }

    /// <summary>Converts a constant angle in radians.</summary>
    /// <param name="radians">The angle.</param>
    public static implicit operator Angle(double radians) => Constant(radians);

    /// <inheritdoc/>
    public bool Equals(Angle other) => Source == other.Source && Index == other.Index && Value.Equals(other.Value);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Angle other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Source, Index, Value);

    /// <summary>Equality.</summary>
    /// <param name="left">Left operand.</param>
    /// <param name="right">Right operand.</param>
    /// <returns>True when both angles are the same.</returns>
    public static bool operator ==(Angle left, Angle right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">Left operand.</param>
    /// <param name="right">Right operand.</param>
    /// <returns>True when the angles differ.</returns>
    public static bool operator !=(Angle left, Angle right) => !left.Equals(right);

    /// <summary>A short description: <c>0.5</c>, <c>param[3]</c> or <c>input[2]</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => Source switch
    {
        AngleSource.Parameter => $"param[{Index.ToString(CultureInfo.InvariantCulture)}]",
        AngleSource.Input => $"input[{Index.ToString(CultureInfo.InvariantCulture)}]",
        _ => Value.ToString("R", CultureInfo.InvariantCulture),
    };
}
