using System.Numerics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Qhml.MLNet.Normalization;

namespace Qhml.MLNet;

/// <summary>
/// The default fit (mean and standard deviation, moderation given or fitted to the saturation target) without keeping
/// the values: pass 1 over the rows accumulates each slot's count, first value, constancy, largest magnitude and
/// MathNet's streaming mean/variance (the same recurrence <see cref="Standardization"/> runs on its list, so the same
/// bits); pass 2, when the moderation is fitted, keeps each slot's floor(f n) + 1 largest |z| in a bounded heap, all that
/// <see cref="ModerationFit.SmallestModerationOfLargest"/> reads. Memory O(slots x f x rows) instead of O(slots x rows).
/// A slot with a value beyond 1e150 (fitted on rescaled values) makes its column return null: the caller fits that
/// column from stored values instead.
/// </summary>
internal static class ModeratedTanhStreamingFit
{
    /// <summary>Whether the column's options are the ones this fit covers.</summary>
    public static bool Covers(ModeratedTanhNormalizingEstimator.Options options)
        => options.Scaling == ModeratedTanhScaling.MeanStandardDeviation
            && (options.Moderation is not null || options.Criterion == ModeratedTanhModerationCriterion.SaturationTarget);

    /// <summary>Fits the covered columns (<paramref name="covered"/>); null where a column needs the stored fit.</summary>
    public static ModeratedTanhNormalizerModelParameters?[] Fit(IHost host, IDataView input, ModeratedTanhNormalizingEstimator.Options[] columns,
        DataViewSchema.Column[] sources, bool[] covered, long rows)
    {
        var result = new ModeratedTanhNormalizerModelParameters?[columns.Length];
        var moments = new SlotMoments?[columns.Length];
        ReadRows(input, sources, covered, rows, columns, (column, slot, value) => moments[column]!.Add(slot, value),
            column => moments[column] = new SlotMoments(SlotCount(sources[column])), column => moments[column]!.RowsRead++);

        var center = new double[columns.Length][];
        var scale = new double[columns.Length][];
        var tails = new LargestMagnitudes?[columns.Length];
        var needTail = new bool[columns.Length];
        var fitted = new bool[columns.Length]; // false: the column goes to the stored fit (result null)
        for (int i = 0; i < columns.Length; i++)
        {
            if (!covered[i])
                continue;
            var m = moments[i]!;
            ModeratedTanhFitter.CheckHasValues(host, sources[i], m.RowsRead, Array.IndexOf(m.Counts, 0L), m.Counts.Length);
            if (m.HasHugeValue)
                continue; // fitted on values divided by their largest magnitude: the stored fit does that
            (center[i], scale[i]) = m.CenterAndScale();
            // The sum of squares can overflow below LargeMagnitude too (it grows with the row count): the same remedy.
            fitted[i] = scale[i].All(double.IsFinite);
            needTail[i] = fitted[i] && columns[i].Moderation is null && scale[i].Any(s => s != 0);
        }
        if (needTail.Any(t => t))
        {
            ReadRows(input, sources, needTail, rows, columns, (column, slot, value) => tails[column]!.Add(slot, (value - center[column][slot]) / scale[column][slot]),
                column => tails[column] = new LargestMagnitudes(moments[column]!.Counts, columns[column].TargetSaturatedFraction), _ => { });
        }

        for (int i = 0; i < columns.Length; i++)
        {
            if (!fitted[i])
                continue;
            var o = columns[i];
            var moderation = new double[center[i].Length];
            for (int slot = 0; slot < moderation.Length; slot++)
            {
                if (o.Moderation is double given)
                    moderation[slot] = given;
                else if (scale[i][slot] == 0)
                    moderation[slot] = o.MinimumModeration; // constant slot: output is 0 whatever m is
                else
                    moderation[slot] = tails[i]!.SmallestModeration(slot, o.TargetSaturatedFraction, o.HalfRange, o.MinimumModeration);
            }
            result[i] = new ModeratedTanhNormalizerModelParameters(o.OutputColumnName, sources[i].Name, sources[i].Type, o.Scaling,
                o.Moderation is null, o.HalfRange, o.ThrowOnNaN, center[i], scale[i], moderation);
        }
        return result;
    }

    private static int SlotCount(DataViewSchema.Column column) => column.Type is VectorDataViewType vector ? vector.Size : 1;

    // One pass: the first min(rows, MaximumExampleCount) rows of each selected column, every finite value widened to double.
    private static void ReadRows(IDataView input, DataViewSchema.Column[] sources, bool[] selected, long rows, ModeratedTanhNormalizingEstimator.Options[] columns,
        Action<int, int, double> add, Action<int> start, Action<int> rowDone)
    {
        var active = Enumerable.Range(0, sources.Length).Where(i => selected[i]).ToArray();
        using var cursor = input.GetRowCursor(active.Select(i => sources[i]).Distinct());
        var readers = active.Select(i => RowReader.Create(cursor, sources[i])).ToArray();
        foreach (int i in active)
            start(i);
        for (long row = 0; row < rows && cursor.MoveNext(); row++)
        {
            for (int a = 0; a < active.Length; a++)
            {
                int i = active[a];
                if (row >= columns[i].MaximumExampleCount)
                    continue;
                ReadOnlySpan<double> values = readers[a].Read();
                for (int slot = 0; slot < values.Length; slot++)
                    if (double.IsFinite(values[slot]))
                        add(i, slot, values[slot]);
                rowDone(i);
            }
        }
    }

    /// <summary>Per slot: MathNet's streaming mean/variance recurrence, count, first value, constancy and largest magnitude.</summary>
    private sealed class SlotMoments(int slots)
    {
        private readonly double[] _mean = new double[slots], _sumSquares = new double[slots], _total = new double[slots];
        private readonly double[] _first = new double[slots], _largest = new double[slots];
        private readonly bool[] _varies = new bool[slots];

        public long[] Counts { get; } = new long[slots];
        public long RowsRead { get; set; }
        public bool HasHugeValue => _largest.Any(v => v > Standardization.LargeMagnitude);

        public void Add(int slot, double x)
        {
            ulong n = (ulong)++Counts[slot];
            _largest[slot] = Math.Max(_largest[slot], Math.Abs(x));
            if (n == 1)
            {
                _first[slot] = x;
                _total[slot] = x;
                _mean[slot] = x;
                return;
            }
            _varies[slot] |= x != _first[slot];
            // MathNet.Numerics StreamingStatistics.MeanVariance, term for term.
            _total[slot] += x;
            double diff = (n * x) - _total[slot];
            _sumSquares[slot] += diff * diff / (n * (n - 1));
            _mean[slot] += (x - _mean[slot]) / n;
        }

        // Standardization.Fit's rules: one value, or all equal, is a constant slot (scale 0).
        public (double[] Center, double[] Scale) CenterAndScale()
        {
            var center = new double[Counts.Length];
            var scale = new double[Counts.Length];
            for (int slot = 0; slot < center.Length; slot++)
            {
                if (Counts[slot] == 1 || !_varies[slot])
                {
                    center[slot] = _first[slot];
                    continue;
                }
                center[slot] = _mean[slot];
                scale[slot] = Math.Sqrt(_sumSquares[slot] / (ulong)(Counts[slot] - 1));
            }
            return (center, scale);
        }
    }

    /// <summary>Per slot, the floor(f n) + 1 largest finite |z| (a min-heap), and how many finite z there were.</summary>
    private sealed class LargestMagnitudes
    {
        private readonly double[][] _heaps;
        private readonly int[] _sizes;
        private readonly long[] _counts;

        public LargestMagnitudes(long[] finiteValues, double targetSaturatedFraction)
        {
            _heaps = finiteValues.Select(n => new double[Math.Min(n, ModerationFit.AllowedSaturatedCount(n, targetSaturatedFraction) + 1)]).ToArray();
            _sizes = new int[finiteValues.Length];
            _counts = new long[finiteValues.Length];
        }

        public void Add(int slot, double z)
        {
            if (!double.IsFinite(z))
                return;
            _counts[slot]++;
            double m = Math.Abs(z);
            double[] heap = _heaps[slot];
            if (_sizes[slot] < heap.Length)
            {
                int i = _sizes[slot]++;
                heap[i] = m;
                while (i > 0 && heap[(i - 1) / 2] > heap[i])
                {
                    (heap[i], heap[(i - 1) / 2]) = (heap[(i - 1) / 2], heap[i]);
                    i = (i - 1) / 2;
                }
            }
            else if (heap.Length > 0 && m > heap[0])
            {
                heap[0] = m;
                SiftDown(heap, heap.Length);
            }
        }

        private static void SiftDown(double[] heap, int size)
        {
            int i = 0;
            while (true)
            {
                int smallest = i, left = (2 * i) + 1, right = left + 1;
                if (left < size && heap[left] < heap[smallest])
                    smallest = left;
                if (right < size && heap[right] < heap[smallest])
                    smallest = right;
                if (smallest == i)
                    return;
                (heap[i], heap[smallest]) = (heap[smallest], heap[i]);
                i = smallest;
            }
        }

        public double SmallestModeration(int slot, double targetSaturatedFraction, double halfRange, double minimumModeration)
        {
            Span<double> largest = _heaps[slot].AsSpan(0, _sizes[slot]);
            largest.Sort();
            return ModerationFit.SmallestModerationOfLargest(largest, _counts[slot], targetSaturatedFraction, halfRange, minimumModeration);
        }
    }

    /// <summary>One column's current row as dense doubles (a sparse vector's implicit zeros are zeros).</summary>
    private abstract class RowReader
    {
        public abstract ReadOnlySpan<double> Read();

        public static RowReader Create(DataViewRowCursor cursor, DataViewSchema.Column column)
        {
            if (column.Type is VectorDataViewType vector)
            {
                return vector.ItemType == NumberDataViewType.Double
                    ? new VectorReader<double>(cursor, column, vector.Size)
                    : new VectorReader<float>(cursor, column, vector.Size);
            }
            return column.Type == NumberDataViewType.Double ? new ScalarReader<double>(cursor, column) : new ScalarReader<float>(cursor, column);
        }
    }

    private sealed class ScalarReader<T>(DataViewRowCursor cursor, DataViewSchema.Column column) : RowReader where T : IBinaryFloatingPointIeee754<T>
    {
        private readonly ValueGetter<T> _getter = cursor.GetGetter<T>(column);
        private readonly double[] _row = new double[1];
        private T _value = T.Zero;

        public override ReadOnlySpan<double> Read()
        {
            _getter(ref _value);
            _row[0] = double.CreateTruncating(_value);
            return _row;
        }
    }

    private sealed class VectorReader<T>(DataViewRowCursor cursor, DataViewSchema.Column column, int size) : RowReader where T : IBinaryFloatingPointIeee754<T>
    {
        private readonly ValueGetter<VBuffer<T>> _getter = cursor.GetGetter<VBuffer<T>>(column);
        private readonly T[] _dense = new T[size];
        private readonly double[] _row = new double[size];
        private VBuffer<T> _buffer;

        public override ReadOnlySpan<double> Read()
        {
            _getter(ref _buffer);
            _buffer.CopyTo(_dense);
            for (int slot = 0; slot < _row.Length; slot++)
                _row[slot] = double.CreateTruncating(_dense[slot]);
            return _row;
        }
    }
}
