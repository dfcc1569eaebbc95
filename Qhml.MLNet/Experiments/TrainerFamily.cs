using Microsoft.ML;

namespace Qhml.MLNet.Experiments;

/// <summary>
/// A family whose trainer takes an options object: the configuration's values are set on a fresh
/// <typeparamref name="TOptions"/> by name, then the family fixes what the experiment owns (columns, seed,
/// threads) and creates the trainer.
/// </summary>
/// <typeparam name="TOptions">The trainer's options class.</typeparam>
public sealed class TrainerFamily<TOptions> : ExperimentFamily
    where TOptions : class, new()
{
    /// <summary>Name of the optional parameter that puts <c>NormalizeModeratedTanh</c> in front of the trainer.</summary>
    public const string ModeratedTanhInFront = "ModeratedTanhInFront";

    private readonly Action<TOptions, TrialConfiguration, TrialContext> _fix;
    private readonly Func<MLContext, TOptions, IEstimator<ITransformer>> _create;
    private readonly string[] _skip;

    /// <summary>Creates the family.</summary>
    /// <param name="name">Unique name.</param>
    /// <param name="searchSpace">Tunable options; names match members of <typeparamref name="TOptions"/>, except <see cref="ModeratedTanhInFront"/>.</param>
    /// <param name="fidelityParameter">The effort option, or null.</param>
    /// <param name="fix">Sets what the experiment owns (label/feature columns, seed, one thread...) after the configuration is applied.</param>
    /// <param name="create">Creates the trainer from the options.</param>
    /// <param name="skip">Options <paramref name="fix"/> sets itself from the configuration (not set by name).</param>
    public TrainerFamily(string name, ExperimentSearchSpace searchSpace, string? fidelityParameter,
        Action<TOptions, TrialConfiguration, TrialContext> fix, Func<MLContext, TOptions, IEstimator<ITransformer>> create,
        IReadOnlyCollection<string>? skip = null)
        : base(name, searchSpace, fidelityParameter)
    {
        ArgumentNullException.ThrowIfNull(fix);
        ArgumentNullException.ThrowIfNull(create);
        _fix = fix;
        _create = create;
        _skip = [ModeratedTanhInFront, .. skip ?? []];
    }

    /// <summary>A copy that also searches whether <c>NormalizeModeratedTanh</c> goes in front of the trainer (for linear trainers).</summary>
    /// <param name="name">The new family's name.</param>
    /// <returns>The family.</returns>
    public TrainerFamily<TOptions> WithModeratedTanhChoice(string name)
        => new(name, SearchSpace.With(SearchParameter.Choice(ModeratedTanhInFront, typeof(bool), [false, true], false)), FidelityParameter, _fix, _create, _skip);

    /// <inheritdoc/>
    public override ExperimentFamily WithSearchSpace(ExperimentSearchSpace searchSpace, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(searchSpace);
        string? fidelity = FidelityParameter is not null && searchSpace.Find(FidelityParameter) is { Kind: SearchParameterKind.IntegerRange } ? FidelityParameter : null;
        return new TrainerFamily<TOptions>(name ?? Name, searchSpace, fidelity, _fix, _create, _skip);
    }

    /// <inheritdoc/>
    public override IEstimator<ITransformer> CreateTrainer(MLContext mlContext, TrialConfiguration configuration, TrialContext context)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(context);
        var options = new TOptions();
        OptionsBinder.Apply(options, configuration, _skip);
        _fix(options, configuration, context);
        IEstimator<ITransformer> trainer = _create(mlContext, options);
        if (configuration.Contains(ModeratedTanhInFront) && (bool)configuration[ModeratedTanhInFront])
            return mlContext.Transforms.NormalizeModeratedTanh(context.FeatureColumnName).Append(trainer);
        return trainer;
    }
}
