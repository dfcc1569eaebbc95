namespace Qhml.MLNet.Data;

/// <summary>One drug's data as plain arrays, for code that does not want an <see cref="Microsoft.ML.IDataView"/>.
/// The arrays are the caller's own copies.</summary>
/// <param name="DrugName">The drug.</param>
/// <param name="GeneNames">Gene symbols, the column order of <paramref name="Features"/>.</param>
/// <param name="Features">One expression row per cell line (<c>Features[row][gene]</c>).</param>
/// <param name="Labels">ln IC50 per row.</param>
/// <param name="CellLineIds">Cell line id per row.</param>
public sealed record GdscDrugData(
    string DrugName, IReadOnlyList<string> GeneNames, float[][] Features, float[] Labels, string[] CellLineIds)
{
    /// <summary>Number of rows (cell lines).</summary>
    public int Count => Labels.Length;

    /// <summary>The features as a rectangular matrix (rows x genes), copied.</summary>
    public float[,] ToMatrix()
    {
        var matrix = new float[Features.Length, GeneNames.Count];
        for (var i = 0; i < Features.Length; i++)
            for (var g = 0; g < GeneNames.Count; g++)
                matrix[i, g] = Features[i][g];
        return matrix;
    }

    /// <summary>One gene's values over the rows, e.g. to correlate it with <see cref="Labels"/>.</summary>
    /// <param name="geneIndex">Index into <see cref="GeneNames"/>.</param>
    public float[] GetGeneColumn(int geneIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(geneIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(geneIndex, GeneNames.Count);
        return [.. Features.Select(row => row[geneIndex])];
    }
}
