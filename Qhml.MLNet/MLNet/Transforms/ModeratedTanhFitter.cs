using System.Globalization;
using System.Numerics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Qhml.MLNet.Normalization;

namespace Qhml.MLNet;

/// <summary>
/// Fits each slot of every column: center and scale (<see cref="Standardization"/>), then the moderation
/// (<see cref="ModerationFit"/>) unless given. The default options are fitted without keeping the values
/// (<see cref="ModeratedTanhStreamingFit"/>). Otherwise the finite values
/// are kept per slot in the column's own item type (float columns as float: half the bytes of double, and widening is
/// exact, so every statistic is that of the double values), in arrays of their final size: the rows read are the data
/// view's row count (or counted first by a cursor over no columns) capped at <c>MaximumExampleCount</c>. Each slot is
/// widened to double only while it is fitted.
/// </summary>
internal static class ModeratedTanhFitter
{
    public static ModeratedTanhNormalizerModelParameters[] Fit(IHost host, IDataView input, ModeratedTanhNormalizingEstimator.Options[] columns, DataViewSchema.Column[] sources)
        => Fit(host, input, columns, sources, Array.MaxLength);

    /// <summary><see cref="Fit(IHost, IDataView, ModeratedTanhNormalizingEstimator.Options[], DataViewSchema.Column[])"/> with a smaller per-slot limit (tests).</summary>
    internal static ModeratedTanhNormalizerModelParameters[] Fit(IHost host, IDataView input, ModeratedTanhNormalizingEstimator.Options[] columns,
        DataViewSchema.Column[] sources, long maximumValuesPerSlot)
    {
        long maxRows = columns.Max(c => c.MaximumExampleCount);
        long rows = DataViewRowCount.Get(host, input, maxRows);
        // The default options need no stored values (two passes over the rows); the others, and a column with a value
        // beyond 1e150, are fitted from values stored below.
        var streamed = ModeratedTanhStreamingFit.Fit(host, input, columns, sources, columns.Select(ModeratedTanhStreamingFit.Covers).ToArray(), rows);
        var stored = Enumerable.Range(0, columns.Length).Where(i => streamed[i] is null).ToArray();
        var result = new ModeratedTanhNormalizerModelParameters[columns.Length];
        foreach (var (parameters, i) in FitStored(host, input, [.. stored.Select(i => columns[i])], [.. stored.Select(i => sources[i])], rows, maximumValuesPerSlot).Zip(stored))
            streamed[i] = parameters;
        for (int i = 0; i < columns.Length; i++)
            result[i] = streamed[i]!;
        return result;
    }

    private static ModeratedTanhNormalizerModelParameters[] FitStored(IHost host, IDataView input, ModeratedTanhNormalizingEstimator.Options[] columns,
        DataViewSchema.Column[] sources, long rows, long maximumValuesPerSlot)
    {
        if (columns.Length == 0)
            return [];
        var collectors = new SlotCollector[columns.Length];
        using (var cursor = input.GetRowCursor(sources.Distinct()))
        {
            for (int i = 0; i < columns.Length; i++)
            {
                long capacity = Math.Min(rows, columns[i].MaximumExampleCount);
                if (capacity > maximumValuesPerSlot)
                    throw host.Except(string.Create(CultureInfo.InvariantCulture,
                        $"Cannot fit the moderated-tanh normalizer on column '{sources[i].Name}': {capacity:N0} rows are more values per slot than one array holds ({maximumValuesPerSlot:N0}). Set MaximumExampleCount to at most that."));
                collectors[i] = SlotCollector.Create(cursor, sources[i], (int)capacity);
            }
            for (long row = 0; row < rows && cursor.MoveNext(); row++)
            {
                foreach (var collector in collectors)
                    collector.Collect();
            }
        }

        var result = new ModeratedTanhNormalizerModelParameters[columns.Length];
        for (int i = 0; i < columns.Length; i++)
        {
            CheckHasValues(host, sources[i], collectors[i]);
            result[i] = FitColumn(columns[i], sources[i], collectors[i]);
        }
        return result;
    }

    // An empty or all-NaN column (or slot) would fit to a map that sends everything to 0: refuse it instead.
    private static void CheckHasValues(IHost host, DataViewSchema.Column source, SlotCollector collector)
        => CheckHasValues(host, source, collector.RowsRead, Array.IndexOf(collector.Counts, 0), collector.Counts.Length);

    /// <summary>Refuses a column with no rows, or a slot (<paramref name="emptySlot"/> &gt;= 0) with no finite value; shared with the streaming fit.</summary>
    internal static void CheckHasValues(IHost host, DataViewSchema.Column source, long rowsRead, int emptySlot, int slotCount)
    {
        if (rowsRead == 0)
            throw host.Except($"Cannot fit the moderated-tanh normalizer on column '{source.Name}': the data have no rows.");
        if (emptySlot >= 0)
        {
            string where = slotCount == 1 ? "" : string.Create(CultureInfo.InvariantCulture, $" slot {emptySlot} of");
            throw host.Except(string.Create(CultureInfo.InvariantCulture,
                $"Cannot fit the moderated-tanh normalizer on{where} column '{source.Name}': all {rowsRead} values read are NaN or infinite."));
        }
    }

    private static ModeratedTanhNormalizerModelParameters FitColumn(ModeratedTanhNormalizingEstimator.Options options, DataViewSchema.Column source, SlotCollector collector)
    {
        int n = collector.Counts.Length;
        var center = new double[n];
        var scale = new double[n];
        var moderation = new double[n];
        bool robust = options.Scaling == ModeratedTanhScaling.MedianInterquartileRange;
        // Slots are independent and each writes only its own entries: same result for any thread count. Each thread
        // reuses three buffers of the rows read (values, z, sorted magnitudes) for all its slots: allocating them per
        // slot put ~2 GB of short-lived large objects through the GC at 100k x 706 and inflated the peak.
        int rows = collector.Counts.Max();
        Parallel.For(0, n, () => new FitBuffers(rows), (slot, _, buffers) =>
        {
            var values = new ArraySegment<double>(buffers.Values, 0, collector.Counts[slot]);
            collector.CopySlot(slot, values);
            (center[slot], scale[slot]) = Standardization.FitFinite(values, robust);
            if (options.Moderation is double given)
            {
                moderation[slot] = given;
            }
            else if (scale[slot] == 0)
            {
                moderation[slot] = options.MinimumModeration; // constant slot: output is 0 whatever m is
            }
            else
            {
                Span<double> z = buffers.Standardized.AsSpan(0, values.Count);
                for (int k = 0; k < z.Length; k++)
                    z[k] = (values[k] - center[slot]) / scale[slot];
                moderation[slot] = options.Criterion == ModeratedTanhModerationCriterion.MaximumEntropy
                    ? ModerationFit.MaximumEntropyModeration(z, options.MinimumModeration)
                    : ModerationFit.SmallestModerationWithBuffer(z, options.TargetSaturatedFraction, options.HalfRange, options.MinimumModeration, buffers.Magnitudes);
            }
            return buffers;
        }, _ => { });
        return new ModeratedTanhNormalizerModelParameters(options.OutputColumnName, source.Name, source.Type, options.Scaling,
            options.Moderation is null, options.HalfRange, options.ThrowOnNaN, center, scale, moderation);
    }

    /// <summary>One thread's scratch for fitting slots of up to a given number of values.</summary>
    private sealed class FitBuffers(int length)
    {
        public double[] Values { get; } = new double[length];
        public double[] Standardized { get; } = new double[length];
        public double[] Magnitudes { get; } = new double[length];
    }

    /// <summary>Keeps the finite values of each slot of one column (NaN and infinities are skipped), in the column's item type.</summary>
    private abstract class SlotCollector
    {
        private readonly int _capacity;

        protected SlotCollector(int slotCount, int capacity)
        {
            _capacity = capacity;
            Counts = new int[slotCount];
        }

        /// <summary>Finite values kept per slot.</summary>
        public int[] Counts { get; }

        /// <summary>Rows read (finite or not).</summary>
        public long RowsRead { get; private set; }

        public void Collect()
        {
            if (RowsRead < _capacity)
            {
                CollectCore();
                RowsRead++;
            }
        }

        protected abstract void CollectCore();

        /// <summary>The slot's kept values, in row order, widened (exactly) to double.</summary>
        public abstract void CopySlot(int slot, Span<double> destination);

        public static SlotCollector Create(DataViewRowCursor cursor, DataViewSchema.Column column, int capacity)
        {
            if (column.Type is VectorDataViewType vector)
            {
                return vector.ItemType == NumberDataViewType.Double
                    ? new VectorCollector<double>(cursor, column, vector.Size, capacity)
                    : new VectorCollector<float>(cursor, column, vector.Size, capacity);
            }
            return column.Type == NumberDataViewType.Double
                ? new ScalarCollector<double>(cursor, column, capacity)
                : new ScalarCollector<float>(cursor, column, capacity);
        }
    }

    /// <summary>Per-slot arrays of <typeparamref name="T"/>, each as long as the rows to read.</summary>
    private abstract class TypedCollector<T> : SlotCollector where T : IBinaryFloatingPointIeee754<T>
    {
        private readonly T[][] _values;

        protected TypedCollector(int slotCount, int capacity)
            : base(slotCount, capacity)
        {
            _values = new T[slotCount][];
            for (int i = 0; i < slotCount; i++)
                _values[i] = new T[capacity];
        }

        protected void Add(int slot, T value)
        {
            if (T.IsFinite(value))
                _values[slot][Counts[slot]++] = value;
        }

        public override void CopySlot(int slot, Span<double> destination)
        {
            ReadOnlySpan<T> values = _values[slot].AsSpan(0, Counts[slot]);
            for (int k = 0; k < values.Length; k++)
                destination[k] = double.CreateTruncating(values[k]);
        }
    }

    private sealed class ScalarCollector<T> : TypedCollector<T> where T : IBinaryFloatingPointIeee754<T>
    {
        private readonly ValueGetter<T> _getter;
        private T _value = T.Zero;

        public ScalarCollector(DataViewRowCursor cursor, DataViewSchema.Column column, int capacity)
            : base(1, capacity) => _getter = cursor.GetGetter<T>(column);

        protected override void CollectCore()
        {
            _getter(ref _value);
            Add(0, _value);
        }
    }

    private sealed class VectorCollector<T> : TypedCollector<T> where T : IBinaryFloatingPointIeee754<T>
    {
        private readonly ValueGetter<VBuffer<T>> _getter;
        private readonly T[] _dense;
        private VBuffer<T> _buffer;

        public VectorCollector(DataViewRowCursor cursor, DataViewSchema.Column column, int size, int capacity)
            : base(size, capacity)
        {
            _getter = cursor.GetGetter<VBuffer<T>>(column);
            _dense = new T[size];
        }

        protected override void CollectCore()
        {
            _getter(ref _buffer);
            _buffer.CopyTo(_dense); // densifies: implicit zeros of a sparse vector are real zeros
            for (int slot = 0; slot < _dense.Length; slot++)
                Add(slot, _dense[slot]);
        }
    }
}
