using System.Diagnostics.CodeAnalysis;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Qhml.MLNet;

/// <summary>Creates the moderated-tanh normalizer from <c>mlContext.Transforms</c>.</summary>
public static class ModeratedTanhNormalizerCatalog
{
    /// <summary>
    /// Normalizes one column with <c>y = R * tanh((x - c) / (s * m))</c> per slot; see
    /// <see cref="ModeratedTanhNormalizingEstimator"/> for how c, s and m are fitted.
    /// </summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="outputColumnName">Name of the output column; same type as the input.</param>
    /// <param name="inputColumnName">Name of the input column (Single or Double, scalar or known-size vector); <see langword="null"/> = <paramref name="outputColumnName"/>.</param>
    /// <param name="scaling">How each slot is centered and scaled.</param>
    /// <param name="moderation">Fixed moderation m &gt; 0, or <see langword="null"/> to fit it per slot.</param>
    /// <param name="halfRange">R &gt; 0: outputs lie in [-R, R] (pi/2 for angle encoding).</param>
    /// <param name="targetSaturatedFraction">For a fitted m: largest tolerated fraction of training values within 5% of +-R.</param>
    /// <returns>The estimator.</returns>
    /// <example>
    /// <code language="csharp">
    /// var pipeline = ml.Transforms.NormalizeModeratedTanh("Normalized", "Features")
    ///     .Append(ml.Regression.Trainers.Sdca(featureColumnName: "Normalized"));
    /// </code>
    /// </example>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters",
        Justification = "ML.NET's catalog shape (NormalizeMinMax): one column or several, then the same optional settings; the first parameter's type tells them apart.")]
    public static ModeratedTanhNormalizingEstimator NormalizeModeratedTanh(this TransformsCatalog catalog,
        string outputColumnName, string? inputColumnName = null,
        ModeratedTanhScaling scaling = ModeratedTanhNormalizingDefaults.Scaling,
        double? moderation = null,
        double halfRange = ModeratedTanhNormalizingDefaults.HalfRange,
        double targetSaturatedFraction = ModeratedTanhNormalizingDefaults.TargetSaturatedFraction)
        => NormalizeModeratedTanh(catalog, new[] { new InputOutputColumnPair(outputColumnName, inputColumnName ?? outputColumnName) },
            scaling, moderation, halfRange, targetSaturatedFraction);

    /// <summary>Normalizes several columns with the same settings; each slot of each column is fitted separately.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="columns">Output/input column name pairs.</param>
    /// <param name="scaling">How each slot is centered and scaled.</param>
    /// <param name="moderation">Fixed moderation m &gt; 0, or <see langword="null"/> to fit it per slot.</param>
    /// <param name="halfRange">R &gt; 0: outputs lie in [-R, R].</param>
    /// <param name="targetSaturatedFraction">For a fitted m: largest tolerated fraction of training values within 5% of +-R.</param>
    /// <returns>The estimator.</returns>
    /// <example>
    /// <code language="csharp">
    /// // Several columns, each with its own fitted center, scale and moderation.
    /// var estimator = ml.Transforms.NormalizeModeratedTanh(
    ///     new[] { new InputOutputColumnPair("Genes"), new InputOutputColumnPair("Doses") });
    /// </code>
    /// </example>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters",
        Justification = "ML.NET's catalog shape (NormalizeMinMax): one column or several, then the same optional settings; the first parameter's type tells them apart.")]
    public static ModeratedTanhNormalizingEstimator NormalizeModeratedTanh(this TransformsCatalog catalog,
        InputOutputColumnPair[] columns,
        ModeratedTanhScaling scaling = ModeratedTanhNormalizingDefaults.Scaling,
        double? moderation = null,
        double halfRange = ModeratedTanhNormalizingDefaults.HalfRange,
        double targetSaturatedFraction = ModeratedTanhNormalizingDefaults.TargetSaturatedFraction)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var options = columns.Select(c => new ModeratedTanhNormalizingEstimator.Options
        {
            OutputColumnName = c.OutputColumnName,
            InputColumnName = c.InputColumnName,
            Scaling = scaling,
            Moderation = moderation,
            HalfRange = halfRange,
            TargetSaturatedFraction = targetSaturatedFraction,
        }).ToArray();
        return new ModeratedTanhNormalizingEstimator(catalog.GetEnvironment(), options);
    }

    /// <summary>Normalizes columns each with its own settings.</summary>
    /// <param name="catalog">The transforms catalog.</param>
    /// <param name="columns">One <see cref="ModeratedTanhNormalizingEstimator.Options"/> per column.</param>
    /// <returns>The estimator.</returns>
    /// <example>
    /// <code language="csharp">
    /// var estimator = ml.Transforms.NormalizeModeratedTanh(new ModeratedTanhNormalizingEstimator.Options
    /// {
    ///     OutputColumnName = "Features",
    ///     Scaling = ModeratedTanhScaling.MedianInterquartileRange,
    ///     Moderation = 2.0,   // fixed instead of fitted
    /// });
    /// </code>
    /// </example>
    public static ModeratedTanhNormalizingEstimator NormalizeModeratedTanh(this TransformsCatalog catalog,
        params ModeratedTanhNormalizingEstimator.Options[] columns)
        => new(catalog.GetEnvironment(), columns);
}
