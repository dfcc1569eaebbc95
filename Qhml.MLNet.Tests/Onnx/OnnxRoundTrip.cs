using Microsoft.ML;
using Microsoft.ML.Data;

namespace Qhml.MLNet.Tests.Onnx;

/// <summary>
/// Exports a fitted pipeline with ML.NET's converter, scores the file with ML.NET's ApplyOnnxModel (ONNX
/// Runtime), and returns the largest deviation of an exported value from the native one, relative to
/// max(|native|, 1) so values near zero do not inflate it.
/// </summary>
internal static class OnnxRoundTrip
{
    public static double MaxRelativeDeviation(MLContext ml, ITransformer model, IDataView data, string column)
    {
        string path = Path.Combine(Path.GetTempPath(), "qhml-onnx-" + Guid.NewGuid().ToString("N") + ".onnx");
        try
        {
            using (var stream = File.Create(path))
                ml.Model.ConvertToOnnx(model, data, stream);

            var native = Values(model.Transform(data), column);
            using var onnx = ml.Transforms.ApplyOnnxModel(path).Fit(data);
            var scored = onnx.Transform(data);
            // ApplyOnnxModel names its columns after the graph outputs minus the converter's ".output" suffix; the raw
            // data has no such column, so this one is the exported graph's.
            string onnxColumn = column;
            Assert.True(scored.Schema.GetColumnOrNull(onnxColumn) is not null,
                $"no column '{onnxColumn}' in the ONNX output: {string.Join(", ", scored.Schema.Select(c => c.Name))}");
            var exported = Values(scored, onnxColumn);

            Assert.Equal(native.Count, exported.Count);
            Assert.True(native.Count > 0);
            double worst = 0;
            for (int i = 0; i < native.Count; i++)
            {
                Assert.True(float.IsFinite(native[i]), $"native value {i} is not finite");
                worst = Math.Max(worst, Math.Abs(exported[i] - native[i]) / Math.Max(Math.Abs(native[i]), 1.0));
            }
            return worst;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Every value of a float scalar or float vector column, row by row.</summary>
    private static List<float> Values(IDataView view, string column)
    {
        var col = view.Schema[column];
        var result = new List<float>();
        using var cursor = view.GetRowCursor([col]);
        if (col.Type is VectorDataViewType)
        {
            var get = cursor.GetGetter<VBuffer<float>>(col);
            VBuffer<float> buffer = default;
            while (cursor.MoveNext())
            {
                get(ref buffer);
                foreach (float v in buffer.DenseValues())
                    result.Add(v);
            }
        }
        else
        {
            var get = cursor.GetGetter<float>(col);
            float value = 0;
            while (cursor.MoveNext())
            {
                get(ref value);
                result.Add(value);
            }
        }
        return result;
    }
}
