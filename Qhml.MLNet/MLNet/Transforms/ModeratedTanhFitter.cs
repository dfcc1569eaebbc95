using System.Numerics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Qhml.MLNet.Normalization;

namespace Qhml.MLNet;

/// <summary>
/// Reads the training values of every column in one pass and fits each slot: center and scale
/// (<see cref="Standardization"/>), then the moderation (<see cref="ModerationFit"/>) unless given.
/// </summary>
internal static class ModeratedTanhFitter
{
    public static ModeratedTanhNormalizerModelParameters[] Fit(IHost host, IDataView input, ModeratedTanhNormalizingEstimator.Options[] columns, DataViewSchema.Column[] sources)
    {
        var collectors = new SlotCollector[columns.Length];
        using (var cursor = input.GetRowCursor(sources.Distinct()))
        {
            for (int i = 0; i < columns.Length; i++)
                collectors[i] = SlotCollector.Create(cursor, sources[i], columns[i].MaximumExampleCount);
            long maxRows = columns.Max(c => c.MaximumExampleCount);
            for (long row = 0; row < maxRows && cursor.MoveNext(); row++)
            {
                foreach (var collector in collectors)
                    collector.Collect(row);
            }
        }

        var result = new ModeratedTanhNormalizerModelParameters[columns.Length];
        for (int i = 0; i < columns.Length; i++)
        {
            CheckHasValues(host, sources[i], collectors[i]);
            result[i] = FitColumn(columns[i], sources[i], collectors[i].Slots);
        }
        return result;
    }

    // An empty or all-NaN column (or slot) would fit to a map that sends everything to 0: refuse it instead.
    private static void CheckHasValues(IHost host, DataViewSchema.Column source, SlotCollector collector)
    {
        if (collector.RowsRead == 0)
            throw host.Except($"Cannot fit the moderated-tanh normalizer on column '{source.Name}': the data have no rows.");
        int empty = Array.FindIndex(collector.Slots, slot => slot.Count == 0);
        if (empty >= 0)
        {
            string where = collector.Slots.Length == 1 ? "" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $" slot {empty} of");
            throw host.Except(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Cannot fit the moderated-tanh normalizer on{where} column '{source.Name}': all {collector.RowsRead} values read are NaN or infinite."));
        }
    }

    private static ModeratedTanhNormalizerModelParameters FitColumn(ModeratedTanhNormalizingEstimator.Options options, DataViewSchema.Column source, List<double>[] slots)
    {
        int n = slots.Length;
        var center = new double[n];
        var scale = new double[n];
        var moderation = new double[n];
        bool robust = options.Scaling == ModeratedTanhScaling.MedianInterquartileRange;
        // Slots are independent and each writes only its own entries: same result for any thread count.
        Parallel.For(0, n, slot =>
        {
            var values = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(slots[slot]);
            (center[slot], scale[slot]) = Standardization.Fit(values, robust);
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
                var z = new double[values.Length];
                for (int k = 0; k < z.Length; k++)
                    z[k] = (values[k] - center[slot]) / scale[slot];
                moderation[slot] = options.Criterion == ModeratedTanhModerationCriterion.MaximumEntropy
                    ? ModerationFit.MaximumEntropyModeration(z, options.MinimumModeration)
                    : ModerationFit.SmallestModeration(z, options.TargetSaturatedFraction, options.HalfRange, options.MinimumModeration);
            }
        });
        return new ModeratedTanhNormalizerModelParameters(options.OutputColumnName, source.Name, source.Type, options.Scaling,
            options.Moderation is null, options.HalfRange, options.ThrowOnNaN, center, scale, moderation);
    }

    /// <summary>Accumulates the finite values of each slot of one column (NaN and infinities are skipped).</summary>
    private abstract class SlotCollector
    {
        private readonly long _maximumRows;

        protected SlotCollector(int slotCount, long maximumRows)
        {
            _maximumRows = maximumRows;
            Slots = new List<double>[slotCount];
            for (int i = 0; i < slotCount; i++)
                Slots[i] = new List<double>();
        }

        public List<double>[] Slots { get; }

        /// <summary>Rows read (finite or not).</summary>
        public long RowsRead { get; private set; }

        public void Collect(long row)
        {
            if (row < _maximumRows)
            {
                CollectCore();
                RowsRead++;
            }
        }

        protected abstract void CollectCore();

        protected void Add(int slot, double value)
        {
            if (double.IsFinite(value))
                Slots[slot].Add(value);
        }

        public static SlotCollector Create(DataViewRowCursor cursor, DataViewSchema.Column column, long maximumRows)
        {
            if (column.Type is VectorDataViewType vector)
            {
                return vector.ItemType == NumberDataViewType.Double
                    ? new VectorCollector<double>(cursor, column, vector.Size, maximumRows)
                    : new VectorCollector<float>(cursor, column, vector.Size, maximumRows);
            }
            return column.Type == NumberDataViewType.Double
                ? new ScalarCollector<double>(cursor, column, maximumRows)
                : new ScalarCollector<float>(cursor, column, maximumRows);
        }
    }

    private sealed class ScalarCollector<T> : SlotCollector where T : IBinaryFloatingPointIeee754<T>
    {
        private readonly ValueGetter<T> _getter;
        private T _value = T.Zero;

        public ScalarCollector(DataViewRowCursor cursor, DataViewSchema.Column column, long maximumRows)
            : base(1, maximumRows) => _getter = cursor.GetGetter<T>(column);

        protected override void CollectCore()
        {
            _getter(ref _value);
            Add(0, double.CreateTruncating(_value));
        }
    }

    private sealed class VectorCollector<T> : SlotCollector where T : IBinaryFloatingPointIeee754<T>
    {
        private readonly ValueGetter<VBuffer<T>> _getter;
        private readonly T[] _dense;
        private VBuffer<T> _buffer;

        public VectorCollector(DataViewRowCursor cursor, DataViewSchema.Column column, int size, long maximumRows)
            : base(size, maximumRows)
        {
            _getter = cursor.GetGetter<VBuffer<T>>(column);
            _dense = new T[size];
        }

        protected override void CollectCore()
        {
            _getter(ref _buffer);
            _buffer.CopyTo(_dense); // densifies: implicit zeros of a sparse vector are real zeros
            for (int slot = 0; slot < _dense.Length; slot++)
                Add(slot, double.CreateTruncating(_dense[slot]));
        }
    }
}
