using ScottPlot;
using Qhml.MLNet.Study;

namespace Qhml.MLNet.Samples.Accuracy;

/// <summary>Issue 11's figure: mean test Pearson r against the training size, one line per model, ± one SE over drugs x splits.</summary>
public static class AccuracyFigure
{
    /// <summary>File name of the figure in the command's output folder.</summary>
    public const string FileName = "accuracy.png";

    /// <summary>Writes the figure. Runs with an undefined r (a constant prediction) are left out, as in the table.</summary>
    /// <param name="path">PNG file to write.</param>
    /// <param name="runs">Every run of the table.</param>
    /// <param name="highlightedModel">The model drawn with a thicker line (the default).</param>
    public static void Write(string path, IReadOnlyList<StudyRunResult> runs, string highlightedModel)
    {
        ArgumentNullException.ThrowIfNull(runs);
        int[] sizes = runs.Select(r => r.Run.TrainSize).Distinct().Order().ToArray();
        double[] xs = sizes.Select(s => Math.Log2(s)).ToArray();
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10(); // ten distinct colours, one per model (error bars take none)
        int index = 0;
        foreach (string model in runs.Select(r => r.Run.Model).Distinct())
        {
            var means = new double[sizes.Length];
            var errors = new double[sizes.Length];
            for (int i = 0; i < sizes.Length; i++)
            {
                double[] r = runs.Where(x => x.Run.Model == model && x.Run.TrainSize == sizes[i] && !x.Failed)
                    .Select(x => x.Scores.Pearson).Where(double.IsFinite).ToArray();
                means[i] = r.Length > 0 ? r.Average() : double.NaN;
                errors[i] = r.Length > 1 ? Math.Sqrt(r.Sum(v => (v - means[i]) * (v - means[i])) / (r.Length - 1) / r.Length) : 0;
            }
            var line = plot.Add.Scatter(xs, means);
            line.LegendText = model;
            line.Color = palette.GetColor(index++);
            line.LineWidth = model == highlightedModel ? 3 : 1.5f;
            plot.Add.ErrorBar(xs, means, errors).Color = line.Color;
        }
        plot.Axes.Bottom.SetTicks(xs, sizes.Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.Title("Mean test Pearson r over the study drugs and splits (± SE)");
        plot.XLabel("training lines (log scale)");
        plot.YLabel("Pearson r");
        plot.ShowLegend(Edge.Right);
        plot.SavePng(path, 900, 500);
    }
}
