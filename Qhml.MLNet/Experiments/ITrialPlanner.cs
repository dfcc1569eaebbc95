namespace Qhml.MLNet.Experiments;

/// <summary>
/// Proposes the trials of one round from the results of the earlier rounds only, so the trial list is a
/// function of the seed and the results, never of timing or parallelism.
/// </summary>
internal interface ITrialPlanner
{
    /// <summary>Proposes trials <paramref name="firstTrialId"/> .. <paramref name="firstTrialId"/> + <paramref name="count"/> - 1.</summary>
    /// <param name="history">Every finished trial with an id below <paramref name="firstTrialId"/>, by id.</param>
    /// <param name="firstTrialId">Id of the first trial of the round.</param>
    /// <param name="count">Trials in the round.</param>
    IReadOnlyList<PlannedTrial> ProposeRound(IReadOnlyList<TrialResult> history, int firstTrialId, int count);
}
