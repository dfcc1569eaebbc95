using System.Security.Cryptography;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Qhml.MLNet.Tests.Transforms;

/// <summary>
/// The transform fits the same bits as before the memory work of issue 14 (values kept per slot in the column's item
/// type, arrays of their final size). Each case hashes the fitted center, scale and moderation of every slot; the
/// expected hashes were computed by the earlier code (main at c73095a) with this same file. The cases cover float and
/// double columns, both scalings, both moderation criteria, NaN and infinite values, MaximumExampleCount below the row
/// count and a data view without a row count.
/// </summary>
public class ModeratedTanhFitGoldenTests
{
    public static TheoryData<string, string> Cases() => new()
    {
        { "float-defaults", "8477D894BE7B937B" },
        { "float-robust-entropy-nan", "A1A3A927B29FA3B3" },
        { "double-capped-rows", "8882A38B419699E8" },
        { "float-filtered-no-row-count", "F8A1C54A1F92BD2F" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void FittedParametersAreBitIdenticalToTheFitBeforeTheChange(string name, string expected)
        => Assert.Equal(expected, Fingerprint(Fit(name)));

    private static ModeratedTanhNormalizerModelParameters Fit(string name)
    {
        var ml = new MLContext(seed: 1);
        switch (name)
        {
            case "float-defaults":
                return ml.Transforms.NormalizeModeratedTanh("Features").Fit(Floats(ml, 400, 9, nan: false)).GetNormalizerModelParameters(0);
            case "float-robust-entropy-nan":
                return ml.Transforms.NormalizeModeratedTanh(new ModeratedTanhNormalizingEstimator.Options
                {
                    OutputColumnName = "Features", Scaling = ModeratedTanhScaling.MedianInterquartileRange, Criterion = ModeratedTanhModerationCriterion.MaximumEntropy,
                }).Fit(Floats(ml, 300, 7, nan: true)).GetNormalizerModelParameters(0);
            case "double-capped-rows":
            {
                var rng = new Random(5);
                var rows = Enumerable.Range(0, 500).Select(i => new DoubleRow { X = Math.Exp(3 * rng.NextDouble()) * (i % 9 == 0 ? -1 : 1) }).ToList();
                return ml.Transforms.NormalizeModeratedTanh(new ModeratedTanhNormalizingEstimator.Options { OutputColumnName = "X", MaximumExampleCount = 321 })
                    .Fit(ml.Data.LoadFromEnumerable(rows)).GetNormalizerModelParameters(0);
            }
            case "float-filtered-no-row-count":
            {
                var data = ml.Data.FilterRowsByColumn(Floats(ml, 400, 5, nan: false), "Label", lowerBound: 0);
                return ml.Transforms.NormalizeModeratedTanh("Features", targetSaturatedFraction: 0.05).Fit(data).GetNormalizerModelParameters(0);
            }
            default:
                throw new ArgumentException(name, nameof(name));
        }
    }

    // Heavy-tailed slots (a cube of a uniform), a constant slot, and with nan: NaN and infinities sprinkled in.
    private static IDataView Floats(MLContext ml, int rows, int slots, bool nan)
    {
        var rng = new Random(rows + slots);
        var list = new List<VectorRow>(rows);
        for (int i = 0; i < rows; i++)
        {
            var x = new float[slots];
            for (int j = 0; j < slots; j++)
            {
                double u = rng.NextDouble() * 2 - 1;
                x[j] = j == 2 ? 1.5f : (float)(u * u * u * (j + 1) + 0.1 * j);
                if (nan && (i * slots + j) % 13 == 4)
                    x[j] = (i % 2 == 0) ? float.NaN : float.PositiveInfinity;
            }
            list.Add(new VectorRow { Features = x, Label = (float)(rng.NextDouble() - 0.3) });
        }
        var schema = SchemaDefinition.Create(typeof(VectorRow));
        schema[nameof(VectorRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, slots);
        return ml.Data.LoadFromEnumerable(list, schema);
    }

    private static string Fingerprint(ModeratedTanhNormalizerModelParameters p)
    {
        var values = p.Center.ToArray().Concat(p.Scale.ToArray()).Concat(p.Moderation.ToArray()).ToArray();
        Assert.All(values, v => Assert.True(double.IsFinite(v)));
        var bytes = values.SelectMany(v => BitConverter.GetBytes(BitConverter.DoubleToInt64Bits(v))).ToArray();
        return Convert.ToHexString(SHA256.HashData(bytes), 0, 8);
    }

    /// <summary>A vector row.</summary>
    public sealed class VectorRow
    {
        /// <summary>Features.</summary>
        public float[] Features { get; set; } = [];

        /// <summary>Label.</summary>
        public float Label { get; set; }
    }

    /// <summary>A double scalar row.</summary>
    public sealed class DoubleRow
    {
        /// <summary>Value.</summary>
        public double X { get; set; }
    }
}
