using Qhml.MLNet.Study;

namespace Qhml.MLNet.Samples.Study;

/// <summary>
/// Every model the samples know by name, for <c>--models</c> and <c>train --model</c>: the built-in
/// references and (once available) the hybrid variants.
/// </summary>
public static class StudyModels
{
    /// <summary>All known model specs, in table order.</summary>
    public static IReadOnlyList<ModelSpec> All { get; } = [.. HybridModelSpecs.All, .. BuiltInModelSpecs.All, .. Accuracy.AccuracyModelSpecs.Research];

    /// <summary>The models run when none are named.</summary>
    public static IReadOnlyList<ModelSpec> Default => All;

    /// <summary>The models of the quick default study (no arguments): must finish in under a minute on 2 cores.</summary>
    public static IReadOnlyList<ModelSpec> Quick { get; } =
        [HybridModelSpecs.Classical, Find("QHML-Tanh"), Find("QHML-ModeratedTanh"), Find("QHML-Small8-2L-ReUp"), BuiltInModelSpecs.Sdca];

    /// <summary>Finds models by name (case-insensitive).</summary>
    /// <param name="names">Model names.</param>
    /// <returns>The specs, in the order given.</returns>
    /// <exception cref="ArgumentException">A name is unknown; the message lists the known ones.</exception>
    public static IReadOnlyList<ModelSpec> Resolve(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return names.Select(Find).ToList();
    }

    /// <summary>Finds one model by name (case-insensitive).</summary>
    /// <param name="name">Model name.</param>
    /// <returns>The spec.</returns>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the known ones.</exception>
    public static ModelSpec Find(string name)
        => All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))
           ?? throw new ArgumentException($"Unknown model '{name}'. Known models: {string.Join(", ", All.Select(m => m.Name))}.", nameof(name));
}
