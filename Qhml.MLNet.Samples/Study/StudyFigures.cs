using ScottPlot;

namespace Qhml.MLNet.Samples.Study;

/// <summary>A named curve over training epochs.</summary>
/// <param name="Label">Legend text.</param>
/// <param name="TrainingLosses">Training loss per epoch.</param>
/// <param name="ValidationLosses">Validation loss per epoch (may be empty).</param>
public sealed record LearningCurve(string Label, IReadOnlyList<double> TrainingLosses, IReadOnlyList<double> ValidationLosses)
{
    /// <summary>The epoch whose weights the trainer keeps: the lowest validation loss (1-based; 0 without validation).</summary>
    public int KeptEpoch => ValidationLosses.Count == 0 ? 0
        : 1 + Enumerable.Range(0, ValidationLosses.Count).Where(i => double.IsFinite(ValidationLosses[i]))
            .DefaultIfEmpty(-1).MinBy(i => i < 0 ? double.PositiveInfinity : ValidationLosses[i]);
}

/// <summary>One model's test predictions for the predicted-vs-observed figure.</summary>
/// <param name="Label">Legend text (model and its Pearson r).</param>
/// <param name="Observed">Observed values.</param>
/// <param name="Predicted">Predicted values, one per observation.</param>
public sealed record PredictionSeries(string Label, IReadOnlyList<float> Observed, IReadOnlyList<float> Predicted);

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

    private static readonly LinePattern[] Patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed];

    private static readonly MarkerShape[] Markers =
    [
        MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond,
        MarkerShape.OpenCircle, MarkerShape.OpenSquare, MarkerShape.OpenTriangleUp, MarkerShape.OpenDiamond,
        MarkerShape.Cross, MarkerShape.Eks, MarkerShape.FilledTriangleDown,
    ];

    /// <summary>
    /// The i-th series' color, line pattern and marker. Ten colors; the pattern changes every ten series and the
    /// marker cycles through eleven shapes, so no two of up to 40 series share the same combination, and the
    /// legend (which draws pattern and marker) tells apart the ~19 models of a study even where colors repeat.
    /// </summary>
    private static (Color Color, LinePattern Pattern, MarkerShape Marker) SeriesStyle(int i)
        => (Palette.GetColor(i % 10), Patterns[(i / 10) % Patterns.Length], Markers[i % Markers.Length]);

    /// <summary>Legend outside the data area, on the right, so it never hides curves.</summary>
    private static void LegendRight(Plot plot) => plot.ShowLegend(Edge.Right);

    /// <summary>
    /// Where circuit inputs land: one density curve per normalization (counts scaled to fractions), so
    /// piling up at the ends of the range (saturation) is visible at a glance.
    /// </summary>
    /// <param name="path">PNG file to write.</param>
    /// <param name="series">One histogram per normalization.</param>
    /// <param name="context">Drug, training sizes and seeds the histograms sum over (in the title).</param>
    public static void InterfaceHistograms(string path, IReadOnlyList<HistogramSeries> series, string context = "")
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
            (line.Color, line.LinePattern, line.MarkerShape) = SeriesStyle(index);
            line.MarkerSize = 6;
            line.LineWidth = 2;
        }
        plot.Title(WithContext("Interface values (circuit input angles) per normalization", context));
        plot.XLabel("interface value: circuit input angle (rad)");
        plot.YLabel("fraction of values per bin");
        LegendRight(plot);
        Save(plot, path);
    }

    /// <summary>
    /// Training (solid) and validation (dashed) loss per epoch, one color and marker per model; a large open
    /// circle marks the kept epoch (lowest validation loss) on each validation curve.
    /// </summary>
    /// <param name="path">PNG file to write.</param>
    /// <param name="curves">One curve per model (or run).</param>
    /// <param name="context">Drug, training size and seed (in the title).</param>
    public static void LearningCurves(string path, IReadOnlyList<LearningCurve> curves, string context = "")
    {
        ArgumentNullException.ThrowIfNull(curves);
        var plot = NewPlot();
        for (int index = 0; index < curves.Count; index++)
        {
            LearningCurve c = curves[index];
            var (color, _, marker) = SeriesStyle(index);
            AddLine(plot, c.TrainingLosses, $"{c.Label} (train)", color, LinePattern.Solid, marker);
            AddLine(plot, c.ValidationLosses, $"{c.Label} (validation)", color, LinePattern.Dashed, marker);
            if (c.KeptEpoch > 0)
            {
                var kept = plot.Add.ScatterPoints(new[] { (double)c.KeptEpoch }, new[] { c.ValidationLosses[c.KeptEpoch - 1] });
                kept.Color = color;
                kept.MarkerShape = MarkerShape.OpenCircle;
                kept.MarkerSize = 18;
                kept.MarkerLineWidth = 2;
                kept.LegendText = index == 0 ? "kept epoch (lowest validation loss)" : "";
            }
        }
        plot.Title(WithContext("Learning curves", context));
        plot.XLabel("epoch");
        plot.YLabel("loss (squared error on the standardized ln IC50)");
        LegendRight(plot);
        Save(plot, path);
    }

    /// <summary>Mean Pearson r against training size, one line per model, error bars of one seed-to-seed SD (or what <paramref name="spread"/> names).</summary>
    /// <param name="path">PNG file to write.</param>
    /// <param name="curves">One curve per model.</param>
    /// <param name="context">Drug and seeds (in the title).</param>
    /// <param name="spread">What the error bars are, for the title.</param>
    public static void PearsonVsTrainSize(string path, IReadOnlyList<PearsonCurve> curves, string context = "", string spread = "SD over seeds")
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
            (line.Color, line.LinePattern, line.MarkerShape) = SeriesStyle(index);
            line.MarkerSize = 7;
            var bars = plot.Add.ErrorBar(xs, ys, errors);
            bars.Color = line.Color;
        }
        plot.Title(WithContext($"Pearson r vs training size (mean ± {spread})", context));
        plot.XLabel("training cell lines (n)");
        plot.YLabel("Pearson r (test)");
        LegendRight(plot);
        Save(plot, path);
    }

    /// <summary>Predicted against observed test values of one or more models (e.g. the best QHML model beside the best built-in), with the identity line.</summary>
    /// <param name="path">PNG file to write.</param>
    /// <param name="title">Plot title (drug, training size, seed).</param>
    /// <param name="series">One point set per model.</param>
    public static void PredictedVsObserved(string path, string title, IReadOnlyList<PredictionSeries> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var plot = NewPlot();
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        for (int index = 0; index < series.Count; index++)
        {
            PredictionSeries s = series[index];
            if (s.Observed.Count != s.Predicted.Count)
                throw new ArgumentException($"'{s.Label}': {s.Observed.Count} observed but {s.Predicted.Count} predicted values.", nameof(series));
            double[] xs = s.Observed.Select(v => (double)v).ToArray();
            double[] ys = s.Predicted.Select(v => (double)v).ToArray();
            var points = plot.Add.ScatterPoints(xs, ys);
            (points.Color, _, points.MarkerShape) = SeriesStyle(index);
            points.MarkerSize = 5;
            points.LegendText = s.Label;
            if (xs.Length > 0)
            {
                lo = Math.Min(lo, Math.Min(xs.Min(), ys.Min()));
                hi = Math.Max(hi, Math.Max(xs.Max(), ys.Max()));
            }
        }
        if (lo < hi)
        {
            var identity = plot.Add.Line(lo, lo, hi, hi);
            identity.LinePattern = LinePattern.Dashed;
            identity.Color = Colors.Gray;
            identity.LegendText = "predicted = observed";
        }
        plot.Title(title);
        plot.XLabel("observed ln IC50");
        plot.YLabel("predicted ln IC50");
        LegendRight(plot);
        Save(plot, path);
    }

    /// <summary>Predicted against observed test values of one model, with the identity line.</summary>
    /// <param name="path">PNG file to write.</param>
    /// <param name="title">Plot title (say which model, drug, size and seed).</param>
    /// <param name="observed">Observed values.</param>
    /// <param name="predicted">Predicted values, one per observation.</param>
    public static void PredictedVsObserved(string path, string title, IReadOnlyList<float> observed, IReadOnlyList<float> predicted)
    {
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(predicted);
        if (observed.Count != predicted.Count)
            throw new ArgumentException($"{observed.Count} observed but {predicted.Count} predicted values.", nameof(predicted));
        PredictedVsObserved(path, title, [new PredictionSeries("test lines", observed, predicted)]);
    }

    private static string WithContext(string title, string context) => string.IsNullOrEmpty(context) ? title : $"{title}: {context}";

    private static void AddLine(Plot plot, IReadOnlyList<double> values, string label, Color color, LinePattern pattern, MarkerShape marker)
    {
        if (values.Count == 0)
            return;
        double[] epochs = Enumerable.Range(1, values.Count).Select(e => (double)e).ToArray();
        var line = plot.Add.ScatterLine(epochs, values.ToArray());
        line.LegendText = label;
        line.Color = color;
        line.LinePattern = pattern;
        line.MarkerShape = marker;
        line.MarkerSize = 5;
    }

    private static void Save(Plot plot, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        plot.SavePng(path, Width, Height);
    }
}
