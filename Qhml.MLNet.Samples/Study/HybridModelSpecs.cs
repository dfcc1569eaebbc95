using Microsoft.ML;
using Qhml.MLNet.Hybrid;
using Qhml.MLNet.Study;

namespace Qhml.MLNet.Samples.Study;

/// <summary>
/// The hybrid models of the study: the classical deep model (same network, classical head), QHML with every
/// interface normalization, and small-data variants (small or linear front end, strong L2, re-uploading on
/// and off, 1 to 4 circuit layers). Every spec holds out 20% of its training rows for validation, which
/// drives early stopping and the divergence check.
/// </summary>
public static class HybridModelSpecs
{
    /// <summary>Options shared by every hybrid spec of the study.</summary>
    /// <param name="run">The run (its seed seeds the model).</param>
    /// <returns>Fresh options.</returns>
    public static HybridOptions BaseOptions(ModelSpecContext run) => new()
    {
        Seed = run.Seed,
        ValidationFraction = 0.2,
        // The study runs many models in parallel; each stays on one thread (results don't depend on it).
        MaxDegreeOfParallelism = 1,
    };

    /// <summary>A hybrid spec from a name and an options tweak.</summary>
    /// <param name="name">Model name.</param>
    /// <param name="configure">Changes to <see cref="BaseOptions"/>.</param>
    /// <returns>The spec, with diagnostics.</returns>
    public static ModelSpec Create(string name, Action<HybridOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return new ModelSpec(name,
            (ml, run) =>
            {
                HybridOptions options = BaseOptions(run);
                configure(options);
                return new InterimHybridEstimator(ml, options);
            },
            model => model is InterimHybridTransformer hybrid ? RunDiagnostics.FromHybrid(hybrid.Model.Diagnostics) : null);
    }

    /// <summary>The classical deep model: the hybrid's network with a classical head in place of the circuit.</summary>
    public static ModelSpec Classical { get; } = Create("Classical-DNN", o => o.Head = HybridHeadKind.Classical);

    /// <summary>QHML with each interface normalization (default network and circuit).</summary>
    public static IReadOnlyList<ModelSpec> Normalizations { get; } =
        Enum.GetValues<InterfaceNormalization>()
            .Select(n => Create($"QHML-{n}", o => o.Normalization = n))
            .ToArray();

    /// <summary>Small-data variants: strong L2, a linear (no hidden layer) or 8-unit front end, re-uploading off/on, 1 to 4 layers.</summary>
    public static IReadOnlyList<ModelSpec> SmallData { get; } =
    [
        Create("QHML-Linear-1L", o => Small(o, hidden: [], layers: 1, reUpload: false)),
        Create("QHML-Linear-2L-ReUp", o => Small(o, hidden: [], layers: 2, reUpload: true)),
        Create("QHML-Small8-1L", o => Small(o, hidden: [8], layers: 1, reUpload: false)),
        Create("QHML-Small8-2L", o => Small(o, hidden: [8], layers: 2, reUpload: false)),
        Create("QHML-Small8-2L-ReUp", o => Small(o, hidden: [8], layers: 2, reUpload: true)),
        Create("QHML-Small8-4L-ReUp", o => Small(o, hidden: [8], layers: 4, reUpload: true)),
    ];

    /// <summary>Strong L2 relative to the default (1e-3), for a few dozen training rows and 706 features.</summary>
    public const double StrongL2 = 0.05;

    private static void Small(HybridOptions o, int[] hidden, int layers, bool reUpload)
    {
        o.HiddenLayers = hidden;
        o.CircuitLayers = layers;
        o.ReUploading = reUpload;
        o.L2 = StrongL2;
    }

    /// <summary>Every hybrid spec, in table order.</summary>
    public static IReadOnlyList<ModelSpec> All { get; } = [Classical, .. Normalizations, .. SmallData];
}
