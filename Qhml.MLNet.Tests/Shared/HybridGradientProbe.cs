using Qhml.MLNet.Hybrid;
using Qhml.MLNet.Tests.Hybrid;

namespace Qhml.MLNet.Tests;

/// <summary>
/// The full loss gradient of a freshly initialized hybrid model on a small <see cref="SyntheticRegression"/> batch,
/// for tests that check no parameter is disconnected from the loss.
/// </summary>
internal static class HybridGradientProbe
{
    public static (HybridComponents Components, double[] Gradient) AtInitialization(
        HybridOptions options, int features, int rows, int dataSeed, int initSeed, int classicalHiddenUnits = 0)
    {
        var (x, y) = SyntheticRegression.Make(rows, features, dataSeed);
        var components = HybridComponents.Create(new HybridArchitecture(features, options, classicalHiddenUnits));
        var p = new double[components.ParameterCount];
        var rng = new Random(initSeed);
        components.Network.Initialize(p.AsSpan(0, components.HeadOffset), rng);
        components.Head.Initialize(p.AsSpan(components.HeadOffset), rng, options);
        var core = new HybridTrainingCore(components, PreparedRows.From(new HybridDataset(features, x, y), features, "training", false),
            y.Select(v => (double)v).ToArray(), rows, HybridLoss.SquaredError, 1.0, -1);
        var gradient = new double[p.Length];
        core.LossAndGradient(p, Enumerable.Range(0, rows).ToArray(), 0, rows, gradient);
        return (components, gradient);
    }
}
