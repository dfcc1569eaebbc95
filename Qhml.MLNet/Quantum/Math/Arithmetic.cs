using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Qhml.MLNet.Quantum;

/// <summary>
/// The floating-point operations of one element width. Every piece of arithmetic in <c>Math/</c> is written once,
/// generic over this, and instantiated per width (a struct type argument: the JIT specializes and inlines it).
/// </summary>
/// <typeparam name="T">double, <see cref="Vector{T}"/>, <see cref="Vector256{T}"/> or <see cref="Vector512{T}"/> of double.</typeparam>
/// <remarks>
/// The fused forms round once. <see cref="MultiplyAddNegated"/> and <see cref="MultiplySubtract"/> give the bits of
/// <see cref="MultiplyAdd"/> with a negated operand (negation is exact), so every width rounds alike element by element.
/// </remarks>
internal interface IArithmetic<T>
    where T : struct
{
    /// <summary>Every element <paramref name="value"/>.</summary>
    static abstract T Broadcast(double value);

    /// <summary>a + b.</summary>
    static abstract T Add(T a, T b);

    /// <summary>a - b.</summary>
    static abstract T Subtract(T a, T b);

    /// <summary>a * b.</summary>
    static abstract T Multiply(T a, T b);

    /// <summary>-a.</summary>
    static abstract T Negate(T a);

    /// <summary>a * b + c, one rounding.</summary>
    static abstract T MultiplyAdd(T a, T b, T c);

    /// <summary>c - a * b, one rounding.</summary>
    static abstract T MultiplyAddNegated(T a, T b, T c);

    /// <summary>a * b - c, one rounding.</summary>
    static abstract T MultiplySubtract(T a, T b, T c);
}

/// <summary>One double at a time (machines without AVX2 + FMA, the reference engine's scalar loops).</summary>
internal readonly partial struct ScalarArithmetic : IArithmetic<double>
{
    public static double Broadcast(double value) => value;

    public static double Add(double a, double b) => a + b;

    public static double Subtract(double a, double b) => a - b;

    public static double Multiply(double a, double b) => a * b;

    public static double Negate(double a) => -a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MultiplyAdd(double a, double b, double c) => Math.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MultiplyAddNegated(double a, double b, double c) => Math.FusedMultiplyAdd(-a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double MultiplySubtract(double a, double b, double c) => Math.FusedMultiplyAdd(a, b, -c);
}

/// <summary><see cref="Vector{T}"/>: one sample per lane (the lane engine), or amplitudes in the reference engine.</summary>
internal readonly partial struct VectorArithmetic : IArithmetic<Vector<double>>
{
    public static Vector<double> Broadcast(double value) => new(value);

    public static Vector<double> Add(Vector<double> a, Vector<double> b) => a + b;

    public static Vector<double> Subtract(Vector<double> a, Vector<double> b) => a - b;

    public static Vector<double> Multiply(Vector<double> a, Vector<double> b) => a * b;

    public static Vector<double> Negate(Vector<double> a) => -a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> MultiplyAdd(Vector<double> a, Vector<double> b, Vector<double> c) => Vector.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> MultiplyAddNegated(Vector<double> a, Vector<double> b, Vector<double> c)
        => Fma.IsSupported && Vector<double>.Count == Vector256<double>.Count
            ? Fma.MultiplyAddNegated(a.AsVector256(), b.AsVector256(), c.AsVector256()).AsVector()
            : Vector.FusedMultiplyAdd(-a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> MultiplySubtract(Vector<double> a, Vector<double> b, Vector<double> c)
        => Fma.IsSupported && Vector<double>.Count == Vector256<double>.Count
            ? Fma.MultiplySubtract(a.AsVector256(), b.AsVector256(), c.AsVector256()).AsVector()
            : Vector.FusedMultiplyAdd(a, b, -c);
}

/// <summary>AVX2 + FMA, four doubles: the one-sample engine's amplitudes.</summary>
internal readonly partial struct Avx2Arithmetic : IArithmetic<Vector256<double>>
{
    public static Vector256<double> Broadcast(double value) => Vector256.Create(value);

    public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => Avx.Add(a, b);

    public static Vector256<double> Subtract(Vector256<double> a, Vector256<double> b) => Avx.Subtract(a, b);

    public static Vector256<double> Multiply(Vector256<double> a, Vector256<double> b) => Avx.Multiply(a, b);

    public static Vector256<double> Negate(Vector256<double> a) => -a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> MultiplyAdd(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Fma.MultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> MultiplyAddNegated(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Fma.MultiplyAddNegated(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> MultiplySubtract(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Fma.MultiplySubtract(a, b, c);
}

/// <summary>AVX-512, eight doubles: the one-sample engine's block updates where 512-bit vectors pay.</summary>
internal readonly partial struct Avx512Arithmetic : IArithmetic<Vector512<double>>
{
    public static Vector512<double> Broadcast(double value) => Vector512.Create(value);

    public static Vector512<double> Add(Vector512<double> a, Vector512<double> b) => Avx512F.Add(a, b);

    public static Vector512<double> Subtract(Vector512<double> a, Vector512<double> b) => Avx512F.Subtract(a, b);

    public static Vector512<double> Multiply(Vector512<double> a, Vector512<double> b) => Avx512F.Multiply(a, b);

    public static Vector512<double> Negate(Vector512<double> a) => -a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> MultiplyAdd(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Avx512F.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> MultiplyAddNegated(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Avx512F.FusedMultiplyAddNegated(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> MultiplySubtract(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Avx512F.FusedMultiplySubtract(a, b, c);
}
