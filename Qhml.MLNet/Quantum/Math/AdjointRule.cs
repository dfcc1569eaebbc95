using System.Runtime.CompilerServices;

namespace Qhml.MLNet.Quantum;

/// <summary>
/// Adjoint differentiation of a fused single-qubit block, written once for the reference (double) and lane
/// (<see cref="System.Numerics.Vector{T}"/>) engines.
/// </summary>
/// <typeparam name="T">The element width.</typeparam>
/// <typeparam name="TMath">Its arithmetic.</typeparam>
/// <remarks>
/// For a block M = U_m...U_1 on qubit q with after-block states phi, lambda, the derivative of gate j is
/// Im &lt;lambda| A_j P_j A_j^dagger |phi&gt; with A_j = U_m...U_(j+1), and &lt;lambda|G|phi&gt; = sum_ab G_ab R_ab with the
/// overlap R_ab = sum over the qubit's amplitude pairs of conj(lambda_a) phi_b. So one pass over the state gives R
/// (<see cref="AccumulateFusedReal"/> or <see cref="AccumulatePlainReal"/> and their imaginary parts), and <see cref="BlockGradients"/> walks the block
/// backwards on 2x2 matrices alone.
/// </remarks>
internal static class AdjointRule<T, TMath>
    where T : struct
    where TMath : struct, IArithmetic<T>
{
    // Values, not ref parameters: the eight accumulators of an overlap pass stay in registers.

    /// <summary>Re(acc + conj(l) f) with the fast engines' FMA nesting: l.r f.r + (l.i f.i + acc).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T AccumulateFusedReal(T accR, T lr, T li, T fr, T fi) => TMath.MultiplyAdd(lr, fr, TMath.MultiplyAdd(li, fi, accR));

    /// <summary>Im(acc + conj(l) f) with the fast engines' FMA nesting: l.r f.i + (acc - l.i f.r).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T AccumulateFusedImaginary(T accI, T lr, T li, T fr, T fi) => TMath.MultiplyAdd(lr, fi, TMath.MultiplyAddNegated(li, fr, accI));

    /// <summary>Re(acc + conj(l) f), the reference engine's unfused rounding: acc + (l.r f.r + l.i f.i).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T AccumulatePlainReal(T accR, T lr, T li, T fr, T fi) => TMath.Add(accR, TMath.Add(TMath.Multiply(lr, fr), TMath.Multiply(li, fi)));

    /// <summary>Im(acc + conj(l) f), unfused: acc + (l.r f.i - l.i f.r).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T AccumulatePlainImaginary(T accI, T lr, T li, T fr, T fi) => TMath.Add(accI, TMath.Subtract(TMath.Multiply(lr, fi), TMath.Multiply(li, fr)));

    /// <summary>Im sum_ab R_ab P_ab for the rotation's Pauli P: the derivative of the last gate of the overlap.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Derivative(RotationAxis axis, in Matrix2x2<T> r) => axis switch
    {
        RotationAxis.X => TMath.Add(r.BI, r.CI),        // Im(R01 + R10)
        RotationAxis.Y => TMath.Subtract(r.CR, r.BR),   // Im(-i R01 + i R10)
        _ => TMath.Subtract(r.AI, r.DI),                // Im(R00 - R11)
    };

    /// <summary>
    /// Adds the derivatives of a block's gates, given its overlap <paramref name="r"/> at the block's end: the last
    /// gate's from r, then un-applying gate U maps r to U^T r conj(U), the overlap before it, and so on backwards
    /// (stopping at the first gate with a variable angle).
    /// </summary>
    public static void BlockGradients(ReadOnlySpan<CircuitProgram.Op> ops, ReadOnlySpan<int> gates, Matrix2x2<T> r,
        ReadOnlySpan<Matrix2x2<T>> gate, Span<T> parameterGradient, Span<T> inputGradient)
    {
        int firstVariable = 0;
        while (firstVariable < gates.Length && ops[gates[firstVariable]].Source == AngleSource.Constant)
            firstVariable++;
        for (int j = gates.Length - 1; j >= firstVariable; j--)
        {
            int k = gates[j];
            ref readonly CircuitProgram.Op op = ref ops[k];
            if (op.Source == AngleSource.Parameter)
                parameterGradient[op.Index] = TMath.Add(parameterGradient[op.Index], Derivative(op.Axis, r));
            else if (op.Source == AngleSource.Input)
                inputGradient[op.Index] = TMath.Add(inputGradient[op.Index], Derivative(op.Axis, r));

            if (j > firstVariable)
            {
                ref readonly Matrix2x2<T> u = ref gate[k];
                r = MatrixMath<T, TMath>.Multiply(MatrixMath<T, TMath>.Multiply(MatrixMath<T, TMath>.Transpose(u), r), MatrixMath<T, TMath>.Conjugate(u));
            }
        }
    }
}
