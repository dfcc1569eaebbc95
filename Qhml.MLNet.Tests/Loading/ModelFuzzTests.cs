using Microsoft.ML;
using Xunit.Abstractions;

namespace Qhml.MLNet.Tests.Loading;

/// <summary>
/// Damaged model files either fail with a <see cref="ModelLoadException"/> or predict bit-identically: never a hang,
/// never a silently different model. The figures are printed (and quoted in docs/reliability.md).
/// </summary>
public class ModelFuzzTests(ITestOutputHelper output)
{
    private const string TransformEntry = "Transform_000/Model.key";

    // A hang shows up as a timeout error (counted, and asserted to be zero), not as a stuck test run.
    private static readonly GuardedModelLoadOptions Options = new() { Timeout = TimeSpan.FromSeconds(15) };

    private sealed class Tally
    {
        public int Rejected, Identical, Changed, TimedOut;
        public readonly List<string> ChangedCases = [];
        public readonly Dictionary<string, int> RejectedBy = new(StringComparer.Ordinal);

        public override string ToString()
            => $"{Rejected} rejected ({string.Join(", ", RejectedBy.OrderByDescending(p => p.Value).Select(p => $"{p.Key}: {p.Value}"))}), {Identical} identical, {Changed} changed, {TimedOut} timed out";
    }

    // One context for every attempt: a new MLContext re-scans the component catalog, the bulk of a load's cost.
    private readonly MLContext _mlContext = new(seed: 1);

    private void Attempt(byte[] zip, string label, Tally tally)
    {
        var mlContext = _mlContext;
        ITransformer model;
        try
        {
            model = mlContext.Model.LoadGuarded(new MemoryStream(zip), out _, Options);
        }
        catch (ModelLoadException e)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Reason), $"{label}: an empty reason.");
            if (e.Reason.Contains("did not finish within", StringComparison.Ordinal))
                tally.TimedOut++;
            tally.Rejected++;
            string by = e.Component ?? "zip archive";
            tally.RejectedBy[by] = tally.RejectedBy.GetValueOrDefault(by) + 1;
            return;
        }
        // A file that loads must score exactly as the original, or fail at scoring with an error of its own.
        float[] scores;
        try
        {
            scores = LoadingTestModels.Instance.Score(mlContext, model);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            tally.Rejected++;
            tally.RejectedBy["at scoring"] = tally.RejectedBy.GetValueOrDefault("at scoring") + 1;
            return;
        }
        if (LoadingTestModels.Instance.PredictsIdentically(scores))
        {
            tally.Identical++;
        }
        else
        {
            tally.Changed++;
            tally.ChangedCases.Add(label);
        }
    }

    private void FlipEveryByteOf(string entryName)
    {
        byte[] original = ModelZip.Entry(LoadingTestModels.Instance.Zip, entryName);
        var tally = new Tally();
        for (int i = 0; i < original.Length; i++)
        {
            int at = i;
            byte[] zip = ModelZip.WithEntry(LoadingTestModels.Instance.Zip, entryName, data =>
            {
                data[at] ^= 0xFF;
                return data;
            });
            Attempt(zip, $"byte {at}", tally);
        }
        output.WriteLine($"{entryName}: {original.Length} bytes flipped (XOR 0xFF), zip CRCs re-sealed: {tally}");
        Assert.Equal(0, tally.TimedOut);
        Assert.True(tally.Changed == 0, $"Silently changed predictions at {string.Join(", ", tally.ChangedCases)}.");
        Assert.True(tally.Rejected > 0);
    }

    [Fact]
    public void EveryByteOfTheHybridPredictorEntryFlippedFailsClearlyOrPredictsIdentically()
        => FlipEveryByteOf(HybridPayloadChecksTests.PredictorEntry);

    [Fact]
    public void EveryByteOfTheTransformEntryFlippedFailsClearlyOrPredictsIdentically()
        => FlipEveryByteOf(TransformEntry);

    [Fact]
    public void FiveHundredRandomBitFlipsOfTheWholeZipNeverHangAndNeverChangePredictions()
    {
        byte[] original = LoadingTestModels.Instance.Zip;
        var random = new Random(2026);
        var tally = new Tally();
        for (int k = 0; k < 500; k++)
        {
            byte[] zip = original.ToArray();
            int bit = random.Next(zip.Length * 8);
            zip[bit / 8] ^= (byte)(1 << (bit % 8));
            Attempt(zip, $"bit {bit}", tally);
        }
        output.WriteLine($"whole zip ({original.Length} bytes), 500 seeded single-bit flips: {tally}");
        Assert.Equal(0, tally.TimedOut);
        Assert.True(tally.Changed == 0, $"Silently changed predictions at {string.Join(", ", tally.ChangedCases)}.");
    }
}
