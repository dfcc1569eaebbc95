using System.Runtime.CompilerServices;

namespace Qhml.MLNet.Quantum;

/// <summary>
/// Complex products shared by the product state, the initial-block contraction and the expectations, written once for
/// every element width.
/// </summary>
/// <typeparam name="T">The element width.</typeparam>
/// <typeparam name="TMath">Its arithmetic.</typeparam>
internal static class ComplexMath<T, TMath>
    where T : struct
    where TMath : struct, IArithmetic<T>
{
    /// <summary>Real part of x * m: x.r m.r - x.i m.i (unfused).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T TimesReal(T xr, T xi, T mr, T mi) => TMath.Subtract(TMath.Multiply(xr, mr), TMath.Multiply(xi, mi));

    /// <summary>Imaginary part of x * m: x.r m.i + x.i m.r (unfused).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T TimesImaginary(T xr, T xi, T mr, T mi) => TMath.Add(TMath.Multiply(xr, mi), TMath.Multiply(xi, mr));

    /// <summary>|x|^2 = x.r^2 + x.i^2 (two products, one sum): the probability of an amplitude.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Norm(T r, T i) => TMath.Add(TMath.Multiply(r, r), TMath.Multiply(i, i));
}
