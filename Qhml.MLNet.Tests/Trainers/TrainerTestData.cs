using Microsoft.ML;
using Microsoft.ML.Data;

namespace Qhml.MLNet.Tests.Trainers;

/// <summary>A row of six named scalar features, some of which may be NaN (for imputation pipelines).</summary>
public sealed class ScalarRow
{
    public float X0 { get; set; }
    public float X1 { get; set; }
    public float X2 { get; set; }
    public float X3 { get; set; }
    public float X4 { get; set; }
    public float Noise { get; set; }
    public float Label { get; set; }
}

/// <summary>A row with a feature vector (its size is set through a schema definition), a label and a weight.</summary>
public sealed class VectorRow
{
    public float[] Features { get; set; } = [];
    public float Label { get; set; }
    public float Weight { get; set; } = 1;
}

public sealed class ScoreRow
{
    public float Score { get; set; }
}

/// <summary>
/// Seeded synthetic regression with a known nonlinear target on standard-normal features:
/// y = sin(2 x0) + x1 x2 + 0.5 x3^2 + 0.3 x4 + 0.1 noise; the sixth feature is pure noise.
/// </summary>
internal static class TrainerTestData
{
    public const int FeatureCount = 6;

    public static double Target(ReadOnlySpan<float> x) => Math.Sin(2 * x[0]) + x[1] * x[2] + 0.5 * x[3] * x[3] + 0.3 * x[4];

    public static (float[] Features, float[] Labels) Make(int rows, int seed, double noise = 0.1)
    {
        var rng = new Random(seed);
        var x = new float[rows * FeatureCount];
        var y = new float[rows];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < FeatureCount; j++)
                x[i * FeatureCount + j] = (float)Gaussian(rng);
            y[i] = (float)(Target(x.AsSpan(i * FeatureCount, FeatureCount)) + noise * Gaussian(rng));
        }
        return (x, y);
    }

    /// <summary>Scalar columns X0..X4, Noise, Label; a fraction of feature values replaced by NaN.</summary>
    public static IDataView ScalarView(MLContext mlContext, int rows, int seed, double missingFraction = 0)
    {
        var (x, y) = Make(rows, seed);
        var rng = new Random(seed + 1000);
        float At(int i, int j) => rng.NextDouble() < missingFraction ? float.NaN : x[i * FeatureCount + j];
        var list = new List<ScalarRow>(rows);
        for (int i = 0; i < rows; i++)
            list.Add(new ScalarRow { X0 = At(i, 0), X1 = At(i, 1), X2 = At(i, 2), X3 = At(i, 3), X4 = At(i, 4), Noise = At(i, 5), Label = y[i] });
        return mlContext.Data.LoadFromEnumerable(list);
    }

    public static IDataView VectorView(MLContext mlContext, float[] features, float[] labels, int featureCount, float[]? weights = null)
    {
        var rows = new List<VectorRow>(labels.Length);
        for (int i = 0; i < labels.Length; i++)
            rows.Add(new VectorRow { Features = features.AsSpan(i * featureCount, featureCount).ToArray(), Label = labels[i], Weight = weights?[i] ?? 1 });
        return mlContext.Data.LoadFromEnumerable(rows, VectorSchema(featureCount));
    }

    public static IDataView VectorView(MLContext mlContext, int rows, int seed)
    {
        var (x, y) = Make(rows, seed);
        return VectorView(mlContext, x, y, FeatureCount);
    }

    public static SchemaDefinition VectorSchema(int featureCount)
    {
        var schema = SchemaDefinition.Create(typeof(VectorRow));
        schema[nameof(VectorRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);
        return schema;
    }

    /// <summary>Small, fast options for tests whose point is not accuracy.</summary>
    public static QuantumHybridRegressionTrainer.Options SmallOptions(int epochs = 5, int? seed = 1) => new()
    {
        HiddenLayers = [8],
        NumberOfQubits = 4,
        NumberOfLayers = 2,
        NumberOfEpochs = epochs,
        BatchSize = 16,
        LearningRate = 0.01,
        Seed = seed,
    };

    public static double Gaussian(Random rng)
        => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    public static int[] Bits(IEnumerable<float> values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();
}
