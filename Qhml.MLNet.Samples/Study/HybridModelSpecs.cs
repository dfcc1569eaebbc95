using Microsoft.ML;
using Microsoft.ML.Data;
using Qhml.MLNet.Hybrid;
using Qhml.MLNet.Study;

namespace Qhml.MLNet.Samples.Study;

/// <summary>
/// The hybrid models of the study, all trained by <c>mlContext.Regression.Trainers.QuantumHybrid</c>: the
/// classical deep model (same network, classical head), QHML with every interface normalization, the moderated tanh with s = 1, 3, 4 beside the default 2, direct
/// encoding after the moderated-tanh transform, and small-data variants (a linear PCA front end or a small
/// network with strong L2, re-uploading off and on, 1 to 4 circuit layers). Every spec holds out 20% of its
/// training rows for validation, which drives early stopping and the divergence check.
/// </summary>
public static class HybridModelSpecs
{
    /// <summary>Trainer options shared by every hybrid spec of the study.</summary>
    /// <param name="run">The run (its seed seeds the model).</param>
    /// <returns>Fresh options.</returns>
    public static QuantumHybridRegressionTrainer.Options BaseOptions(ModelSpecContext run) => new()
    {
        Seed = run.Seed,
        ValidationFraction = 0.2,
        // The normalization study compares hybrid terms alone (as they were studied before the linear path existed).
        UseLinearPath = false,
        // The study runs many models in parallel; each stays on one thread (results don't depend on it).
        MaxDegreeOfParallelism = 1,
    };

    /// <summary>A hybrid spec from a name and an options tweak.</summary>
    /// <param name="name">Model name.</param>
    /// <param name="configure">Changes to <see cref="BaseOptions"/>.</param>
    /// <param name="featurizer">Builds the estimator placed before the trainer, or null for none.</param>
    /// <returns>The spec, with diagnostics.</returns>
    public static ModelSpec Create(string name, Action<QuantumHybridRegressionTrainer.Options> configure,
        Func<MLContext, ModelSpecContext, IEstimator<ITransformer>>? featurizer = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return new ModelSpec(name,
            (ml, run) =>
            {
                QuantumHybridRegressionTrainer.Options options = BaseOptions(run);
                configure(options);
                var trainer = ml.Regression.Trainers.QuantumHybrid(options);
                return featurizer is null ? trainer : featurizer(ml, run).Append(trainer);
            },
            ExtractDiagnostics);
    }

    /// <summary>The hybrid model's diagnostics, from the prediction transformer or the last step of a chain.</summary>
    /// <param name="model">A trained pipeline.</param>
    /// <returns>The diagnostics, or null when the pipeline holds no hybrid model.</returns>
    public static RunDiagnostics? ExtractDiagnostics(ITransformer model)
        => model switch
        {
            ISingleFeaturePredictionTransformer<QuantumHybridModelParameters> hybrid => RunDiagnostics.FromHybrid(hybrid.Model.Diagnostics),
            IEnumerable<ITransformer> chain => chain.Select(ExtractDiagnostics).LastOrDefault(d => d is not null),
            _ => null,
        };

    /// <summary>The classical deep model: the hybrid's network with a classical head in place of the circuit.</summary>
    public static ModelSpec Classical { get; } = Create("Classical-DNN", o => o.Head = HybridHeadKind.Classical);

    /// <summary>QHML with each interface normalization (default network and circuit).</summary>
    public static IReadOnlyList<ModelSpec> Normalizations { get; } =
        Enum.GetValues<InterfaceNormalization>()
            .Select(n => Create($"QHML-{n}", o => o.InterfaceNormalization = n))
            .ToArray();

    /// <summary>
    /// QHML-ModeratedTanh with other moderations s (y = A*tanh(x/s)); QHML-ModeratedTanh itself uses the
    /// trainer default s = 3 (s = 1 is the plain tanh, QHML-Tanh). Only <see cref="QuantumHybridRegressionTrainer.Options.Moderation"/> differs, so
    /// the runs pair seed by seed with QHML-ModeratedTanh and show whether the default s is a good choice.
    /// </summary>
    public static IReadOnlyList<ModelSpec> Moderations { get; } =
        new[] { 2.0, 4.0 }
            .Select(s => Create(FormattableString.Invariant($"QHML-ModeratedTanh-s{s}"), o =>
            {
                o.InterfaceNormalization = InterfaceNormalization.ModeratedTanh;
                o.Moderation = s;
            }))
            .ToArray();

    /// <summary>Qubits of the direct-encoding variants (one principal component per qubit).</summary>
    public const int DirectQubits = 8;

    /// <summary>
    /// Direct encoding after the moderated-tanh transform: the expression projected onto
    /// <see cref="DirectQubits"/> principal components, squashed into (-pi/2, pi/2) by the stand-alone
    /// <c>NormalizeModeratedTanh</c> transform, encoded as the circuit's angles (no hidden layers, no
    /// normalization inside the trainer).
    /// </summary>
    public static ModelSpec DirectModeratedTanh { get; } = Create("QHML-Direct-PCA8-MTanhTransform",
        o =>
        {
            o.HiddenLayers = [];
            o.NumberOfQubits = DirectQubits;
            o.InterfaceNormalization = InterfaceNormalization.None;
        },
        (ml, run) => Pca(ml, run, DirectQubits)
            .Append(ml.Transforms.NormalizeModeratedTanh("Features", halfRange: Math.PI / 2)));

    /// <summary>
    /// Small-data variants: a linear front end (principal components encoded directly; the adaptive moderated
    /// tanh inside the trainer standardizes each first) or a small 8-unit network with strong L2;
    /// re-uploading off and on; 1 to 4 circuit layers.
    /// </summary>
    public static IReadOnlyList<ModelSpec> SmallData { get; } =
    [
        Create("QHML-PCA8-1L", o => Direct(o, layers: 1, reUpload: false), (ml, run) => Pca(ml, run, DirectQubits)),
        Create("QHML-PCA8-2L-ReUp", o => Direct(o, layers: 2, reUpload: true), (ml, run) => Pca(ml, run, DirectQubits)),
        Create("QHML-Small8-1L", o => Small(o, layers: 1, reUpload: false)),
        Create("QHML-Small8-2L", o => Small(o, layers: 2, reUpload: false)),
        Create("QHML-Small8-2L-ReUp", o => Small(o, layers: 2, reUpload: true)),
        Create("QHML-Small8-4L-ReUp", o => Small(o, layers: 4, reUpload: true)),
    ];

    /// <summary>Strong L2 (the trainer's default is 1e-2), for a few dozen training rows and 706 features.</summary>
    public const double StrongL2 = 0.05;

    /// <summary>Every hybrid spec, in table order.</summary>
    public static IReadOnlyList<ModelSpec> All { get; } = [Classical, .. Normalizations, .. Moderations, DirectModeratedTanh, .. SmallData];

    /// <summary>Principal components of the expression, as many as qubits, so they can be encoded directly.</summary>
    private static IEstimator<ITransformer> Pca(MLContext ml, ModelSpecContext run, int rank)
        => ml.Transforms.ProjectToPrincipalComponents("Features", rank: rank, seed: run.Seed);

    private static void Direct(QuantumHybridRegressionTrainer.Options o, int layers, bool reUpload)
    {
        o.HiddenLayers = [];
        o.NumberOfQubits = DirectQubits;
        o.InterfaceNormalization = InterfaceNormalization.AdaptiveModeratedTanh;
        o.NumberOfLayers = layers;
        o.ReUploading = reUpload;
    }

    private static void Small(QuantumHybridRegressionTrainer.Options o, int layers, bool reUpload)
    {
        o.HiddenLayers = [8];
        o.NumberOfLayers = layers;
        o.ReUploading = reUpload;
        o.L2Regularization = StrongL2;
    }
}
