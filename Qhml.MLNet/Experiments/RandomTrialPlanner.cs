namespace Qhml.MLNet.Experiments;

/// <summary>Random search: trial t goes to family t mod F with every option drawn from the trial's own seed; results are ignored.</summary>
internal sealed class RandomTrialPlanner(IReadOnlyList<ExperimentFamily> families, int seed) : ITrialPlanner
{
    public IReadOnlyList<PlannedTrial> ProposeRound(IReadOnlyList<TrialResult> history, int firstTrialId, int count)
        => Enumerable.Range(firstTrialId, count).Select(Plan).ToArray();

    /// <summary>Trial <paramref name="trialId"/> of the list (independent of every other trial).</summary>
    public PlannedTrial Plan(int trialId)
    {
        ExperimentFamily family = families[trialId % families.Count];
        var random = new Random(TrialSeeds.For(seed, trialId, stream: 2));
        return new PlannedTrial(trialId, family, family.SearchSpace.Sample(random), 0);
    }
}
