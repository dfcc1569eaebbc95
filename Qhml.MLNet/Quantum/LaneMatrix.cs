using System.Numerics;
using System.Runtime.CompilerServices;

namespace Qhml.MLNet.Quantum;

/// <summary>
/// A 2x2 complex matrix [[A, B], [C, D]] holding one matrix per SIMD lane (one lane = one sample), real
/// and imaginary parts apart.
/// </summary>
internal struct LaneMatrix
{
    public Vector<double> AR, AI, BR, BI, CR, CI, DR, DI;

    public static LaneMatrix Identity => new() { AR = Vector<double>.One, DR = Vector<double>.One };

    public static LaneMatrix Broadcast(in Matrix2 m) => new()
    {
        AR = new Vector<double>(m.AR), AI = new Vector<double>(m.AI),
        BR = new Vector<double>(m.BR), BI = new Vector<double>(m.BI),
        CR = new Vector<double>(m.CR), CI = new Vector<double>(m.CI),
        DR = new Vector<double>(m.DR), DI = new Vector<double>(m.DI),
    };

    /// <summary>exp(-i t P / 2) per lane from c = cos(t/2), s = sin(t/2).</summary>
    public static LaneMatrix Rotation(RotationAxis axis, Vector<double> c, Vector<double> s)
    {
        var zero = Vector<double>.Zero;
        return axis switch
        {
            RotationAxis.X => new() { AR = c, AI = zero, BR = zero, BI = -s, CR = zero, CI = -s, DR = c, DI = zero },
            RotationAxis.Y => new() { AR = c, AI = zero, BR = -s, BI = zero, CR = s, CI = zero, DR = c, DI = zero },
            _ => new() { AR = c, AI = -s, BR = zero, BI = zero, CR = zero, CI = zero, DR = c, DI = s },
        };
    }

    /// <summary>The Pauli matrix of an axis, on every lane.</summary>
    public static LaneMatrix Pauli(RotationAxis axis)
    {
        var one = Vector<double>.One;
        return axis switch
        {
            RotationAxis.X => new() { BR = one, CR = one },
            RotationAxis.Y => new() { BI = -one, CI = one },
            _ => new() { AR = one, DR = -one },
        };
    }

    /// <summary>Conjugate transpose.</summary>
    public readonly LaneMatrix Adjoint() => new()
    {
        AR = AR, AI = -AI, BR = CR, BI = -CI, CR = BR, CI = -BI, DR = DR, DI = -DI,
    };

    /// <summary>Transpose.</summary>
    public readonly LaneMatrix Transpose() => new()
    {
        AR = AR, AI = AI, BR = CR, BI = CI, CR = BR, CI = BI, DR = DR, DI = DI,
    };

    /// <summary>Element-wise complex conjugate.</summary>
    public readonly LaneMatrix Conjugate() => new()
    {
        AR = AR, AI = -AI, BR = BR, BI = -BI, CR = CR, CI = -CI, DR = DR, DI = -DI,
    };

    /// <summary>x * y (matrix product).</summary>
    public static LaneMatrix Multiply(in LaneMatrix x, in LaneMatrix y)
    {
        LaneMatrix r;
        MulAdd(x.AR, x.AI, y.AR, y.AI, x.BR, x.BI, y.CR, y.CI, out r.AR, out r.AI);
        MulAdd(x.AR, x.AI, y.BR, y.BI, x.BR, x.BI, y.DR, y.DI, out r.BR, out r.BI);
        MulAdd(x.CR, x.CI, y.AR, y.AI, x.DR, x.DI, y.CR, y.CI, out r.CR, out r.CI);
        MulAdd(x.CR, x.CI, y.BR, y.BI, x.DR, x.DI, y.DR, y.DI, out r.DR, out r.DI);
        return r;
    }

    /// <summary>(a * b + c * d) for complex lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MulAdd(
        Vector<double> ar, Vector<double> ai, Vector<double> br, Vector<double> bi,
        Vector<double> cr, Vector<double> ci, Vector<double> dr, Vector<double> di,
        out Vector<double> rr, out Vector<double> ri)
    {
        rr = ar * br - ai * bi + cr * dr - ci * di;
        ri = ar * bi + ai * br + cr * di + ci * dr;
    }
}
