using ScottPlot;

namespace Qhml.MLNet.Samples.Study;

/// <summary>A named curve over training epochs.</summary>
/// <param name="Label">Legend text.</param>
/// <param name="TrainingLosses">Training loss per epoch.</param>
/// <param name="ValidationLosses">Validation loss per epoch (may be empty).</param>
public sealed record LearningCurve(string Label, IReadOnlyList<double> TrainingLosses, IReadOnlyList<double> ValidationLosses);

/// <summary>A model's mean Pearson r and its seed-to-seed SD at each training size.</summary>
/// <param name="Model">Legend text.</param>
/// <param name="TrainSizes">Training sizes, ascending.</param>
/// <param name="MeanPearson">Mean r per size.</param>
/// <param name="PearsonSd">SD of r per size (NaN draws no bar).</param>
public sealed record PearsonCurve(string Model, IReadOnlyList<int> TrainSizes, IReadOnlyList<double> MeanPearson, IReadOnlyList<double> PearsonSd);

/// <summary>A histogram of interface values for one normalization.</summary>
/// <param name="Label">Legend text (the normalization).</param>
/// <param name="BinEdges">Bin edges, one more than counts.</param>
/// <param name="Counts">Count per bin.</param>
public sealed record HistogramSeries(string Label, IReadOnlyList<double> BinEdges, IReadOnlyList<double> Counts);

/// <summary>
/// The study's PNG figures (ScottPlot 5). Each takes plain arrays, so it can be drawn from any source
/// (a live study, a CSV, a test) and saved without a display.
/// </summary>
public static class StudyFigures
{
    private const int Width = 1200;
    private const int Height = 650;

    private static readonly IPalette Palette = new ScottPlot.Palettes.Category10();

    private static Plot NewPlot() => new();

    /// <summary>
    /// The i-th series' color and line pattern: ten colors, then the same colors dashed, then dotted, so
    /// the ~17 models of a study stay distinguishable.
    /// </summary>
    private static (Color Color, LinePattern Pattern) SeriesStyle(int i)
        => (Palette.GetColor(i % 10), (i / 10) switch { 0 => LinePattern.Solid, 1 => LinePattern.Dashed, _ => LinePattern.Dotted });

    /// <summary>Legend outside the data area, on the right, so it never hides curves.</summary>
    private static void LegendRight(Plot plot) => plot.ShowLegend(Edge.Right);

    /// <summary>
    /// Where circuit inputs land: one density curve per normalization (counts scaled to fractions), so
    /// piling up at the ends of the range (saturation) is visible at a glance.
    /// </summary>
    /// <param name="path">PNG file to write.</param>
    /// <param name="series">One histogram per normalization.</param>
    public static void InterfaceHistograms(string path, IReadOnlyList<HistogramSeries> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var plot = NewPlot();
        for (int index = 0; index < series.Count; index++)
        {
            HistogramSeries s = series[index];
            if (s.BinEdges.Count != s.Counts.Count + 1)
                throw new ArgumentException($"Histogram '{s.Label}' has {s.BinEdges.Count} edges for {s.Counts.Count} bins; expected one more edge than bins.", nameof(series));
            double total = s.Counts.Sum();
            double[] centers = Enumerable.Range(0, s.Counts.Count).Select(i => (s.BinEdges[i] + s.BinEdges[i + 1]) / 2).ToArray();
            double[] fractions = s.Counts.Select(c => total > 0 ? c / total : 0).ToArray();
            var line = plot.Add.Scatter(centers, fractions);
            line.LegendText = s.Label;
            (line.Color, line.LinePattern) = SeriesStyle(index);
            line.MarkerSize = 0;
            line.LineWidth = 2;
        }
        plot.Title("Interface values (circuit input angles) per normalization");
        plot.XLabel("interface value");
        plot.YLabel("fraction of values per bin");
        LegendRight(plot);
        Save(plot, path);
    }

    /// <summary>Training (solid) and validation (dashed) loss per epoch.</summary>
    /// <param name="path">PNG file to write.</param>
    /// <param name="curves">One curve per model (or run).</param>
    public static void LearningCurves(string path, IReadOnlyList<LearningCurve> curves)
    {
        ArgumentNullException.ThrowIfNull(curves);
        var plot = NewPlot();
        for (int index = 0; index < curves.Count; index++)
        {
            LearningCurve c = curves[index];
            Color color = SeriesStyle(index).Color;
            AddLine(plot, c.TrainingLosses, $"{c.Label} (train)", color, LinePattern.Solid);
            AddLine(plot, c.ValidationLosses, $"{c.Label} (validation)", color, LinePattern.Dashed);
        }
        plot.Title("Learning curves");
        plot.XLabel("epoch");
        plot.YLabel("loss (on the standardized label)");
        LegendRight(plot);
        Save(plot, path);
    }

    /// <summary>Mean Pearson r against training size, one line per model, error bars of one seed-to-seed SD.</summary>
    /// <param name="path">PNG file to write.</param>
    /// <param name="curves">One curve per model.</param>
    public static void PearsonVsTrainSize(string path, IReadOnlyList<PearsonCurve> curves)
    {
        ArgumentNullException.ThrowIfNull(curves);
        var plot = NewPlot();
        for (int index = 0; index < curves.Count; index++)
        {
            PearsonCurve c = curves[index];
            double[] xs = c.TrainSizes.Select(s => (double)s).ToArray();
            double[] ys = c.MeanPearson.ToArray();
            double[] errors = c.PearsonSd.Select(sd => double.IsFinite(sd) ? sd : 0).ToArray();
            var line = plot.Add.Scatter(xs, ys);
            line.LegendText = c.Model;
            (line.Color, line.LinePattern) = SeriesStyle(index);
            var bars = plot.Add.ErrorBar(xs, ys, errors);
            bars.Color = line.Color;
        }
        plot.Title("Pearson r vs training size (mean ± SD over seeds)");
        plot.XLabel("training cell lines");
        plot.YLabel("Pearson r (test)");
        LegendRight(plot);
        Save(plot, path);
    }

    /// <summary>Predicted against observed test values, with the identity line.</summary>
    /// <param name="path">PNG file to write.</param>
    /// <param name="title">Plot title (say which model and size).</param>
    /// <param name="observed">Observed values.</param>
    /// <param name="predicted">Predicted values, one per observation.</param>
    public static void PredictedVsObserved(string path, string title, IReadOnlyList<float> observed, IReadOnlyList<float> predicted)
    {
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(predicted);
        if (observed.Count != predicted.Count)
            throw new ArgumentException($"{observed.Count} observed but {predicted.Count} predicted values.", nameof(predicted));
        var plot = NewPlot();
        double[] xs = observed.Select(v => (double)v).ToArray();
        double[] ys = predicted.Select(v => (double)v).ToArray();
        var points = plot.Add.ScatterPoints(xs, ys);
        points.MarkerSize = 4;
        if (xs.Length > 0)
        {
            double lo = Math.Min(xs.Min(), ys.Min()), hi = Math.Max(xs.Max(), ys.Max());
            var identity = plot.Add.Line(lo, lo, hi, hi);
            identity.LinePattern = LinePattern.Dashed;
            identity.Color = Colors.Gray;
        }
        plot.Title(title);
        plot.XLabel("observed");
        plot.YLabel("predicted");
        Save(plot, path);
    }

    private static void AddLine(Plot plot, IReadOnlyList<double> values, string label, Color color, LinePattern pattern)
    {
        if (values.Count == 0)
            return;
        double[] epochs = Enumerable.Range(1, values.Count).Select(e => (double)e).ToArray();
        var line = plot.Add.ScatterLine(epochs, values.ToArray());
        line.LegendText = label;
        line.Color = color;
        line.LinePattern = pattern;
    }

    private static void Save(Plot plot, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        plot.SavePng(path, Width, Height);
    }
}
