using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace Qhml.MLNet;

/// <summary>
/// The rows a fit will read, known before reading them, so that its arrays are allocated once at their final size
/// (no growing list, no second copy): the data view's own count, or a count by a cursor over no columns (cheap for file
/// loaders, which then skip parsing).
/// </summary>
internal static class DataViewRowCount
{
    /// <summary>min(rows of <paramref name="data"/>, <paramref name="atMost"/>).</summary>
    public static long Get(IHost host, IDataView data, long atMost = long.MaxValue)
    {
        if (data.GetRowCount() is { } known)
            return Math.Min(known, atMost);
        long rows = 0;
        using var cursor = data.GetRowCursor([]);
        while (rows < atMost && cursor.MoveNext())
        {
            if ((rows & 0xFFF) == 0)
                host.CheckAlive();
            rows++;
        }
        return rows;
    }
}
