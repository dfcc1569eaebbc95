using Qhml.MLNet.Quantum;
using Qhml.MLNet.Quantum.Hardware;

namespace Qhml.MLNet.Tests.Quantum.Hardware;

public class ShotEstimatorTests
{
    private static (double[] Probabilities, double[] Exact) RandomState(int qubits, int seed)
    {
        var rng = new Random(seed);
        var ansatz = HardwareEfficientAnsatz.Create(new() { Qubits = qubits, Layers = 2 });
        double[] parameters = Enumerable.Range(0, ansatz.ParameterCount).Select(_ => (rng.NextDouble() * 2 - 1) * 2).ToArray();
        double[] inputs = Enumerable.Range(0, qubits).Select(_ => (rng.NextDouble() * 2 - 1) * 2).ToArray();
        QuantumState state = ansatz.Simulate(parameters, inputs);
        return (Enumerable.Range(0, state.Dimension).Select(state.Probability).ToArray(), state.ExpectationsZ());
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.07)]
    public void EstimateIsUnbiasedWithinFourStandardErrorsAndHasTheBinomialVariance(double readoutFlip)
    {
        const int qubits = 4, shots = 200, seeds = 2000;
        var (p, exact) = RandomState(qubits, seed: 3);
        var sum = new double[qubits];
        var sumSquares = new double[qubits];
        var z = new double[qubits];
        for (int seed = 0; seed < seeds; seed++)
        {
            ShotEstimator.EstimateExpectationsZ(p, shots, (ulong)seed, z, readoutFlip);
            for (int q = 0; q < qubits; q++)
            {
                sum[q] += z[q];
                sumSquares[q] += z[q] * z[q];
            }
        }
        for (int q = 0; q < qubits; q++)
        {
            double expected = (1 - 2 * readoutFlip) * exact[q];
            double perEstimateVariance = (1 - expected * expected) / shots; // a mean of +-1 outcomes
            double mean = sum[q] / seeds;
            double standardError = Math.Sqrt(perEstimateVariance / seeds);
            Assert.True(Math.Abs(mean - expected) < 4 * standardError,
                $"qubit {q}: mean {mean:R} vs exact {expected:R}, {Math.Abs(mean - expected) / standardError:F2} standard errors");
            double variance = sumSquares[q] / seeds - mean * mean;
            Assert.InRange(variance / perEstimateVariance, 0.85, 1.15);
        }
    }

    [Fact]
    public void BasisStateFrequenciesMatchTheDistribution()
    {
        // A skewed 2-qubit distribution (qubit 0 = most significant bit): each marginal within 4 standard errors.
        double[] p = [0.05, 0.6, 0.0, 0.35];
        const int shots = 200_000;
        var z = new double[2];
        ShotEstimator.EstimateExpectationsZ(p, shots, 42, z);
        double z0 = p[0] + p[1] - p[2] - p[3], z1 = p[0] - p[1] + p[2] - p[3];
        Assert.True(Math.Abs(z[0] - z0) < 4 * Math.Sqrt((1 - z0 * z0) / shots), $"Z0 {z[0]} vs {z0}");
        Assert.True(Math.Abs(z[1] - z1) < 4 * Math.Sqrt((1 - z1 * z1) / shots), $"Z1 {z[1]} vs {z1}");

        // The never-occurring state |10> (p = 0) is never drawn: with p = [0, 0, 1, 0] every shot reads |10>.
        ShotEstimator.EstimateExpectationsZ([0, 0, 1, 0], 1000, 7, z);
        Assert.Equal([-1.0, 1.0], z);
    }

    [Fact]
    public void AliasTableDrawsEachBasisStateWithItsProbability()
    {
        double[] p = [0.5, 0.25, 0.125, 0.0625, 0.0625, 0, 0, 0];
        var table = new AliasTable(p);
        var rng = new SplitMix64(9);
        const int draws = 400_000;
        var counts = new int[p.Length];
        for (int i = 0; i < draws; i++)
            counts[table.Sample(ref rng)]++;
        for (int k = 0; k < p.Length; k++)
        {
            double sd = Math.Sqrt(draws * p[k] * (1 - p[k]));
            Assert.True(Math.Abs(counts[k] - draws * p[k]) <= Math.Max(4 * sd, 0), $"state {k}: {counts[k]} draws, expected {draws * p[k]}");
        }
    }

    [Fact]
    public void SameSeedGivesTheSameEstimateAndAnotherSeedAnother()
    {
        var (p, _) = RandomState(5, seed: 4);
        double[] a = new double[5], b = new double[5], c = new double[5];
        ShotEstimator.EstimateExpectationsZ(p, 1000, 123, a);
        ShotEstimator.EstimateExpectationsZ(p, 1000, 123, b);
        ShotEstimator.EstimateExpectationsZ(p, 1000, 124, c);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void NonPositiveShotsAreRejected(int shots)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ShotEstimator.EstimateExpectationsZ([1.0, 0.0], shots, 1, new double[1]));
        MessageAssert.Mentions(e, "Shots must be at least 1", shots.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void InvalidDistributionsAreRejected()
    {
        MessageAssert.Mentions(Assert.Throws<ArgumentException>(() => ShotEstimator.EstimateExpectationsZ([0.5, double.NaN], 10, 1, new double[1])), "Probability 1");
        MessageAssert.Mentions(Assert.Throws<ArgumentException>(() => ShotEstimator.EstimateExpectationsZ([0.0, 0.0], 10, 1, new double[1])), "sum to zero");
        MessageAssert.Mentions(Assert.Throws<ArgumentException>(() => ShotEstimator.EstimateExpectationsZ([0.5, 0.5, 0.0], 10, 1, new double[1])), "3 probabilities", "1 qubits");
        Assert.Throws<ArgumentOutOfRangeException>(() => ShotEstimator.EstimateExpectationsZ([0.5, 0.5], 10, 1, new double[1], readoutFlip: 1.5));
    }
}
