using System.Runtime.CompilerServices;

namespace Qhml.MLNet.Quantum;

/// <summary>
/// A 2x2 complex matrix [[A, B], [C, D]], real and imaginary parts apart, one entry per element of <typeparamref name="T"/>:
/// <c>Matrix2</c> (double) for one sample, <c>LaneMatrix</c> (<see cref="System.Numerics.Vector{T}"/>) for one matrix per lane.
/// </summary>
/// <typeparam name="T">The element width (see <see cref="IArithmetic{T}"/>).</typeparam>
internal struct Matrix2x2<T>
    where T : struct
{
    public T AR, AI, BR, BI, CR, CI, DR, DI;

    public Matrix2x2(T ar, T ai, T br, T bi, T cr, T ci, T dr, T di)
    {
        AR = ar; AI = ai; BR = br; BI = bi; CR = cr; CI = ci; DR = dr; DI = di;
    }
}

/// <summary>
/// The matrix arithmetic of every engine, written once: rotation matrices, the block product, adjoint, transpose and
/// conjugate. <c>Matrix2Math</c> and <c>LaneMatrixMath</c> name the double and lane instantiations.
/// </summary>
/// <typeparam name="T">The element width.</typeparam>
/// <typeparam name="TMath">Its arithmetic.</typeparam>
internal static class MatrixMath<T, TMath>
    where T : struct
    where TMath : struct, IArithmetic<T>
{
    public static Matrix2x2<T> Identity
    {
        get
        {
            T one = TMath.Broadcast(1.0), zero = TMath.Broadcast(0.0);
            return new(one, zero, zero, zero, zero, zero, one, zero);
        }
    }

    /// <summary>The same matrix on every element.</summary>
    public static Matrix2x2<T> Broadcast(in Matrix2x2<double> m) => new(
        TMath.Broadcast(m.AR), TMath.Broadcast(m.AI), TMath.Broadcast(m.BR), TMath.Broadcast(m.BI),
        TMath.Broadcast(m.CR), TMath.Broadcast(m.CI), TMath.Broadcast(m.DR), TMath.Broadcast(m.DI));

    /// <summary>
    /// exp(-i t P / 2) from c = cos(t/2), s = sin(t/2): RX = [[c, -is], [-is, c]], RY = [[c, -s], [s, c]],
    /// RZ = diag(c - is, c + is).
    /// </summary>
    public static Matrix2x2<T> Rotation(RotationAxis axis, T c, T s)
    {
        T zero = TMath.Broadcast(0.0), ns = TMath.Negate(s);
        return axis switch
        {
            RotationAxis.X => new(c, zero, zero, ns, zero, ns, c, zero),
            RotationAxis.Y => new(c, zero, ns, zero, s, zero, c, zero),
            _ => new(c, ns, zero, zero, zero, zero, c, s),
        };
    }

    /// <summary>x * y. Each entry rounds as ((t1 - t2) + t3) - t4 (real) or ((t1 + t2) + t3) + t4 (imaginary) of four products.</summary>
    public static Matrix2x2<T> Multiply(in Matrix2x2<T> x, in Matrix2x2<T> y)
    {
        Matrix2x2<T> r;
        Entry(x.AR, x.AI, y.AR, y.AI, x.BR, x.BI, y.CR, y.CI, out r.AR, out r.AI);
        Entry(x.AR, x.AI, y.BR, y.BI, x.BR, x.BI, y.DR, y.DI, out r.BR, out r.BI);
        Entry(x.CR, x.CI, y.AR, y.AI, x.DR, x.DI, y.CR, y.CI, out r.CR, out r.CI);
        Entry(x.CR, x.CI, y.BR, y.BI, x.DR, x.DI, y.DR, y.DI, out r.DR, out r.DI);
        return r;
    }

    /// <summary>The block product gate[gates[^1]] * ... * gate[gates[0]] (identity when empty): a fused block's matrix.</summary>
    public static Matrix2x2<T> Product(ReadOnlySpan<Matrix2x2<T>> gate, ReadOnlySpan<int> gates)
    {
        if (gates.Length == 0)
            return Identity;
        Matrix2x2<T> m = gate[gates[0]];
        for (int j = 1; j < gates.Length; j++)
            m = Multiply(gate[gates[j]], m);
        return m;
    }

    /// <summary>The conjugate transpose (the inverse of a unitary).</summary>
    public static Matrix2x2<T> Adjoint(in Matrix2x2<T> m)
        => new(m.AR, TMath.Negate(m.AI), m.CR, TMath.Negate(m.CI), m.BR, TMath.Negate(m.BI), m.DR, TMath.Negate(m.DI));

    /// <summary>Transpose.</summary>
    public static Matrix2x2<T> Transpose(in Matrix2x2<T> m) => new(m.AR, m.AI, m.CR, m.CI, m.BR, m.BI, m.DR, m.DI);

    /// <summary>Element-wise complex conjugate.</summary>
    public static Matrix2x2<T> Conjugate(in Matrix2x2<T> m)
        => new(m.AR, TMath.Negate(m.AI), m.BR, TMath.Negate(m.BI), m.CR, TMath.Negate(m.CI), m.DR, TMath.Negate(m.DI));

    /// <summary>(a * b + c * d) for complex a, b, c, d.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Entry(T ar, T ai, T br, T bi, T cr, T ci, T dr, T di, out T rr, out T ri)
    {
        rr = TMath.Subtract(TMath.Add(TMath.Subtract(TMath.Multiply(ar, br), TMath.Multiply(ai, bi)), TMath.Multiply(cr, dr)), TMath.Multiply(ci, di));
        ri = TMath.Add(TMath.Add(TMath.Add(TMath.Multiply(ar, bi), TMath.Multiply(ai, br)), TMath.Multiply(cr, di)), TMath.Multiply(ci, dr));
    }
}
