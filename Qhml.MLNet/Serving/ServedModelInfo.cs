using Microsoft.ML;

namespace Qhml.MLNet.Serving;

/// <summary>What one loaded model is: which file and bytes it came from, when it was loaded, and what made it.</summary>
/// <param name="Name">The model's name in the pool.</param>
/// <param name="FilePath">The full path of the model file.</param>
/// <param name="ContentHash">SHA-256 of the bytes that were loaded, lowercase hex (what <c>sha256sum</c> prints for the file).</param>
/// <param name="LoadedAt">When this model started serving.</param>
/// <param name="LoadDuration">Reading, loading and verifying the file took this long.</param>
/// <param name="Trainer">The predictor's type, which names the trainer that made it (e.g. <c>QuantumHybridModelParameters</c>).</param>
/// <param name="InputSchema">The input schema saved with the model (gene names are the slot names of its feature column, when saved).</param>
/// <param name="Generation">1 for the first load of this name, then one more per successful reload.</param>
public sealed record ServedModelInfo(
    string Name,
    string FilePath,
    string ContentHash,
    DateTimeOffset LoadedAt,
    TimeSpan LoadDuration,
    string Trainer,
    DataViewSchema InputSchema,
    int Generation);
