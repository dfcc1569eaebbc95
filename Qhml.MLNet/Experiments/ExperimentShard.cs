using System.Globalization;

namespace Qhml.MLNet.Experiments;

/// <summary>
/// Which part of an experiment's trial list this process runs: trial t belongs to shard t mod
/// <see cref="Count"/>. Shards run as separate processes or machines (a Kubernetes Indexed Job, a Slurm
/// array) and their results files merge with <see cref="ExperimentResultsFile.Merge"/>.
/// </summary>
/// <param name="Index">This shard, 0 .. Count - 1.</param>
/// <param name="Count">Number of shards.</param>
public readonly record struct ExperimentShard(int Index, int Count)
{
    /// <summary>The whole experiment in one process.</summary>
    public static ExperimentShard All { get; } = new(0, 1);

    /// <summary>Whether this shard runs trial <paramref name="trialId"/>.</summary>
    /// <param name="trialId">A trial id.</param>
    /// <returns>True if <c>trialId mod Count == Index</c>.</returns>
    public bool Owns(int trialId) => trialId % Count == Index;

    /// <summary>Parses <c>i/N</c> (0 &lt;= i &lt; N).</summary>
    /// <param name="text">E.g. <c>0/2</c>.</param>
    /// <returns>The shard.</returns>
    /// <exception cref="FormatException">Not of the form i/N with 0 &lt;= i &lt; N.</exception>
    public static ExperimentShard Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            && n >= 1 && i < n)
            return new ExperimentShard(i, n);
        throw new FormatException($"Shard '{text}' is not of the form i/N with 0 <= i < N (e.g. 0/2 and 1/2 for two shards).");
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
