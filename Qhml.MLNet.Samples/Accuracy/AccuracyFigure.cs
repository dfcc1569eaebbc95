using Qhml.MLNet.Samples.Study;
using Qhml.MLNet.Study;

namespace Qhml.MLNet.Samples.Accuracy;

/// <summary>Issue 11's figure: the study's Pearson-r-against-size plot, over every drug and split, ± one SE.</summary>
public static class AccuracyFigure
{
    /// <summary>File name of the figure in the command's output folder.</summary>
    public const string FileName = "accuracy.png";

    /// <summary>Writes the figure. Runs with an undefined r (a constant prediction) are left out, as in the table.</summary>
    /// <param name="path">PNG file to write.</param>
    /// <param name="runs">Every run of the table.</param>
    public static void Write(string path, IReadOnlyList<StudyRunResult> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        int[] sizes = runs.Select(r => r.Run.TrainSize).Distinct().Order().ToArray();
        PearsonCurve[] curves = runs.Select(r => r.Run.Model).Distinct().Select(model =>
        {
            double[][] r = sizes.Select(n => runs.Where(x => x.Run.Model == model && x.Run.TrainSize == n && !x.Failed)
                .Select(x => x.Scores.Pearson).Where(double.IsFinite).ToArray()).ToArray();
            return new PearsonCurve(model, sizes, r.Select(v => v.Length > 0 ? v.Average() : double.NaN).ToArray(), r.Select(StandardError).ToArray());
        }).ToArray();
        int drugs = runs.Select(r => r.Run.Dataset).Distinct().Count();
        StudyFigures.PearsonVsTrainSize(path, curves, $"{drugs} drugs x {runs.Select(r => r.Run.SeedIndex).Distinct().Count()} splits", "SE");
    }

    private static double StandardError(double[] values)
    {
        if (values.Length < 2)
            return double.NaN;
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1) / values.Length);
    }
}
