using Qhml.MLNet.Hybrid;

namespace Qhml.MLNet.Tests;

/// <summary>A fact about the one-row AVX-512 first-layer kernel; skipped, saying why, where that kernel does not run.</summary>
public sealed class InterleavedFirstLayerFactAttribute : FactAttribute
{
    public InterleavedFirstLayerFactAttribute()
    {
        if (!InterleavedFirstLayer.IsAccelerated)
            Skip = "The one-row AVX-512 first-layer kernel does not run on this machine (no accelerated AVX-512, or Vector<float> is not 8 lanes); its results are checked where it runs.";
    }
}
