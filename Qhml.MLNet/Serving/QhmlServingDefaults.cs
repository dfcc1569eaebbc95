namespace Qhml.MLNet.Serving;

/// <summary>Default values of <see cref="QhmlModelOptions{TInput, TOutput}"/>.</summary>
public static class QhmlServingDefaults
{
    /// <summary>Whether the model file is watched and reloaded when it changes.</summary>
    public const bool WatchForChanges = true;

    /// <summary>Quiet time after the last change event before a reload starts (writers emit bursts of events).</summary>
    public static readonly TimeSpan DebounceDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>A file counts as completely written when its size and write time stay the same for this long.</summary>
    public static readonly TimeSpan StabilityInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>A reload gives up (the old model keeps serving) when the file keeps changing for this long.</summary>
    public static readonly TimeSpan StabilityTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// PredictionEngines kept per model. Under load (a busy web server) many more threads than cores can be inside
    /// <c>Predict</c> at once, preempted; an engine given back to a full pool is dropped and the next miss creates
    /// one (milliseconds), so keep enough for the peak concurrency: engines are small next to the model.
    /// </summary>
    public static int MaximumRetainedEngines => Math.Max(64, Environment.ProcessorCount * 4);
}
