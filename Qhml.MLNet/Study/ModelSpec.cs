using Microsoft.ML;

namespace Qhml.MLNet.Study;

/// <summary>
/// A model the study compares: a name and a function building its (untrained) ML.NET pipeline. The
/// pipeline reads a <c>Features</c> column (vector of Single) and a <c>Label</c> column (Single) and
/// must produce a <c>Score</c> column, like every ML.NET regression trainer.
/// </summary>
/// <remarks>
/// The study knows nothing of particular trainers: the app passes them in, so this library depends on
/// no trainer package, and adding a model to the study is one more spec.
/// </remarks>
public sealed class ModelSpec
{
    /// <summary>Creates a model spec.</summary>
    /// <param name="name">Name shown in tables, file names and the CSV; letters, digits, '-', '_', '.', '(', ')', '+', '=' only.</param>
    /// <param name="buildPipeline">Builds the untrained pipeline for one run; called once per run, possibly concurrently.</param>
    /// <param name="extractDiagnostics">Reads training diagnostics from the trained model, for models that have them.</param>
    /// <exception cref="ArgumentException">The name is empty or contains other characters (it goes into CSV cells and file names).</exception>
    public ModelSpec(string name, Func<MLContext, ModelSpecContext, IEstimator<ITransformer>> buildPipeline,
        Func<ITransformer, RunDiagnostics?>? extractDiagnostics = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(buildPipeline);
        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || "-_.()+=".Contains(c)))
                throw new ArgumentException($"Model name '{name}' contains '{c}'; use letters, digits and - _ . ( ) + = only.", nameof(name));
        }
        Name = name;
        BuildPipeline = buildPipeline;
        ExtractDiagnostics = extractDiagnostics;
    }

    /// <summary>The model's name.</summary>
    public string Name { get; }

    /// <summary>Builds the untrained pipeline for one run.</summary>
    public Func<MLContext, ModelSpecContext, IEstimator<ITransformer>> BuildPipeline { get; }

    /// <summary>Reads training diagnostics from the trained model; <see langword="null"/> for models without any.</summary>
    public Func<ITransformer, RunDiagnostics?>? ExtractDiagnostics { get; }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
