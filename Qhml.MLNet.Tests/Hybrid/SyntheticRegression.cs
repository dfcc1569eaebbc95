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
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
            s += (a[i] - (double)b[i]) * (a[i] - (double)b[i]);
        return s / a.Length;
    }

    public static double Variance(float[] a)
    {
        double m = a.Average(v => (double)v);
        return a.Sum(v => (v - m) * (v - m)) / a.Length;
    }

    public static double Pearson(float[] a, float[] b)
    {
        double ma = a.Average(v => (double)v), mb = b.Average(v => (double)v), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.Sqrt(saa * sbb);
    }
}
