namespace Qhml.MLNet.Serving;

/// <summary>How a reload ended.</summary>
public enum ModelReloadOutcome
{
    /// <summary>A new model was loaded, verified and now serves new requests.</summary>
    Swapped,

    /// <summary>The file holds the bytes already serving; nothing changed.</summary>
    Unchanged,

    /// <summary>The new file was rejected (unreadable, not a model, or its probe score not finite); the old model still serves.</summary>
    Failed,
}

/// <summary>The result of one reload of a named model.</summary>
/// <param name="Outcome">Swapped, unchanged or failed.</param>
/// <param name="Serving">The model serving after the reload (the old one when it failed).</param>
/// <param name="Reason">Why it failed, in one line; null otherwise.</param>
public sealed record ModelReloadResult(ModelReloadOutcome Outcome, ServedModelInfo Serving, string? Reason);

/// <summary>The state of one named model: what serves, and the last rejected file if any.</summary>
/// <param name="Serving">The model serving now.</param>
/// <param name="LastFailure">Why the last reload was rejected, when it was the last thing that happened to this model; null once a later reload succeeds.</param>
/// <param name="LastFailureAt">When that reload was rejected.</param>
public sealed record ServedModelStatus(ServedModelInfo Serving, string? LastFailure, DateTimeOffset? LastFailureAt);
