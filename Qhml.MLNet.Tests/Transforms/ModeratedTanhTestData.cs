using MathNet.Numerics.Distributions;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Qhml.MLNet.Tests.Transforms;

/// <summary>Small in-memory data sets for the moderated-tanh transform tests.</summary>
internal static class ModeratedTanhTestData
{
    public const int VectorSize = 4;

    public sealed class Row
    {
        [VectorType(VectorSize)]
        public float[] Features { get; set; } = new float[VectorSize];

        public double Scalar { get; set; }

        public float Label { get; set; }
    }

    /// <summary>Rows whose 4 features follow normal, Student-t(3), log-normal and uniform laws; Label depends on them.</summary>
    public static Row[] MixedRows(int count, int seed)
    {
        var random = new Random(seed);
        var normal = new Normal(0, 2, random);
        var student = new StudentT(1, 1, 3, random);
        var logNormal = new LogNormal(0, 1, random);
        var rows = new Row[count];
        for (int i = 0; i < count; i++)
        {
            var f = new[] { (float)(5 + normal.Sample()), (float)student.Sample(), (float)logNormal.Sample(), (float)random.NextDouble() };
            rows[i] = new Row
            {
                Features = f,
                Scalar = 100 + 10 * normal.Sample(),
                // Centered (mean about 0): SDCA's regularized bias converges slowly on a large offset.
                Label = 2 * (f[0] - 5) - (f[1] - 1) + 0.5f * (f[2] - 1.65f) + 3 * (f[3] - 0.5f) + (float)(0.1 * normal.Sample()),
            };
        }
        return rows;
    }

    /// <summary>A data view over <see cref="MixedRows"/> with slot names on Features.</summary>
    public static IDataView MixedView(MLContext mlContext, int count, int seed)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        var names = new VBuffer<ReadOnlyMemory<char>>(VectorSize, new[] { "normal", "student3", "lognormal", "uniform" }.Select(s => s.AsMemory()).ToArray());
        schema[nameof(Row.Features)].AddAnnotation("SlotNames", names, new VectorDataViewType(TextDataViewType.Instance, VectorSize));
        return mlContext.Data.LoadFromEnumerable(MixedRows(count, seed), schema);
    }

    public static float[][] FeatureRows(IDataView view, string column)
        => view.GetColumn<float[]>(column).ToArray();
}
