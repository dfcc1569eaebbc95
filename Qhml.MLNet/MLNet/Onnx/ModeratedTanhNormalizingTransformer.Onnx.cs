using System.Globalization;
using Microsoft.ML.Data;
using Microsoft.ML.Model.OnnxConverter;
using Qhml.MLNet.Onnx;

namespace Qhml.MLNet;

public sealed partial class ModeratedTanhNormalizingTransformer
{
    // ONNX export per column with standard operators, in double as the transform computes:
    // y = R * tanh((x - c) / (s * m)), i.e. Cast, Sub, Div, Tanh, Mul, Cast. A constant slot (s = 0) divides by
    // +infinity, giving 0 for every finite input as the transform does. Anything the graph cannot reproduce
    // throws a specific NotSupportedException rather than answering CanSaveOnnx = false, which ML.NET's
    // converter would turn into a silently dropped step.
    private sealed partial class Mapper : ISaveAsOnnx
    {
        public bool CanSaveOnnx(OnnxContext ctx) => true;

        public void SaveAsOnnx(OnnxContext ctx)
        {
            ctx.CheckOpSetVersion(HybridOnnxExporter.MinimumOpSet, LoaderSignature);
            foreach (var column in _parent._columns)
            {
                if (column.ThrowOnNaN)
                {
                    throw new NotSupportedException(string.Create(CultureInfo.InvariantCulture,
                        $"ONNX export: column '{column.InputColumnName}' of the moderated-tanh normalizer was fitted with ThrowOnNaN = true, which an ONNX graph cannot do (NaN would pass through). Refit with ThrowOnNaN = false to export. Nothing was written."));
                }
                if (!ctx.ContainsColumn(column.InputColumnName))
                {
                    throw new NotSupportedException(string.Create(CultureInfo.InvariantCulture,
                        $"ONNX export: the input column '{column.InputColumnName}' of the moderated-tanh normalizer is not in the ONNX graph (a step before it was not exported). Nothing was written."));
                }
                SaveColumn(ctx, column, ctx.GetVariableName(column.InputColumnName),
                    ctx.AddIntermediateVariable(column.InputType, column.OutputColumnName));
            }
        }

        private static void SaveColumn(OnnxContext ctx, ModeratedTanhNormalizerModelParameters column, string source, string destination)
        {
            var g = new OnnxGraphWriter(ctx, "ModeratedTanh");
            int slots = column.SlotCount;
            var divisor = new double[slots];
            for (int i = 0; i < slots; i++)
                divisor[i] = column.Scale[i] == 0 ? double.PositiveInfinity : column.Scale[i] * column.Moderation[i];

            var itemType = column.InputType is VectorDataViewType v ? v.ItemType : column.InputType;
            bool isFloat = itemType == NumberDataViewType.Single;
            string x = isFloat ? g.Cast(source, OnnxGraphWriter.Double) : source;
            string centered = g.Node("Sub", x, g.Doubles(column.Center.ToArray(), slots));
            string scaled = g.Node("Div", centered, g.Doubles(divisor, slots));
            string y = g.Node("Tanh", scaled);
            if (isFloat)
                g.Cast(g.Node("Mul", y, g.Doubles([column.HalfRange], 1)), OnnxGraphWriter.Float, destination);
            else
                g.Node("Mul", [y, g.Doubles([column.HalfRange], 1)], destination);
        }
    }
}
