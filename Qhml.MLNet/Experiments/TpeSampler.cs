namespace Qhml.MLNet.Experiments;

/// <summary>
/// A tree-structured Parzen estimator (Bergstra et al. 2011) over a space mapped to the unit cube: the
/// observed configurations are split into the best quarter ("good") and the rest, each side becomes a
/// product of per-dimension densities (Gaussian kernels plus a uniform prior for ranges, smoothed
/// frequencies for choices), and of candidates drawn around good points the one maximizing
/// good density / rest density is proposed.
/// </summary>
internal static class TpeSampler
{
    private const double GoodFraction = 0.25;
    private const int Candidates = 24;

    /// <summary>Proposes a configuration of <paramref name="dimensions"/>.</summary>
    /// <param name="dimensions">The parameters to choose.</param>
    /// <param name="observed">Earlier configurations with their score (higher is better; NaN = failed, ranked last).</param>
    /// <param name="random">The random source.</param>
    public static TrialConfiguration Propose(IReadOnlyList<SearchParameter> dimensions, IReadOnlyList<(TrialConfiguration Configuration, double Score)> observed, Random random)
    {
        var ranked = observed.OrderByDescending(o => double.IsNaN(o.Score) ? double.NegativeInfinity : o.Score).ToArray();
        int goodCount = Math.Max(1, (int)Math.Ceiling(GoodFraction * ranked.Count(o => !double.IsNaN(o.Score))));
        double[][] good = ranked.Take(goodCount).Select(o => Encode(dimensions, o.Configuration)).ToArray();
        double[][] bad = ranked.Skip(goodCount).Select(o => Encode(dimensions, o.Configuration)).ToArray();

        double[]? best = null;
        double bestScore = double.NegativeInfinity;
        for (int c = 0; c < Candidates; c++)
        {
            double[] around = good[random.Next(good.Length)];
            var candidate = new double[dimensions.Count];
            for (int d = 0; d < dimensions.Count; d++)
            {
                SearchParameter p = dimensions[d];
                candidate[d] = p.Kind == SearchParameterKind.Choice
                    ? SampleChoice(p.Choices.Count, good, d, random)
                    : Math.Clamp(around[d] + Bandwidth(good.Length) * Gaussian(random), 0, 1);
            }
            double score = 0;
            for (int d = 0; d < dimensions.Count; d++)
            {
                int choices = dimensions[d].Kind == SearchParameterKind.Choice ? dimensions[d].Choices.Count : 0;
                score += Math.Log(Density(candidate[d], good, d, choices)) - Math.Log(Density(candidate[d], bad, d, choices));
            }
            if (score > bestScore)
            {
                bestScore = score;
                best = candidate;
            }
        }
        return new TrialConfiguration(dimensions.Select((p, d) => new KeyValuePair<string, object>(p.Name, p.FromUnit(best![d]))));
    }

    // Choices are encoded as cell centres, so FromUnit maps them back exactly.
    private static double[] Encode(IReadOnlyList<SearchParameter> dimensions, TrialConfiguration configuration)
        => dimensions.Select(p => configuration.Contains(p.Name) ? p.ToUnit(configuration[p.Name]) : p.ToUnit(p.Default)).ToArray();

    private static double Bandwidth(int count) => Math.Max(0.05, 0.3 * Math.Pow(count, -0.2));

    private static double Density(double x, double[][] points, int d, int choices)
    {
        if (choices > 0)
        {
            int cell = Math.Min(choices - 1, (int)(x * choices));
            int same = points.Count(p => Math.Min(choices - 1, (int)(p[d] * choices)) == cell);
            return (1.0 + same) / (choices + points.Length);
        }
        double h = Bandwidth(Math.Max(1, points.Length)), sum = 1.0; // the uniform prior counts as one point
        foreach (double[] p in points)
            sum += Math.Exp(-0.5 * Math.Pow((x - p[d]) / h, 2)) / (h * Math.Sqrt(2 * Math.PI));
        return sum / (1 + points.Length);
    }

    private static double SampleChoice(int choices, double[][] good, int d, Random random)
    {
        double u = random.NextDouble() * (choices + good.Length), acc = 0;
        for (int cell = 0; cell < choices; cell++)
        {
            acc += 1 + good.Count(p => Math.Min(choices - 1, (int)(p[d] * choices)) == cell);
            if (u < acc)
                return (cell + 0.5) / choices;
        }
        return (choices - 0.5) / choices;
    }

    private static double Gaussian(Random random)
        => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
