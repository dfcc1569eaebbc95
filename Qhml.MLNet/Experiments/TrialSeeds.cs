namespace Qhml.MLNet.Experiments;

/// <summary>Seeds derived from the experiment seed and a trial id, the same in every process and shard.</summary>
internal static class TrialSeeds
{
    /// <summary>A non-negative seed for <paramref name="trialId"/>; <paramref name="stream"/> separates uses (training, proposing).</summary>
    public static int For(int experimentSeed, int trialId, int stream)
    {
        // SplitMix64 finalizer over the three inputs: well mixed, platform independent.
        ulong z = unchecked((ulong)experimentSeed * 0x9E3779B97F4A7C15UL + (ulong)trialId * 0xBF58476D1CE4E5B9UL + (ulong)stream * 0x94D049BB133111EBUL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }
}
