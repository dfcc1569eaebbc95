using Microsoft.ML;
using Microsoft.ML.Data;
using Qhml.MLNet.Hybrid;
using Qhml.MLNet.Quantum;
using Qhml.MLNet.Quantum.Hardware;

namespace Qhml.MLNet.Tests.Trainers;

public class QuantumHybridHardwareTests
{
    // The default model (linear path: ridge(x) + HybridWeight * hybrid term) and one whose circuit carries the whole prediction.
    private static readonly Lazy<(QuantumHybridModelParameters Model, float[] Features, IDataView Data, ITransformer Transformer)> Trained = new(() => Train(linearPath: null));
    private static readonly Lazy<(QuantumHybridModelParameters Model, float[] Features, IDataView Data, ITransformer Transformer)> TrainedWithoutLinearPath = new(() => Train(linearPath: false));

    private static (QuantumHybridModelParameters Model, float[] Features, IDataView Data, ITransformer Transformer) Train(bool? linearPath)
    {
        var mlContext = new MLContext(seed: 1);
        var (x, y) = TrainerTestData.Make(60, seed: 31);
        IDataView data = TrainerTestData.VectorView(mlContext, x, y, TrainerTestData.FeatureCount);
        var options = TrainerTestData.SmallOptions(epochs: 3);
        if (linearPath is { } use)
            options.UseLinearPath = use;
        var transformer = mlContext.Regression.Trainers.QuantumHybrid(options).Fit(data);
        return (transformer.Model, x, data, transformer);
    }

    private static (QuantumHybridModelParameters Model, float[] Features, IDataView Data, ITransformer Transformer) Fixture(bool defaultModel)
        => defaultModel ? Trained.Value : TrainedWithoutLinearPath.Value;

    // What the model predicts from a hybrid term (HybridModel.Predict), through the public LinearPath API.
    private static double FullPrediction(QuantumHybridModelParameters model, ReadOnlySpan<float> row, double hybridTerm)
        => model.Model.Linear is { } linear ? linear.Predict(row) + linear.HybridWeight * hybridTerm : hybridTerm;

    private static double MixingWeight(QuantumHybridModelParameters model) => model.Model.Linear?.HybridWeight ?? 1;

    [Fact]
    public void TheDefaultModelHasALinearPathAndTheOtherFixtureNone()
    {
        Assert.NotNull(Trained.Value.Model.Model.Linear);
        Assert.Null(TrainedWithoutLinearPath.Value.Model.Model.Linear);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TrainedCircuitWithItsReadoutReproducesTheModelsPredictions(bool defaultModel)
    {
        var (model, x, _, _) = Fixture(defaultModel);
        QuantumCircuit circuit = model.GetTrainedCircuit();
        Assert.Equal(0, circuit.ParameterCount);
        Assert.Equal(4, circuit.InputCount);
        int rows = x.Length / model.FeatureCount, n = circuit.QubitCount, f = model.FeatureCount;
        var angles = new double[rows * n];
        model.ComputeCircuitInputs(x, angles);
        var expected = new float[rows];
        model.Model.PredictBatch(x, expected);
        double[] w = model.ReadoutWeights.ToArray();
        double mixing = MixingWeight(model);
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> row = x.AsSpan(i * f, f);
            double[] z = circuit.Simulate([], angles.AsSpan(i * n, n)).ExpectationsZ();
            double output = model.ReadoutBias + w.Zip(z, (a, b) => a * b).Sum();
            double hybridTerm = model.LabelMean + model.LabelStandardDeviation * output;
            double prediction = FullPrediction(model, row, hybridTerm);
            Assert.Equal(expected[i], prediction, 1e-5 * Math.Max(1, Math.Abs(prediction)));
            if (mixing > 0)
            {
                // The hybrid term itself, recovered from the model's prediction (the circuit is what is checked here).
                double recovered = (expected[i] - (prediction - mixing * hybridTerm)) / mixing;
                Assert.Equal(hybridTerm, recovered, 1e-5 * Math.Max(1, Math.Abs(prediction)) / mixing);
            }
        }
    }

    [Fact]
    public void ExportedOpenQasmReadsBackToTheSameExpectationsForEveryRow()
    {
        var (model, x, _, _) = Trained.Value;
        QuantumCircuit circuit = model.GetTrainedCircuit();
        string qasm = model.ExportOpenQasm();
        Assert.Contains("input float[64] angle_0;", qasm);
        var program = OpenQasmReader.Read(qasm);
        Assert.Equal(model.CircuitInputNames, program.InputNames);
        Assert.Equal(4, program.MeasuredQubits.Count);
        int f = model.FeatureCount;
        for (int row = 0; row < 5; row++)
        {
            ReadOnlySpan<float> features = x.AsSpan(row * f, f);
            var inputs = new double[4];
            model.ComputeCircuitInputs(features, inputs);
            double[] expected = circuit.Simulate([], inputs).ExpectationsZ();
            Qhml.MLNet.Tests.Quantum.Hardware.OpenQasmRoundTripTests.AssertClose(expected, program.Circuit.Simulate([], inputs).ExpectationsZ(), 1e-10);

            var bound = OpenQasmReader.Read(model.ExportOpenQasm(features, comment: "row " + row));
            Assert.Empty(bound.InputNames);
            Qhml.MLNet.Tests.Quantum.Hardware.OpenQasmRoundTripTests.AssertClose(expected, bound.Circuit.Simulate().ExpectationsZ(), 1e-10);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ExactOptionsScoreBitIdenticallyToTheModel(bool defaultModel)
    {
        var (model, x, data, transformer) = Fixture(defaultModel);
        int rows = x.Length / model.FeatureCount;
        var expected = transformer.Transform(data).GetColumn<float>("Score").ToArray();
        foreach (var options in new HardwareScoringOptions?[] { null, new(), new() { Noise = new NoiseModel(), Seed = 9 } })
        {
            var actual = new float[rows];
            model.CreateHardwareScorer(options).PredictBatch(x, actual);
            Assert.Equal(TrainerTestData.Bits(expected), TrainerTestData.Bits(actual));
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ShotPredictionsAreSeededAndWithinTheirSamplingErrorOfExact(bool defaultModel)
    {
        var (model, x, _, _) = Fixture(defaultModel);
        int rows = x.Length / model.FeatureCount, n = 4;
        var exact = new float[rows];
        model.Model.PredictBatch(x, exact);
        const int shots = 20_000;
        var scorer = model.CreateHardwareScorer(new HardwareScoringOptions { Shots = shots, Seed = 5 });
        float[] a = new float[rows], b = new float[rows], c = new float[rows];
        scorer.PredictBatch(x, a);
        scorer.PredictBatch(x, b);
        model.CreateHardwareScorer(new HardwareScoringOptions { Shots = shots, Seed = 6 }).PredictBatch(x, c);
        Assert.Equal(TrainerTestData.Bits(a), TrainerTestData.Bits(b));
        if (MixingWeight(model) > 0)
            Assert.NotEqual(TrainerTestData.Bits(a), TrainerTestData.Bits(c));

        QuantumCircuit circuit = model.GetTrainedCircuit();
        var angles = new double[rows * n];
        model.ComputeCircuitInputs(x, angles);
        double[] w = model.ReadoutWeights.ToArray();
        double mixing = MixingWeight(model);
        for (int i = 0; i < rows; i++)
        {
            double[] z = circuit.Simulate([], angles.AsSpan(i * n, n)).ExpectationsZ();
            // Qubits are sampled jointly; bound the error by the sum of per-qubit standard deviations (scaled by the mixing weight).
            double sd = mixing * model.LabelStandardDeviation * Enumerable.Range(0, n).Sum(q => Math.Abs(w[q]) * Math.Sqrt((1 - z[q] * z[q]) / shots));
            Assert.True(Math.Abs(a[i] - exact[i]) <= 4 * sd + 1e-5, $"row {i}: {a[i]} vs exact {exact[i]} (sd {sd:G3})");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ShotPredictionsConvergeToTheModelsPredictionAsShotsGrow(bool defaultModel)
    {
        var (model, x, _, _) = Fixture(defaultModel);
        int rows = x.Length / model.FeatureCount;
        var exact = new float[rows];
        model.Model.PredictBatch(x, exact);
        double MeanAbsoluteError(int shots)
        {
            var p = new float[rows];
            model.CreateHardwareScorer(new HardwareScoringOptions { Shots = shots, Seed = 3 }).PredictBatch(x, p);
            return p.Zip(exact, (u, v) => Math.Abs(u - (double)v)).Average();
        }
        double coarse = MeanAbsoluteError(100), fine = MeanAbsoluteError(1_000_000);
        // Error ~ 1/sqrt(shots): 100x fewer error from 10^4x more shots; allow a factor 5 of slack on the ratio.
        Assert.True(fine <= coarse / 20 + 1e-6, $"mean |shots - exact|: {coarse:G3} at 100 shots, {fine:G3} at 10^6");
        Assert.True(fine <= 1e-2 * MixingWeight(model) * model.LabelStandardDeviation + 1e-6, $"mean |shots - exact| at 10^6 shots: {fine:G3}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void DepolarizingNoisePullsPredictionsTowardsTheReadoutBias(bool defaultModel)
    {
        var (model, x, _, _) = Fixture(defaultModel);
        int rows = x.Length / model.FeatureCount, f = model.FeatureCount;
        var exact = new float[rows];
        var noisy = new float[rows];
        model.Model.PredictBatch(x, exact);
        // Full depolarizing with p = 3/4 after each single-qubit gate leaves the maximally mixed state: <Z> = 0.
        model.CreateHardwareScorer(new HardwareScoringOptions { Noise = new NoiseModel { SingleQubitDepolarizing = 0.75 } }).PredictBatch(x, noisy);
        double hybridBaseline = model.LabelMean + model.LabelStandardDeviation * model.ReadoutBias;
        var baseline = new float[rows];
        for (int i = 0; i < rows; i++)
        {
            baseline[i] = (float)FullPrediction(model, x.AsSpan(i * f, f), hybridBaseline);
            Assert.Equal(baseline[i], noisy[i], 1e-5f);
        }
        if (!defaultModel)
            Assert.Contains(Enumerable.Range(0, rows), i => Math.Abs(exact[i] - baseline[i]) > 1e-3);
    }

    [Fact]
    public void LoadedModelScoresExactlyByDefault()
    {
        var (model, x, data, transformer) = Trained.Value;
        var mlContext = new MLContext(seed: 1);
        using var stream = new MemoryStream();
        mlContext.Model.Save(transformer, data.Schema, stream);
        stream.Position = 0;
        var loaded = (ISingleFeaturePredictionTransformer<QuantumHybridModelParameters>)mlContext.Model.Load(stream, out _);
        int rows = x.Length / model.FeatureCount;
        float[] expected = new float[rows], actual = new float[rows];
        model.Model.PredictBatch(x, expected);
        var scorer = loaded.Model.CreateHardwareScorer();
        Assert.True(scorer.Options.IsExact);
        scorer.PredictBatch(x, actual);
        Assert.Equal(TrainerTestData.Bits(expected), TrainerTestData.Bits(actual));
    }

    [Fact]
    public void BadHardwareOptionsAndClassicalHeadsGetClearErrors()
    {
        var (model, _, _, _) = Trained.Value;
        MessageAssert.Mentions(Assert.Throws<ArgumentOutOfRangeException>(() => model.CreateHardwareScorer(new() { Shots = 0 })), "Shots must be at least 1", "got 0");
        MessageAssert.Mentions(Assert.Throws<ArgumentOutOfRangeException>(() => model.CreateHardwareScorer(new() { Noise = new NoiseModel { TwoQubitDepolarizing = -0.1 } })),
            "NoiseModel.TwoQubitDepolarizing", "[0, 1]");
        MessageAssert.Mentions(Assert.Throws<ArgumentException>(() => model.ExportOpenQasm(new float[3])), "3 features", "takes 6");
        var nanRow = new float[6];
        nanRow[2] = float.NaN;
        MessageAssert.Mentions(Assert.Throws<ArgumentException>(() => model.ExportOpenQasm(nanRow)), "NaN");

        var mlContext = new MLContext(seed: 1);
        var options = TrainerTestData.SmallOptions(epochs: 1);
        options.Head = HybridHeadKind.Classical;
        var classical = mlContext.Regression.Trainers.QuantumHybrid(options).Fit(TrainerTestData.VectorView(mlContext, 30, seed: 3)).Model;
        MessageAssert.Mentions(Assert.Throws<InvalidOperationException>(() => classical.GetTrainedCircuit()), "Head = Classical", "Head = Quantum");
        MessageAssert.Mentions(Assert.Throws<InvalidOperationException>(() => classical.ExportOpenQasm()), "Head = Classical");
        MessageAssert.Mentions(Assert.Throws<InvalidOperationException>(() => classical.CreateHardwareScorer()), "Head = Classical");
    }
}
