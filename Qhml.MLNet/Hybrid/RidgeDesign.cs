using System.Numerics.Tensors;

namespace Qhml.MLNet.Hybrid;

/// <summary>
/// The ridge's design matrix Z, row by row on demand: row i is the float features widened (exactly) to double,
/// standardized by the weighted means and SDs and scaled by sqrt(normalized weight), so that weighted ridge is plain
/// ridge on Z. Computing rows when needed keeps Z (n x f doubles, twice the float data) out of memory.
/// </summary>
internal sealed class RidgeDesign(PreparedRows rows, double[] mean, double[] scale, double[] rowScale, bool[] constant)
{
    /// <summary>n.</summary>
    public int Rows => rows.Count;

    /// <summary>f.</summary>
    public int Features => mean.Length;

    /// <summary>sqrt(w_i n / W) per row.</summary>
    public double[] RowScale => rowScale;

    /// <summary>Features constant over the rows (SD 0 up to rounding): their column of Z is rounding noise, their weight 0.</summary>
    public bool[] Constant => constant;

    /// <summary>Writes row <paramref name="i"/> of Z into <paramref name="destination"/> (f values).</summary>
    public void Row(int i, Span<double> destination)
    {
        rows.RowAsDouble(i, destination);
        TensorPrimitives.Subtract(destination, mean, destination);
        TensorPrimitives.Divide(destination, scale, destination);
        TensorPrimitives.Multiply(destination, rowScale[i], destination);
    }
}
