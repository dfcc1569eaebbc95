using System.Globalization;
using MathNet.Numerics.Distributions;
using Qhml.MLNet.Common;

namespace Qhml.MLNet.Data;

/// <summary>
/// Generates a synthetic, GDSC-shaped <see cref="GdscDataset"/> (the embedded default, so samples run anywhere).
/// Seeded and deterministic: the same <see cref="Options"/> give bit-identical data on a given runtime and platform
/// (single-threaded; only the last bit of <c>log</c>/<c>tanh</c> results may differ between operating systems' math libraries).
/// </summary>
/// <remarks>
/// <para><b>Expression</b> (correlated gene modules, heavy-tailed noise). Each cell line <c>i</c> has
/// <c>K</c> latent module activities <c>z[i,k] ~ N(0,1)</c>. Each gene <c>g</c> is either a pure-noise gene
/// (probability <see cref="Options.NoiseGeneFraction"/>, loading 0) or belongs to one module <c>m(g)</c>, drawn
/// uniformly, with a loading <c>w[g] = ±U(0.4, 0.9)</c> (random sign). Raw expression is
/// <c>x[i,g] = w[g] z[i,m(g)] + sqrt(1 - w[g]²) e[i,g]</c>, where <c>e</c> is Student-t noise with
/// <see cref="Options.DegreesOfFreedom"/> degrees of freedom scaled to unit variance (heavy tails, like real
/// RNA-seq outliers). Finally every gene is z-scored over the cell lines (mean 0, sample SD 1), as the real data is.
/// Genes of one module are therefore correlated (about <c>w[g] w[h]</c>), genes of different modules are not.</para>
/// <para><b>Response</b> (nonlinear in a few modules, different per drug). Drug <c>d</c> draws three distinct modules
/// <c>a, b, c</c> (with repeats when <c>K &lt; 3</c>) and coefficients: offset <c>μ ~ N(2.5, 1.5)</c>,
/// <c>β = ±U(1, 2.5)</c>, steepness <c>γ ~ U(0.75, 2)</c>, interaction <c>κ = ±U(0.5, 1.5)</c>. Then
/// <c>ln IC50[i,d] = μ + β tanh(γ z[i,a]) + κ z[i,b] z[i,c] + σ ε</c>, <c>ε ~ N(0,1)</c>,
/// <c>σ = </c><see cref="Options.ResponseNoise"/>. Each (cell line, drug) pair is observed with probability
/// <see cref="Options.ResponseFraction"/> (the real grid is 84% filled). The tanh term is partly linear in the genes;
/// the interaction term is invisible to a linear model, leaving room for nonlinear ones.</para>
/// <para>Random draws come from one <see cref="Random"/> seeded with <see cref="Options.Seed"/>, in a fixed order
/// (latent activities, gene memberships and loadings, noise, drugs, observation mask).
/// Ids: cell lines <c>SYN-000001</c>…, genes <c>GENE0001</c>…, drugs <c>Drug001</c>….</para>
/// </remarks>
public static class SyntheticGdscGenerator
{
    /// <summary>Parameters of the generator; the defaults mimic the shape of the real GDSC2 data.</summary>
    public sealed class Options
    {
        /// <summary>Seed of all random draws.</summary>
        public int Seed { get; set; } = Defaults.Seed;

        /// <summary>Number of cell lines (at least 2).</summary>
        public int CellLineCount { get; set; } = Defaults.CellLineCount;

        /// <summary>Number of genes (at least 1).</summary>
        public int GeneCount { get; set; } = Defaults.GeneCount;

        /// <summary>Number of drugs (at least 1).</summary>
        public int DrugCount { get; set; } = Defaults.DrugCount;

        /// <summary>Number of latent gene modules (at least 1).</summary>
        public int ModuleCount { get; set; } = Defaults.ModuleCount;

        /// <summary>Fraction of genes that belong to no module (pure noise), in [0, 1).</summary>
        public double NoiseGeneFraction { get; set; } = Defaults.NoiseGeneFraction;

        /// <summary>Degrees of freedom of the Student-t expression noise; greater than 2 (finite variance).</summary>
        public double DegreesOfFreedom { get; set; } = Defaults.DegreesOfFreedom;

        /// <summary>SD σ of the Gaussian response noise, in ln IC50 units; at least 0.</summary>
        public double ResponseNoise { get; set; } = Defaults.ResponseNoise;

        /// <summary>Probability that a (cell line, drug) response is observed, in (0, 1].</summary>
        public double ResponseFraction { get; set; } = Defaults.ResponseFraction;

        /// <summary>Default values of the options.</summary>
        public static class Defaults
        {
            /// <summary>Default seed.</summary>
            public const int Seed = 20_220_101;

            /// <summary>Default number of cell lines, as in the real data.</summary>
            public const int CellLineCount = 580;

            /// <summary>Default number of genes, as in the real data.</summary>
            public const int GeneCount = 706;

            /// <summary>Default number of drugs, as in the real data.</summary>
            public const int DrugCount = 170;

            /// <summary>Default number of gene modules.</summary>
            public const int ModuleCount = 12;

            /// <summary>Default fraction of pure-noise genes.</summary>
            public const double NoiseGeneFraction = 0.2;

            /// <summary>Default Student-t degrees of freedom.</summary>
            public const double DegreesOfFreedom = 5;

            /// <summary>Default response noise SD.</summary>
            public const double ResponseNoise = 0.8;

            /// <summary>Default observed fraction, as in the real data.</summary>
            public const double ResponseFraction = 0.84;
        }
    }

    /// <summary>Generates a dataset.</summary>
    /// <param name="options">Parameters; null for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range (the message names it).</exception>
    public static GdscDataset Generate(Options? options = null)
    {
        options ??= new Options();
        Validate(options);
        var random = new Random(options.Seed);
        int lines = options.CellLineCount, genes = options.GeneCount, modules = options.ModuleCount;

        var latent = new double[lines, modules];
        for (var i = 0; i < lines; i++)
            for (var k = 0; k < modules; k++)
                latent[i, k] = Normal.Sample(random, 0, 1);

        var module = new int[genes];
        var loading = new double[genes];
        for (var g = 0; g < genes; g++)
        {
            var isNoise = random.NextDouble() < options.NoiseGeneFraction;
            module[g] = random.Next(modules);
            loading[g] = isNoise ? 0 : (random.Next(2) == 0 ? -1 : 1) * (0.4 + 0.5 * random.NextDouble());
        }

        var nu = options.DegreesOfFreedom;
        var tScale = Math.Sqrt((nu - 2) / nu); // Student-t with unit variance
        var columns = new double[genes][];
        for (var g = 0; g < genes; g++)
        {
            var column = columns[g] = new double[lines];
            var noiseWeight = Math.Sqrt(1 - loading[g] * loading[g]);
            for (var i = 0; i < lines; i++)
                column[i] = loading[g] * latent[i, module[g]] + noiseWeight * tScale * StudentT.Sample(random, 0, 1, nu);
            ZScore(column);
        }

        var builder = new GdscDatasetBuilder(Names("GENE", genes), Describe(options), isSynthetic: true);
        var lineIds = Names("SYN-", lines, minDigits: 6);
        for (var i = 0; i < lines; i++)
        {
            var profile = new float[genes];
            for (var g = 0; g < genes; g++)
                profile[g] = (float)columns[g][i];
            builder.AddCellLine(lineIds[i], profile, detail => new InvalidOperationException(detail), "generator");
        }

        var drugIds = Names("Drug", options.DrugCount, minDigits: 3);
        foreach (var drug in drugIds)
        {
            var (a, b, c) = PickModules(random, modules);
            var mu = Normal.Sample(random, 2.5, 1.5);
            var beta = Sign(random) * (1 + 1.5 * random.NextDouble());
            var gamma = 0.75 + 1.25 * random.NextDouble();
            var kappa = Sign(random) * (0.5 + random.NextDouble());
            for (var i = 0; i < lines; i++)
            {
                var y = mu + beta * Math.Tanh(gamma * latent[i, a]) + kappa * latent[i, b] * latent[i, c]
                        + options.ResponseNoise * Normal.Sample(random, 0, 1);
                if (random.NextDouble() < options.ResponseFraction)
                    builder.AddResponse(lineIds[i], drug, (float)y, file: null, line: 0);
            }
        }
        return builder.Build();
    }

    private static void Validate(Options o)
    {
        if (o.CellLineCount < 2)
            throw OutOfRange.Exception(nameof(o.CellLineCount), o.CellLineCount, "At least 2 cell lines are needed (genes are z-scored over them).");
        if (o.GeneCount < 1)
            throw OutOfRange.Exception(nameof(o.GeneCount), o.GeneCount, "At least 1 gene is needed.");
        if (o.DrugCount < 1)
            throw OutOfRange.Exception(nameof(o.DrugCount), o.DrugCount, "At least 1 drug is needed.");
        if (o.ModuleCount < 1)
            throw OutOfRange.Exception(nameof(o.ModuleCount), o.ModuleCount, "At least 1 module is needed.");
        if (!(o.NoiseGeneFraction >= 0 && o.NoiseGeneFraction < 1))
            throw OutOfRange.Exception(nameof(o.NoiseGeneFraction), o.NoiseGeneFraction, "Must be in [0, 1).");
        if (!(o.DegreesOfFreedom > 2) || double.IsInfinity(o.DegreesOfFreedom))
            throw OutOfRange.Exception(nameof(o.DegreesOfFreedom), o.DegreesOfFreedom, "Must be finite and greater than 2 (finite noise variance).");
        if (!(o.ResponseNoise >= 0) || double.IsInfinity(o.ResponseNoise))
            throw OutOfRange.Exception(nameof(o.ResponseNoise), o.ResponseNoise, "Must be finite and at least 0.");
        if (!(o.ResponseFraction > 0 && o.ResponseFraction <= 1))
            throw OutOfRange.Exception(nameof(o.ResponseFraction), o.ResponseFraction, "Must be in (0, 1].");
    }

    private static (int A, int B, int C) PickModules(Random random, int modules)
    {
        if (modules < 3)
            return (random.Next(modules), random.Next(modules), random.Next(modules));
        var a = random.Next(modules);
        int b, c;
        do b = random.Next(modules); while (b == a);
        do c = random.Next(modules); while (c == a || c == b);
        return (a, b, c);
    }

    private static int Sign(Random random) => random.Next(2) == 0 ? -1 : 1;

    private static void ZScore(double[] values)
    {
        var mean = values.Average();
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        for (var i = 0; i < values.Length; i++)
            values[i] = sd > 0 ? (values[i] - mean) / sd : 0;
    }

    private static string[] Names(string prefix, int count, int minDigits = 4)
    {
        var digits = Math.Max(minDigits, count.ToString(CultureInfo.InvariantCulture).Length);
        return [.. Enumerable.Range(1, count).Select(n => prefix + n.ToString("D" + digits, CultureInfo.InvariantCulture))];
    }

    private static string Describe(Options o)
        => string.Create(CultureInfo.InvariantCulture,
            $"synthetic (seed {o.Seed}: {o.CellLineCount} cell lines x {o.GeneCount} genes, {o.DrugCount} drugs, " +
            $"{o.ModuleCount} modules, t({o.DegreesOfFreedom}) expression noise, response noise SD {o.ResponseNoise})");
}
