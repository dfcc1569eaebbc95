namespace Qhml.MLNet.Serving;

/// <summary>
/// How one named model of a <see cref="QhmlPredictionPool{TInput, TOutput}"/> is loaded, verified and reloaded.
/// Registered per model name as named options (<c>IOptionsMonitor.Get(modelName)</c>).
/// </summary>
/// <typeparam name="TInput">The input row type of the PredictionEngines.</typeparam>
/// <typeparam name="TOutput">The output row type of the PredictionEngines.</typeparam>
public sealed class QhmlModelOptions<TInput, TOutput>
    where TInput : class, new()
    where TOutput : class, new()
{
    /// <summary>The model file (a .zip saved with <c>mlContext.Model.Save</c>).</summary>
    public string FilePath { get; set; } = "";

    /// <summary>Reload when the file changes. Writers should rename a complete file into place; a file written in place is
    /// loaded once its size and write time have been stable for <see cref="StabilityInterval"/>, and a file that still
    /// fails to load is rejected and logged while the old model serves.</summary>
    public bool WatchForChanges { get; set; } = QhmlServingDefaults.WatchForChanges;

    /// <summary>Quiet time after the last change event before a reload starts.</summary>
    public TimeSpan DebounceDelay { get; set; } = QhmlServingDefaults.DebounceDelay;

    /// <summary>How long size and write time must stay the same before the file is read.</summary>
    public TimeSpan StabilityInterval { get; set; } = QhmlServingDefaults.StabilityInterval;

    /// <summary>A reload fails (the old model keeps serving) when the file keeps changing for this long.</summary>
    public TimeSpan StabilityTimeout { get; set; } = QhmlServingDefaults.StabilityTimeout;

    /// <summary>PredictionEngines kept in the pool per model. More are created when more threads score at once, never waited for.</summary>
    public int MaximumRetainedEngines { get; set; } = QhmlServingDefaults.MaximumRetainedEngines;

    /// <summary>The row a new model must score to a finite value before it serves. Null: a row of zeros shaped by the
    /// model's saved input schema (every array member sized like the model's vector column of the same name).</summary>
    public Func<TInput>? Probe { get; set; }

    /// <summary>Reads the score from an output row, to check it is finite. Null: the output type's public float
    /// property <c>Score</c> (ML.NET's regression output).</summary>
    public Func<TOutput, float>? Score { get; set; }
}
