namespace Qhml.MLNet.Experiments;

/// <summary>
/// Asynchronous successive halving (Li et al. 2020) with TPE proposals per family; see
/// <see cref="ExperimentTuner.SuccessiveHalvingTpe"/>. Rung r trains with effort max / 3^(2 - r) of the
/// family's effort range; a configuration is promoted from rung r when it is in the best third of the
/// finished rung-r trials of its family.
/// </summary>
internal sealed class HalvingTpeTrialPlanner(IReadOnlyList<ExperimentFamily> families, int seed, ExperimentMetric metric) : ITrialPlanner
{
    private const int Eta = 3;
    private const int RungCount = 3;
    private const int RandomStartupConfigurations = 3;

    private sealed record Entry(ExperimentFamily Family, int Rung, string Key, TrialConfiguration Configuration, double Score, bool Finished, int TrialId);

    public IReadOnlyList<PlannedTrial> ProposeRound(IReadOnlyList<TrialResult> history, int firstTrialId, int count)
    {
        var entries = history.Select(ToEntry).ToList();
        var planned = new List<PlannedTrial>(count);
        for (int t = firstTrialId; t < firstTrialId + count; t++)
        {
            PlannedTrial trial = TryPromote(entries, t) ?? NewConfiguration(entries, t);
            entries.Add(new Entry(trial.Family, trial.Rung, Key(trial.Family, trial.Configuration), trial.Configuration, double.NaN, false, t));
            planned.Add(trial);
        }
        return planned;
    }

    /// <summary>The effort of <paramref name="family"/> at <paramref name="rung"/>.</summary>
    public static int Fidelity(ExperimentFamily family, int rung)
    {
        SearchParameter p = family.SearchSpace.Find(family.FidelityParameter!)!;
        return (int)Math.Max(p.Min, Math.Round(p.Max / Math.Pow(Eta, RungCount - 1 - rung)));
    }

    private Entry ToEntry(TrialResult r)
    {
        ExperimentFamily family = families.FirstOrDefault(f => f.Name == r.Family)
            ?? throw new InvalidOperationException($"Trial {r.TrialId} is of family '{r.Family}', which is not in this experiment.");
        var configuration = TrialConfiguration.Parse(r.Configuration, family.SearchSpace);
        double score = r.Status == TrialStatus.Succeeded ? (metric.IsMaximized() ? r.MetricMean : -r.MetricMean) : double.NaN;
        return new Entry(family, r.Rung, Key(family, configuration), configuration, score, true, r.TrialId);
    }

    // A configuration's identity across rungs: every value but the effort.
    private static string Key(ExperimentFamily family, TrialConfiguration configuration)
        => new TrialConfiguration(configuration.Values.Where(v => v.Key != family.FidelityParameter)).Format(family.SearchSpace);

    private static PlannedTrial? TryPromote(List<Entry> entries, int trialId)
    {
        foreach (ExperimentFamily family in entries.Select(e => e.Family).Distinct())
        {
            if (family.FidelityParameter is null)
                continue;
            for (int rung = RungCount - 2; rung >= 0; rung--)
            {
                var finished = entries.Where(e => e.Family == family && e.Rung == rung && e.Finished && !double.IsNaN(e.Score))
                    .OrderByDescending(e => e.Score).ThenBy(e => e.TrialId).ToList();
                foreach (Entry e in finished.Take(finished.Count / Eta))
                {
                    if (entries.Any(o => o.Family == family && o.Rung == rung + 1 && o.Key == e.Key))
                        continue;
                    var configuration = e.Configuration.With(family.FidelityParameter, Fidelity(family, rung + 1));
                    return new PlannedTrial(trialId, family, configuration, rung + 1);
                }
            }
        }
        return null;
    }

    private PlannedTrial NewConfiguration(List<Entry> entries, int trialId)
    {
        int started = entries.Count(e => e.Rung == 0);
        ExperimentFamily family = PickFamily(entries, started);
        var random = new Random(TrialSeeds.For(seed, trialId, stream: 3));
        var own = entries.Where(e => e.Family == family && e.Rung == 0).ToList();
        var finished = own.Where(e => e.Finished).ToList();
        TrialConfiguration configuration;
        if (own.Count == 0)
            configuration = family.SearchSpace.DefaultConfiguration();
        else if (finished.Count(e => !double.IsNaN(e.Score)) < RandomStartupConfigurations)
            configuration = family.SearchSpace.Sample(random);
        else
        {
            var dimensions = family.SearchSpace.Parameters.Where(p => p.Name != family.FidelityParameter).ToArray();
            configuration = TpeSampler.Propose(dimensions, finished.Select(e => (e.Configuration, e.Score)).ToArray(), random);
        }
        if (family.FidelityParameter is not null)
            configuration = Reorder(family, configuration.With(family.FidelityParameter, Fidelity(family, 0)));
        return new PlannedTrial(trialId, family, configuration, 0);
    }

    // Families in turn for two cycles; then every other new configuration goes to the family with the best score so far.
    private ExperimentFamily PickFamily(List<Entry> entries, int started)
    {
        int f = families.Count;
        if (f == 1 || started < 2 * f || started % 2 == 0)
            return families[(started < 2 * f ? started : started / 2) % f];
        Entry? best = entries.Where(e => e.Finished && !double.IsNaN(e.Score)).OrderByDescending(e => e.Score).ThenBy(e => e.TrialId).FirstOrDefault();
        return best?.Family ?? families[started % f];
    }

    private static TrialConfiguration Reorder(ExperimentFamily family, TrialConfiguration configuration)
        => new(family.SearchSpace.Parameters.Where(p => configuration.Contains(p.Name)).Select(p => new KeyValuePair<string, object>(p.Name, configuration[p.Name])));
}
