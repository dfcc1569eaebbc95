using MathNet.Numerics;
using MathNet.Numerics.Statistics;
using Qhml.MLNet.Hybrid;

namespace Qhml.MLNet.Tests.Hybrid;

/// <summary>A seeded regression task with a known nonlinear target: y = sin(2 x0) + x1 x2 + 0.5 x3^2 + 0.1 noise.</summary>
internal static class SyntheticRegression
{
    public static (float[] Features, float[] Labels) Make(int rows, int features, int seed, double noise = 0.1)
    {
        var rng = new Random(seed);
        var x = new float[rows * features];
        var y = new float[rows];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < features; j++)
                x[i * features + j] = (float)Gaussian(rng);
            double x0 = x[i * features], x1 = x[i * features + 1], x2 = x[i * features + 2], x3 = x[i * features + 3];
            y[i] = (float)(Math.Sin(2 * x0) + x1 * x2 + 0.5 * x3 * x3 + noise * Gaussian(rng));
        }
        return (x, y);
    }

    public static HybridDataset Dataset(int rows, int features, int seed, double noise = 0.1)
    {
        var (x, y) = Make(rows, features, seed, noise);
        return new HybridDataset(features, x, y);
    }

    public static double Gaussian(Random rng)
        => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    public static double Mse(float[] a, float[] b)
        => Distance.MSE(Array.ConvertAll(a, v => (double)v), Array.ConvertAll(b, v => (double)v));

    public static double Variance(float[] a) => a.Select(v => (double)v).PopulationVariance();
}
