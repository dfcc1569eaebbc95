using ScottPlot;

namespace Qhml.MLNet.Samples.Study;

/// <summary>The hardware study's figure: the change in test Pearson r against shots and against the two-qubit error rate.</summary>
public static class HardwareStudyFigures
{
    /// <summary>One panel: mean change of Pearson r (vs exact) with one SD error bars, and the -0.01 tolerance line.</summary>
    /// <param name="path">PNG file to write.</param>
    /// <param name="title">Plot title.</param>
    /// <param name="xLabel">X-axis label.</param>
    /// <param name="xs">X values (already transformed, e.g. log10 shots).</param>
    /// <param name="meanDelta">Mean r - r(exact) per x.</param>
    /// <param name="sdDelta">Its SD over drugs and seeds per x.</param>
    /// <param name="tickLabels">Tick labels for the x values.</param>
    public static void DeltaPearson(string path, string title, string xLabel, double[] xs, double[] meanDelta, double[] sdDelta, string[] tickLabels)
    {
        ArgumentNullException.ThrowIfNull(xs);
        var plot = new Plot();
        var line = plot.Add.Scatter(xs, meanDelta);
        line.LegendText = "mean over drugs x seeds (± SD)";
        plot.Add.ErrorBar(xs, meanDelta, sdDelta).Color = line.Color;
        var tolerance = plot.Add.HorizontalLine(-0.01);
        tolerance.LinePattern = LinePattern.Dashed;
        tolerance.LegendText = "exact - 0.01";
        var zero = plot.Add.HorizontalLine(0);
        zero.Color = Colors.Gray;
        plot.Axes.Bottom.SetTicks(xs, tickLabels);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel("Pearson r - Pearson r (exact)");
        plot.ShowLegend(Edge.Bottom);
        plot.SavePng(path, 700, 450);
    }
}
