using System.Globalization;
using System.Numerics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Qhml.MLNet.Normalization;

namespace Qhml.MLNet;

public sealed partial class ModeratedTanhNormalizingTransformer
{
    /// <summary>Builds the per-row getters; one instance per input schema.</summary>
    private sealed partial class Mapper : OneToOneMapperBase // ONNX export: MLNet/Onnx/ModeratedTanhNormalizingTransformer.Onnx.cs
    {
        private readonly ModeratedTanhNormalizingTransformer _parent;

        public Mapper(ModeratedTanhNormalizingTransformer parent, DataViewSchema inputSchema)
            : base(parent.Host.Register(nameof(Mapper)), parent, inputSchema)
        {
            _parent = parent;
        }

        protected override DataViewSchema.DetachedColumn[] GetOutputColumnsCore()
        {
            var result = new DataViewSchema.DetachedColumn[_parent._columns.Length];
            for (int i = 0; i < result.Length; i++)
            {
                var input = InputSchema[ColMapNewToOld[i]];
                var annotations = new DataViewSchema.Annotations.Builder();
                // Keep slot names and everything else; state that the output is normalized.
                annotations.Add(input.Annotations, name => name != AnnotationUtils.Kinds.IsNormalized);
                annotations.Add(AnnotationUtils.Kinds.IsNormalized, BooleanDataViewType.Instance, (ref bool dst) => dst = true);
                result[i] = new DataViewSchema.DetachedColumn(_parent._columns[i].OutputColumnName, input.Type, annotations.ToAnnotations());
            }
            return result;
        }

        protected override Delegate MakeGetter(DataViewRow input, int iinfo, Func<int, bool> activeOutput, out Action disposer)
        {
            disposer = null!;
            var column = _parent._columns[iinfo];
            var source = input.Schema[ColMapNewToOld[iinfo]];
            bool isDouble = (column.InputType is VectorDataViewType v ? v.ItemType : column.InputType) == NumberDataViewType.Double;
            bool isVector = column.InputType is VectorDataViewType;
            return (isDouble, isVector) switch
            {
                (false, false) => MakeScalarGetter<float>(input, source, column),
                (true, false) => MakeScalarGetter<double>(input, source, column),
                (false, true) => MakeVectorGetter<float>(input, source, column),
                (true, true) => MakeVectorGetter<double>(input, source, column),
            };
        }

        private static ValueGetter<T> MakeScalarGetter<T>(DataViewRow input, DataViewSchema.Column source, ModeratedTanhNormalizerModelParameters column)
            where T : IBinaryFloatingPointIeee754<T>
        {
            var getSource = input.GetGetter<T>(source);
            var getId = input.GetIdGetter();
            T value = T.Zero;
            return (ref T dst) =>
            {
                getSource(ref value);
                dst = Map(value, 0, column, getId);
            };
        }

        private static ValueGetter<VBuffer<T>> MakeVectorGetter<T>(DataViewRow input, DataViewSchema.Column source, ModeratedTanhNormalizerModelParameters column)
            where T : IBinaryFloatingPointIeee754<T>
        {
            var getSource = input.GetGetter<VBuffer<T>>(source);
            var getId = input.GetIdGetter();
            VBuffer<T> buffer = default;
            int size = column.SlotCount;
            return (ref VBuffer<T> dst) =>
            {
                getSource(ref buffer);
                if (buffer.Length != size)
                    throw Contracts.Except(string.Create(CultureInfo.InvariantCulture, $"Column '{column.InputColumnName}', row {RowName(getId)}: vector has {buffer.Length} slots; expected {size}."));
                // The output is dense even for a sparse input: an implicit 0 rarely maps to 0.
                var editor = VBufferEditor.Create(ref dst, size);
                var values = buffer.GetValues();
                if (buffer.IsDense)
                {
                    for (int slot = 0; slot < size; slot++)
                        editor.Values[slot] = Map(values[slot], slot, column, getId);
                }
                else
                {
                    for (int slot = 0; slot < size; slot++)
                        editor.Values[slot] = Map(T.Zero, slot, column, getId);
                    var indices = buffer.GetIndices();
                    for (int j = 0; j < indices.Length; j++)
                        editor.Values[indices[j]] = Map(values[j], indices[j], column, getId);
                }
                dst = editor.Commit();
            };
        }

        private static T Map<T>(T value, int slot, ModeratedTanhNormalizerModelParameters column, ValueGetter<DataViewRowId> getId)
            where T : IBinaryFloatingPointIeee754<T>
        {
            if (T.IsNaN(value) && column.ThrowOnNaN)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"Column '{column.InputColumnName}', row {RowName(getId)}, slot {slot}: the value is NaN, and the moderated-tanh "
                    + $"normalizer was configured with ThrowOnNaN = true. Impute or filter missing values before this transform."));
            }
            double x = double.CreateTruncating(value);
            return T.CreateTruncating(ModeratedTanh.Normalize(x, column.Center[slot], column.Scale[slot], column.HalfRange, column.Moderation[slot]));
        }

        /// <summary>
        /// The row's id, which for in-memory and file data is its index in the source. Used instead of the
        /// cursor position, which is local to each worker when ML.NET splits a scan over threads.
        /// </summary>
        private static string RowName(ValueGetter<DataViewRowId> getId)
        {
            DataViewRowId id = default;
            getId(ref id);
            return id.High == 0 ? id.Low.ToString(CultureInfo.InvariantCulture) : id.ToString();
        }
    }
}
