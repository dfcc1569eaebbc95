using Qhml.MLNet.Common;

namespace Qhml.MLNet;

/// <summary>
/// Limits for <see cref="GuardedModelLoadingCatalog.LoadGuarded(Microsoft.ML.ModelOperationsCatalog, string, out Microsoft.ML.DataViewSchema, GuardedModelLoadOptions?)"/>:
/// a model file is untrusted input, and these bound what reading it may cost before anything is parsed.
/// </summary>
public sealed class GuardedModelLoadOptions
{
    /// <summary>Largest model file (compressed) accepted, in bytes. Default 1 GiB.</summary>
    public long MaximumFileBytes { get; set; } = 1L << 30;

    /// <summary>Largest total of the zip entries' uncompressed sizes, in bytes. Default 2 GiB.</summary>
    public long MaximumUncompressedBytes { get; set; } = 2L << 30;

    /// <summary>Largest number of zip entries accepted. Default 10,000.</summary>
    public int MaximumEntryCount { get; set; } = 10_000;

    /// <summary>
    /// How long ML.NET's own readers may take once the archive is verified. Default 60 s. A load that does not
    /// finish in time fails with a <see cref="ModelLoadException"/>; its thread cannot be stopped (.NET has no
    /// thread abort) and keeps running in the background, so a server should treat this error as a reason to recycle.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    internal void Validate()
    {
        if (MaximumFileBytes <= 0)
            throw OutOfRange.Exception(nameof(MaximumFileBytes), MaximumFileBytes, "Must be positive.");
        if (MaximumUncompressedBytes <= 0)
            throw OutOfRange.Exception(nameof(MaximumUncompressedBytes), MaximumUncompressedBytes, "Must be positive.");
        if (MaximumEntryCount <= 0)
            throw OutOfRange.Exception(nameof(MaximumEntryCount), MaximumEntryCount, "Must be positive.");
        if (Timeout <= TimeSpan.Zero && Timeout != System.Threading.Timeout.InfiniteTimeSpan)
            throw OutOfRange.Exception(nameof(Timeout), Timeout, "Must be positive or Timeout.InfiniteTimeSpan.");
    }
}
