using Qhml.MLNet.Quantum;

namespace Qhml.MLNet.Tests;

/// <summary>A fact about the AVX-512 kernels; skipped, saying why, where the kernels are not used (no AVX-512, or the runtime does not accelerate it).</summary>
public sealed class Avx512FactAttribute : FactAttribute
{
    public Avx512FactAttribute()
    {
        if (!SingleSampleKernels.Avx512Supported)
            Skip = "This machine has no accelerated AVX-512, so the AVX-512 kernels do not run here (their results are checked where it is present).";
    }
}
