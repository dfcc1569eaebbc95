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
        => Create(name, configure, featurizer: null);

    /// <summary>A hybrid spec with a featurizer in front of the trainer.</summary>
    /// <param name="name">Model name.</param>
    /// <param name="configure">Changes to <see cref="BaseOptions"/>.</param>
    /// <param name="featurizer">Builds the estimator placed before the trainer, or null for none.</param>
    /// <returns>The spec, with diagnostics.</returns>
    public static ModelSpec Create(string name, Action<HybridOptions> configure, Func<MLContext, ModelSpecContext, IEstimator<ITransformer>>? featurizer)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return new ModelSpec(name,
            (ml, run) =>
            {
                HybridOptions options = BaseOptions(run);
                configure(options);
                var trainer = new InterimHybridEstimator(ml, options);
                return featurizer is null ? trainer : featurizer(ml, run).Append(trainer);
            },
            ExtractDiagnostics);
    }

    /// <summary>The hybrid model's diagnostics, from the model itself or the last step of a chain.</summary>
    /// <param name="model">A trained pipeline.</param>
    /// <returns>The diagnostics, or null when the pipeline holds no hybrid model.</returns>
    public static RunDiagnostics? ExtractDiagnostics(ITransformer model)
        => model switch
        {
            InterimHybridTransformer hybrid => RunDiagnostics.FromHybrid(hybrid.Model.Diagnostics),
            IEnumerable<ITransformer> chain => chain.Select(ExtractDiagnostics).LastOrDefault(d => d is not null),
            _ => null,
        };

    /// <summary>Principal components of the expression, as many as qubits, so they can be encoded directly.</summary>
    private static IEstimator<ITransformer> Pca(MLContext ml, ModelSpecContext run, int rank)
        => ml.Transforms.ProjectToPrincipalComponents("Features", rank: rank, seed: run.Seed);

    /// <summary>The classical deep model: the hybrid's network with a classical head in place of the circuit.</summary>
    public static ModelSpec Classical { get; } = Create("Classical-DNN", o => o.Head = HybridHeadKind.Classical);

    /// <summary>QHML with each interface normalization (default network and circuit).</summary>
    public static IReadOnlyList<ModelSpec> Normalizations { get; } =
        Enum.GetValues<InterfaceNormalization>()
            .Select(n => Create($"QHML-{n}", o => o.Normalization = n))
            .ToArray();

    /// <summary>
    /// Small-data variants: a linear front end (8 principal components encoded directly, no hidden layer; the
    /// adaptive moderated tanh standardizes each component first) or a small 8-unit network with strong L2;
    /// re-uploading off and on; 1 to 4 circuit layers.
    /// </summary>
    public static IReadOnlyList<ModelSpec> SmallData { get; } =
    [
        Create("QHML-PCA8-1L", o => Direct(o, layers: 1, reUpload: false), (ml, run) => Pca(ml, run, 8)),
        Create("QHML-PCA8-2L-ReUp", o => Direct(o, layers: 2, reUpload: true), (ml, run) => Pca(ml, run, 8)),
        Create("QHML-Small8-1L", o => Small(o, hidden: [8], layers: 1, reUpload: false)),
        Create("QHML-Small8-2L", o => Small(o, hidden: [8], layers: 2, reUpload: false)),
        Create("QHML-Small8-2L-ReUp", o => Small(o, hidden: [8], layers: 2, reUpload: true)),
        Create("QHML-Small8-4L-ReUp", o => Small(o, hidden: [8], layers: 4, reUpload: true)),
    ];

    /// <summary>Strong L2 (the default is 1e-2), for a few dozen training rows and 706 features.</summary>
    public const double StrongL2 = 0.05;

    private static void Direct(HybridOptions o, int layers, bool reUpload)
    {
        o.HiddenLayers = [];
        o.QubitCount = 8;
        o.Normalization = InterfaceNormalization.AdaptiveModeratedTanh;
        o.CircuitLayers = layers;
        o.ReUploading = reUpload;
    }

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
