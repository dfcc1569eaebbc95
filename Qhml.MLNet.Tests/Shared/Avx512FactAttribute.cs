using System.Runtime.Intrinsics.X86;

namespace Qhml.MLNet.Tests;

/// <summary>A fact about the AVX-512 kernels; skipped, saying why, on a machine without AVX-512.</summary>
public sealed class Avx512FactAttribute : FactAttribute
{
    public Avx512FactAttribute()
    {
        if (!Avx512F.IsSupported)
            Skip = "This machine has no AVX-512, so the AVX-512 kernels cannot run here (their results are checked where it is present).";
    }
}
