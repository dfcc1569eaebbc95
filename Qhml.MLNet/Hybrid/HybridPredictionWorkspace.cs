namespace Qhml.MLNet.Hybrid;

/// <summary>
/// Scratch for single-row prediction with one <see cref="HybridModel"/>, so <see cref="HybridModel.Predict(ReadOnlySpan{float}, HybridPredictionWorkspace)"/>
/// allocates nothing. Not thread-safe: use one per thread (or call the overload without a workspace,
/// which pools them).
/// </summary>
public sealed class HybridPredictionWorkspace
{
    internal HybridPredictionWorkspace(HybridModel owner, InferenceBuffers buffers)
    {
        Owner = owner;
        Buffers = buffers;
    }

    internal HybridModel Owner { get; }
    internal InferenceBuffers Buffers { get; }
}
