using System.Collections.Immutable;
using Microsoft.ML.Data;
using Qhml.MLNet.Normalization;

namespace Qhml.MLNet;

/// <summary>
/// The fitted parameters of one column of a <see cref="ModeratedTanhNormalizingTransformer"/>: per slot
/// <c>y = R * tanh((x - c) / (s * m))</c> with center <c>c</c>, scale <c>s</c>, moderation <c>m</c> and the
/// column's output half-range <c>R</c>. A scalar column has one slot.
/// </summary>
public sealed class ModeratedTanhNormalizerModelParameters
{
    internal ModeratedTanhNormalizerModelParameters(string outputColumnName, string inputColumnName, DataViewType inputType,
        ModeratedTanhScaling scaling, bool isModerationFitted, double halfRange, bool throwOnNaN,
        double[] center, double[] scale, double[] moderation)
    {
        OutputColumnName = outputColumnName;
        InputColumnName = inputColumnName;
        InputType = inputType;
        Scaling = scaling;
        IsModerationFitted = isModerationFitted;
        HalfRange = halfRange;
        ThrowOnNaN = throwOnNaN;
        Center = ImmutableArray.Create(center);
        Scale = ImmutableArray.Create(scale);
        Moderation = ImmutableArray.Create(moderation);
    }

    /// <summary>Name of the output column.</summary>
    public string OutputColumnName { get; }

    /// <summary>Name of the input column.</summary>
    public string InputColumnName { get; }

    /// <summary>Type of the input (and output) column: <see cref="float"/> or <see cref="double"/>, scalar or known-size vector.</summary>
    public DataViewType InputType { get; }

    /// <summary>How <see cref="Center"/> and <see cref="Scale"/> were fitted.</summary>
    public ModeratedTanhScaling Scaling { get; }

    /// <summary>Whether <see cref="Moderation"/> was fitted from data (otherwise it was given).</summary>
    public bool IsModerationFitted { get; }

    /// <summary>R: outputs lie in [-R, R].</summary>
    public double HalfRange { get; }

    /// <summary>Whether a NaN input throws (otherwise NaN stays NaN).</summary>
    public bool ThrowOnNaN { get; }

    /// <summary>Number of slots: 1 for a scalar column, the vector size otherwise.</summary>
    public int SlotCount => Center.Length;

    /// <summary>Center c per slot.</summary>
    public ImmutableArray<double> Center { get; }

    /// <summary>Scale s per slot; 0 for a slot that was constant in training (its output is always 0).</summary>
    public ImmutableArray<double> Scale { get; }

    /// <summary>Moderation m per slot.</summary>
    public ImmutableArray<double> Moderation { get; }

    /// <summary>Applies this column's map to one value of slot <paramref name="slot"/> (NaN stays NaN here).</summary>
    /// <param name="x">Input value.</param>
    /// <param name="slot">Slot index, 0 for a scalar column.</param>
    /// <returns><c>R * tanh((x - c) / (s * m))</c>, 0 for a constant slot.</returns>
    public double Normalize(double x, int slot)
        => ModeratedTanh.Normalize(x, Center[slot], Scale[slot], HalfRange, Moderation[slot]);
}
