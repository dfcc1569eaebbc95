using Microsoft.ML;

namespace Qhml.MLNet.Experiments;

/// <summary>
/// A candidate trainer family of an experiment: its name, its search space, the option that measures
/// training effort (epochs, trees, iterations; successive halving sets it) and how a configuration becomes a
/// trainer. The ready-made families are in <see cref="ExperimentFamilies"/>.
/// </summary>
public abstract class ExperimentFamily
{
    /// <summary>Creates a family.</summary>
    /// <param name="name">Unique name (leaderboard, <c>--families</c>).</param>
    /// <param name="searchSpace">The tunable options.</param>
    /// <param name="fidelityParameter">Name of the effort option in <paramref name="searchSpace"/>, or null.</param>
    /// <exception cref="ArgumentException">The fidelity parameter is not an integer range of the space.</exception>
    protected ExperimentFamily(string name, ExperimentSearchSpace searchSpace, string? fidelityParameter)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(searchSpace);
        if (fidelityParameter is not null && searchSpace.Find(fidelityParameter) is not { Kind: SearchParameterKind.IntegerRange })
            throw new ArgumentException($"Family '{name}': the fidelity option '{fidelityParameter}' is not an integer range of its search space.", nameof(fidelityParameter));
        Name = name;
        SearchSpace = searchSpace;
        FidelityParameter = fidelityParameter;
    }

    /// <summary>The family's name.</summary>
    public string Name { get; }

    /// <summary>The tunable options.</summary>
    public ExperimentSearchSpace SearchSpace { get; }

    /// <summary>The option that sets training effort (successive halving raises it for promising configurations), or null.</summary>
    public string? FidelityParameter { get; }

    /// <summary>Builds the trainer (possibly preceded by a family-specific transform) for one trial.</summary>
    /// <param name="mlContext">The trial's context.</param>
    /// <param name="configuration">The option values.</param>
    /// <param name="context">Columns and seed.</param>
    /// <returns>The estimator appended to the featurization pipeline.</returns>
    public abstract IEstimator<ITransformer> CreateTrainer(MLContext mlContext, TrialConfiguration configuration, TrialContext context);

    /// <summary>
    /// This family with another search space, e.g. narrower ranges to fit a small budget
    /// (<c>family.SearchSpace.With(SearchParameter.Integer(...))</c>) or an empty one to train the defaults.
    /// The effort option stays the family's if the new space keeps it as an integer range.
    /// </summary>
    /// <param name="searchSpace">The new space (option names of the same trainer).</param>
    /// <param name="name">The new family's name; defaults to this one's.</param>
    /// <returns>The family.</returns>
    public abstract ExperimentFamily WithSearchSpace(ExperimentSearchSpace searchSpace, string? name = null);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
