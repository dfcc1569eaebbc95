using System.Security.Cryptography;
using Microsoft.ML;
using Microsoft.ML.Data;
using Qhml.MLNet.Hybrid;

namespace Qhml.MLNet.Tests.Hybrid;

/// <summary>
/// Models trained by this code predict bit-identically to models trained by the code before the memory work of
/// issue 14 (rows read as float and widened per mini-batch, training and validation subsets as index maps over one
/// array, the ridge's design rows computed on demand). Each case hashes the bits of its predictions on held-out rows;
/// the expected hashes were computed by the earlier code (main at c73095a) with this same file. A case covers each
/// path the change touched: skipped rows (index maps), the seeded hold-out, a given validation set, the double first
/// layer, direct encoding (no hidden layer), the ridge in its dual form (n &lt;= f) and the ML.NET trainer.
/// </summary>
public class TrainedModelGoldenTests
{
    public static TheoryData<string, string> Cases() => new()
    {
        { "ridge-dual-holdout-skipped", "A6557832E855CB8D" },
        { "hybrid-double-layer-validation-minmax", "A75A6B4B7C24605F" },
        { "hybrid-adaptive-skipped-holdout", "F61C82ACC5B58778" },
        { "direct-encoding-classical", "C2BBDAFC1F49774C" },
        { "mlnet-trainer-defaults", "320C9D0CB208E3F0" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void PredictionsAreBitIdenticalToTheModelTrainedBeforeTheChange(string name, string expected)
        => Assert.Equal(expected, Fingerprint(Predict(name)));

    private static float[] Predict(string name)
    {
        switch (name)
        {
            case "ridge-dual-holdout-skipped":
            {
                // 60 rows x 80 features: the ridge runs in the dual; rows with NaN labels and a NaN feature are skipped.
                var (x, y) = WithBadRows(SyntheticRegression.Make(60, 80, seed: 21), 80);
                var options = Small(seed: 5);
                options.HiddenLayers = [8];
                options.SkipRowsWithNonFiniteFeatures = true;
                return Score(new HybridTrainer(options).Fit(new HybridDataset(80, x, y)), 80);
            }
            case "hybrid-double-layer-validation-minmax":
            {
                var (x, y) = SyntheticRegression.Make(90, 12, seed: 22);
                var (vx, vy) = SyntheticRegression.Make(30, 12, seed: 23);
                var options = Small(seed: 6);
                options.UseLinearPath = false;
                options.SinglePrecisionFirstLayer = false;
                options.InterfaceNormalization = InterfaceNormalization.MinMax;
                var weights = Enumerable.Range(0, 90).Select(i => 0.5f + (i % 3)).ToArray();
                return Score(new HybridTrainer(options).Fit(new HybridDataset(12, x, y, weights), new HybridDataset(12, vx, vy)), 12);
            }
            case "hybrid-adaptive-skipped-holdout":
            {
                var (x, y) = WithBadRows(SyntheticRegression.Make(110, 12, seed: 24), 12);
                var options = Small(seed: 7);
                options.UseLinearPath = false;
                options.SkipRowsWithNonFiniteFeatures = true;
                options.InterfaceNormalization = InterfaceNormalization.AdaptiveModeratedTanh;
                return Score(new HybridTrainer(options).Fit(new HybridDataset(12, x, y)), 12);
            }
            case "direct-encoding-classical":
            {
                var (x, y) = SyntheticRegression.Make(80, 4, seed: 25);
                var options = Small(seed: 8);
                options.UseLinearPath = false;
                options.HiddenLayers = [];
                options.NumberOfQubits = 4;
                options.Head = HybridHeadKind.Classical;
                return Score(new HybridTrainer(options).Fit(new HybridDataset(4, x, y)), 4);
            }
            case "mlnet-trainer-defaults":
            {
                var ml = new MLContext(seed: 3);
                var (x, y) = WithBadRows(SyntheticRegression.Make(50, 70, seed: 26), 70);
                var rows = Enumerable.Range(0, 50).Select(i => new Row { Features = x.AsSpan(i * 70, 70).ToArray(), Label = y[i] }).ToList();
                var schema = SchemaDefinition.Create(typeof(Row));
                schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 70);
                var data = ml.Data.LoadFromEnumerable(rows, schema);
                var trainer = ml.Regression.Trainers.QuantumHybrid(new QuantumHybridRegressionTrainer.Options
                {
                    NumberOfEpochs = 3, NumberOfQubits = 3, NumberOfLayers = 1, HiddenLayers = [8], Seed = 9, SkipRowsWithNonFiniteFeatures = true,
                });
                var model = trainer.Fit(data);
                var (tx, _) = SyntheticRegression.Make(20, 70, seed: 27);
                var test = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 20).Select(i => new Row { Features = tx.AsSpan(i * 70, 70).ToArray() }).ToList(), schema);
                return model.Transform(test).GetColumn<float>("Score").ToArray();
            }
            default:
                throw new ArgumentException(name, nameof(name));
        }
    }

    private static HybridOptions Small(int seed) => new()
    {
        HiddenLayers = [6], NumberOfQubits = 3, NumberOfLayers = 1, NumberOfEpochs = 4, BatchSize = 16, Seed = seed, ValidationFraction = 0.25,
    };

    // Every seventh label NaN and a NaN in slot 1 of every eleventh row.
    private static (float[] X, float[] Y) WithBadRows((float[] X, float[] Y) data, int f)
    {
        for (int i = 0; i < data.Y.Length; i++)
        {
            if (i % 7 == 3)
                data.Y[i] = float.NaN;
            if (i % 11 == 5)
                data.X[i * f + 1] = float.NaN;
        }
        return data;
    }

    private static float[] Score(HybridModel model, int f)
    {
        var (x, _) = SyntheticRegression.Make(25, f, seed: 99);
        var predictions = new float[25];
        model.PredictBatch(x, predictions);
        return predictions;
    }

    private static string Fingerprint(float[] predictions)
    {
        Assert.All(predictions, p => Assert.True(float.IsFinite(p), "A prediction is not finite."));
        var bytes = predictions.SelectMany(p => BitConverter.GetBytes(BitConverter.SingleToInt32Bits(p))).ToArray();
        return Convert.ToHexString(SHA256.HashData(bytes), 0, 8);
    }

    /// <summary>A row of the ML.NET case.</summary>
    public sealed class Row
    {
        /// <summary>Features.</summary>
        public float[] Features { get; set; } = [];

        /// <summary>Label.</summary>
        public float Label { get; set; }
    }
}
