using Qhml.MLNet.Hybrid;

namespace Qhml.MLNet.Tests.Hybrid;

public class HybridGradientTests
{
    public static TheoryData<InterfaceNormalization, HybridHeadKind, HybridLoss, bool> Cases()
    {
        var data = new TheoryData<InterfaceNormalization, HybridHeadKind, HybridLoss, bool>();
        foreach (bool single in new[] { false, true })
        {
            foreach (var head in new[] { HybridHeadKind.Classical, HybridHeadKind.Quantum })
                foreach (var norm in Enum.GetValues<InterfaceNormalization>())
                    data.Add(norm, head, HybridLoss.SquaredError, single);
            data.Add(InterfaceNormalization.AdaptiveModeratedTanh, HybridHeadKind.Quantum, HybridLoss.Huber, single);
        }
        return data;
    }

    /// <summary>
    /// Central differences check every parameter of a double model. A single-precision first layer rounds its weights
    /// to float, so a 1e-6 step of one of them is invisible or a whole float step: there the differences check every
    /// other parameter (the layer's biases included), and the layer's weight gradient must match the double model's
    /// to within float rounding.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void AnalyticGradientMatchesCentralDifferences(InterfaceNormalization normalization, HybridHeadKind head, HybridLoss loss, bool singleFirstLayer)
    {
        const int f = 5, q = 3, n = 7;
        var options = new HybridOptions
        {
            HiddenLayers = [4], Activation = HybridActivation.Tanh, NumberOfQubits = q, NumberOfLayers = 2,
            InterfaceNormalization = normalization, Head = head, Moderation = 1.7, Loss = loss, HuberDelta = 0.3,
            ClassicalHeadHiddenUnits = 3, CircuitInitScale = 1.0, MaxDegreeOfParallelism = 1, SinglePrecisionFirstLayer = singleFirstLayer,
        };
        var (x, y) = SyntheticRegression.Make(n, f, seed: 11);
        var weights = new double[n];
        var labels = y.Select(v => (double)v).ToArray();
        var rng = new Random(5);
        for (int i = 0; i < n; i++)
            weights[i] = 0.5 + rng.NextDouble();
        var components = HybridComponents.Create(new HybridArchitecture(f, options, head == HybridHeadKind.Classical ? 3 : 0));
        var p = new double[components.ParameterCount];
        components.Network.Initialize(p.AsSpan(0, components.HeadOffset), rng);
        components.Head.Initialize(p.AsSpan(components.HeadOffset), rng, options);
        // Spread the biases so ReLU-free kinks (min/max ties) are avoided and outputs are not centered.
        for (int i = 0; i < p.Length; i++)
            p[i] += 0.3 * (rng.NextDouble() - 0.5);

        Assert.Equal(singleFirstLayer, components.SinglePrecisionFirstLayer);
        var prepared = PreparedRows.From(new HybridDataset(f, x, y, weights.Select(v => (float)v).ToArray()), f, "training", false);
        var core = new HybridTrainingCore(components, prepared, labels, n, options.Loss, options.HuberDelta, 1);
        int[] rows = Enumerable.Range(0, n).ToArray();
        var analytic = new double[p.Length];
        core.LossAndGradient(p, rows, 0, n, analytic);

        int firstWeights = components.Network.FirstLayerWeightCount;
        if (singleFirstLayer)
        {
            var doubleOptions = options.Clone();
            doubleOptions.SinglePrecisionFirstLayer = false;
            var doubleComponents = HybridComponents.Create(new HybridArchitecture(f, doubleOptions, head == HybridHeadKind.Classical ? 3 : 0));
            var reference = new double[p.Length];
            new HybridTrainingCore(doubleComponents, prepared, labels, n, options.Loss, options.HuberDelta, 1).LossAndGradient(p, rows, 0, n, reference);
            for (int k = 0; k < firstWeights; k++)
                Assert.True(Math.Abs(analytic[k] - reference[k]) <= 1e-5 * Math.Max(1.0, Math.Abs(reference[k])),
                    $"First-layer weight {k}: single precision {analytic[k]}, double {reference[k]}.");
            Assert.NotEqual(reference, analytic); // the float sums are really used
        }

        var scratch = new double[p.Length];
        const double h = 1e-6;
        double worst = 0;
        int worstIndex = -1;
        for (int k = singleFirstLayer ? firstWeights : 0; k < p.Length; k++)
        {
            double saved = p[k];
            p[k] = saved + h;
            double plus = core.LossAndGradient(p, rows, 0, n, scratch);
            p[k] = saved - h;
            double minus = core.LossAndGradient(p, rows, 0, n, scratch);
            p[k] = saved;
            double numeric = (plus - minus) / (2 * h);
            double err = Math.Abs(numeric - analytic[k]) / Math.Max(1.0, Math.Abs(numeric));
            if (err > worst)
            {
                worst = err;
                worstIndex = k;
            }
        }
        Assert.True(worst < 1e-6, $"Largest gradient error {worst:E3} at parameter {worstIndex} of {p.Length} (head offset {components.HeadOffset}).");
        Assert.Contains(analytic, g => Math.Abs(g) > 1e-6);
    }
}

public class HybridDirectEncodingTests
{
    [Theory]
    [InlineData(HybridHeadKind.Quantum)]
    [InlineData(HybridHeadKind.Classical)]
    public void WithoutHiddenLayersTheFeaturesAreEncodedDirectlyAndTheGradientIsExact(HybridHeadKind head)
    {
        const int q = 4, n = 9;
        var options = new HybridOptions { HiddenLayers = [], NumberOfQubits = q, NumberOfLayers = 2, Head = head, InterfaceNormalization = InterfaceNormalization.AdaptiveModeratedTanh, ClassicalHeadHiddenUnits = 3 };
        var (x, y) = SyntheticRegression.Make(n, q, seed: 4);
        var components = HybridComponents.Create(new HybridArchitecture(q, options, head == HybridHeadKind.Classical ? 3 : 0));
        Assert.Equal(0, components.Network.ParameterCount);
        var p = new double[components.ParameterCount];
        var rng = new Random(1);
        components.Head.Initialize(p, rng, options);
        for (int i = 0; i < p.Length; i++)
            p[i] += 0.5 * (rng.NextDouble() - 0.5);
        Assert.False(components.SinglePrecisionFirstLayer); // nothing to compute in float without a first layer
        var core = new HybridTrainingCore(components, PreparedRows.From(new HybridDataset(q, x, y), q, "training", false), y.Select(v => (double)v).ToArray(),
            n, HybridLoss.SquaredError, 1.0, 1);
        int[] rows = Enumerable.Range(0, n).ToArray();
        var analytic = new double[p.Length];
        var scratch = new double[p.Length];
        core.LossAndGradient(p, rows, 0, n, analytic);
        for (int k = 0; k < p.Length; k++)
        {
            double saved = p[k];
            p[k] = saved + 1e-6;
            double plus = core.LossAndGradient(p, rows, 0, n, scratch);
            p[k] = saved - 1e-6;
            double minus = core.LossAndGradient(p, rows, 0, n, scratch);
            p[k] = saved;
            double numeric = (plus - minus) / 2e-6;
            Assert.True(Math.Abs(numeric - analytic[k]) <= 1e-6 * Math.Max(1, Math.Abs(numeric)), $"Parameter {k}: analytic {analytic[k]}, numeric {numeric}.");
        }

        var model = new HybridTrainer(options).Fit(new HybridDataset(q, x, y));
        Assert.Equal(0, model.NetworkLayerCount);
        Assert.True(float.IsFinite(model.Predict(x.AsSpan(0, q))));
    }
}
