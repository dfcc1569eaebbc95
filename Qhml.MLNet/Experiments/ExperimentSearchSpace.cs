using System.Globalization;
using System.Reflection;
using Microsoft.ML.SearchSpace;

namespace Qhml.MLNet.Experiments;

/// <summary>
/// The tunable options of one trainer family: an ordered list of <see cref="SearchParameter"/>s. Usually
/// derived from an options class whose fields carry ML.NET's <see cref="RangeAttribute"/> or
/// <see cref="ChoiceAttribute"/> (<see cref="FromAttributes"/>), so a newly attributed option joins the
/// search with no other change.
/// </summary>
public sealed class ExperimentSearchSpace
{
    private readonly SearchParameter[] _parameters;

    /// <summary>Creates a space from <paramref name="parameters"/> (names unique).</summary>
    /// <param name="parameters">The dimensions.</param>
    /// <exception cref="ArgumentException">Two parameters share a name.</exception>
    public ExperimentSearchSpace(IEnumerable<SearchParameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters.ToArray();
        var duplicate = _parameters.GroupBy(p => p.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"The search space has two parameters named '{duplicate.Key}'.", nameof(parameters));
    }

    /// <summary>The dimensions, in declaration order.</summary>
    public IReadOnlyList<SearchParameter> Parameters => _parameters;

    /// <summary>The parameter called <paramref name="name"/>, or null.</summary>
    /// <param name="name">Option name.</param>
    /// <returns>The parameter or null.</returns>
    public SearchParameter? Find(string name) => _parameters.FirstOrDefault(p => p.Name == name);

    /// <summary>
    /// Reads every public instance field and property of <paramref name="optionsType"/> (inherited ones
    /// included) that carries <see cref="RangeAttribute"/> or <see cref="ChoiceAttribute"/>.
    /// </summary>
    /// <param name="optionsType">An options class, e.g. <c>QuantumHybridRegressionTrainer.Options</c>.</param>
    /// <returns>The space, in declaration order.</returns>
    /// <exception cref="ArgumentException">An attribute does not fit its member (type, bounds, default).</exception>
    public static ExperimentSearchSpace FromAttributes(Type optionsType)
    {
        ArgumentNullException.ThrowIfNull(optionsType);
        var parameters = new List<SearchParameter>();
        foreach (MemberInfo member in optionsType.GetMembers(BindingFlags.Public | BindingFlags.Instance).OrderBy(m => m.MetadataToken))
        {
            Type? type = member switch
            {
                FieldInfo f => f.FieldType,
                PropertyInfo p when p.CanWrite => p.PropertyType,
                _ => null,
            };
            if (type is null)
                continue;
            if (member.GetCustomAttribute<RangeAttribute>() is { } range)
                parameters.Add(FromRange(optionsType, member.Name, type, range));
            else if (member.GetCustomAttribute<ChoiceAttribute>() is { } choice)
                parameters.Add(FromChoice(optionsType, member.Name, type, choice));
        }
        return new ExperimentSearchSpace(parameters);
    }

    private static SearchParameter FromRange(Type owner, string name, Type type, RangeAttribute range)
    {
        try
        {
            double min = Convert.ToDouble(range.Min, CultureInfo.InvariantCulture), max = Convert.ToDouble(range.Max, CultureInfo.InvariantCulture);
            double init = range.Init is null ? (range.LogBase ? Math.Sqrt(min * max) : (min + max) / 2) : Convert.ToDouble(range.Init, CultureInfo.InvariantCulture);
            if (type == typeof(int))
                return SearchParameter.Integer(name, (int)min, (int)max, (int)Math.Round(init), range.LogBase);
            if (type == typeof(double) || type == typeof(float))
                return SearchParameter.Real(name, type, min, max, init, range.LogBase);
            throw new ArgumentException($"[Range] needs an int, float or double member; it is a {type.Name}.");
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Option '{owner.Name}.{name}': {e.Message}", e);
        }
    }

    private static SearchParameter FromChoice(Type owner, string name, Type type, ChoiceAttribute choice)
    {
        try
        {
            object[] candidates = choice.Candidates.Select(c => ConvertCandidate(c, type)).ToArray();
            object defaultValue = choice.DefaultValue is null ? candidates[0] : ConvertCandidate(choice.DefaultValue, type);
            return SearchParameter.Choice(name, type, candidates, defaultValue);
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException or FormatException)
        {
            throw new ArgumentException($"Option '{owner.Name}.{name}': {e.Message}", e);
        }
    }

    // [Choice] stores its candidates as object; numbers may come boxed as another numeric type.
    private static object ConvertCandidate(object candidate, Type type)
        => candidate.GetType() == type ? candidate
            : type.IsEnum ? Enum.ToObject(type, candidate)
            : Convert.ChangeType(candidate, type, CultureInfo.InvariantCulture);

    /// <summary>This space without the named parameters (e.g. one an experiment fixes itself).</summary>
    /// <param name="names">Names to drop; unknown names are ignored.</param>
    /// <returns>A new space.</returns>
    public ExperimentSearchSpace Without(params string[] names)
        => new(_parameters.Where(p => !names.Contains(p.Name)));

    /// <summary>This space with <paramref name="parameter"/> added, or replacing the one of the same name.</summary>
    /// <param name="parameter">The parameter.</param>
    /// <returns>A new space.</returns>
    public ExperimentSearchSpace With(SearchParameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        var list = _parameters.ToList();
        int i = list.FindIndex(p => p.Name == parameter.Name);
        if (i >= 0)
            list[i] = parameter;
        else
            list.Add(parameter);
        return new ExperimentSearchSpace(list);
    }

    /// <summary>Every parameter at its default.</summary>
    /// <returns>The default configuration.</returns>
    public TrialConfiguration DefaultConfiguration()
        => new(_parameters.Select(p => new KeyValuePair<string, object>(p.Name, p.Default)));

    /// <summary>Every parameter drawn uniformly (on its scale) with <paramref name="random"/>.</summary>
    /// <param name="random">The random source.</param>
    /// <returns>A configuration.</returns>
    public TrialConfiguration Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return new(_parameters.Select(p => new KeyValuePair<string, object>(p.Name, p.FromUnit(random.NextDouble()))));
    }
}
