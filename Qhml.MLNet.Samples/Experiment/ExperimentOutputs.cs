using System.Globalization;
using System.Text;
using Qhml.MLNet.Experiments;
using ScottPlot;

namespace Qhml.MLNet.Samples.Experiment;

/// <summary>The files of the <c>experiment</c> command: leaderboard.csv and best-so-far.png.</summary>
public static class ExperimentOutputs
{
    /// <summary>The leaderboard file's header.</summary>
    public const string LeaderboardHeader = "rank,trial,family,rung,status,metric,mean,sd,seconds,finished_at,configuration,error";

    /// <summary>Writes the leaderboard, best first, one row per trial (invariant culture).</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="leaderboard">The ranked trials.</param>
    /// <param name="metric">The metric.</param>
    public static void WriteLeaderboard(string path, IReadOnlyList<TrialResult> leaderboard, ExperimentMetric metric)
    {
        var text = new StringBuilder(LeaderboardHeader).Append('\n');
        for (int i = 0; i < leaderboard.Count; i++)
        {
            TrialResult t = leaderboard[i];
            text.Append(string.Join(',', I(i + 1), I(t.TrialId), Quote(t.Family), I(t.Rung), t.Status, metric,
                N(t.MetricMean), N(t.MetricStandardDeviation), N(t.TrainingSeconds), N(t.FinishedAtSeconds),
                Quote(t.Configuration), Quote(t.Error ?? ""))).Append('\n');
        }
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
    }

    /// <summary>Best metric found so far against experiment time, one step line per family (failed trials skipped).</summary>
    /// <param name="path">The PNG file.</param>
    /// <param name="trials">Every trial.</param>
    /// <param name="metric">The metric.</param>
    /// <param name="title">Plot title.</param>
    public static void WriteBestSoFar(string path, IReadOnlyList<TrialResult> trials, ExperimentMetric metric, string title)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int index = 0;
        foreach (var family in trials.Where(t => t.Status == TrialStatus.Succeeded).GroupBy(t => t.Family).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var xs = new List<double>();
            var ys = new List<double>();
            double best = double.NaN;
            foreach (TrialResult t in family.OrderBy(t => t.FinishedAtSeconds))
            {
                if (metric.IsBetter(t.MetricMean, best))
                    best = t.MetricMean;
                xs.Add(t.FinishedAtSeconds);
                ys.Add(best);
            }
            var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray());
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LegendText = family.Key;
            line.Color = palette.GetColor(index++ % 10);
            line.LineWidth = 2;
            line.MarkerSize = 5;
        }
        plot.Title(title);
        plot.XLabel("experiment time (s)");
        plot.YLabel($"best {metric} so far (CV mean)");
        plot.ShowLegend(Edge.Right);
        plot.SavePng(path, 1200, 650);
    }

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string N(double v) => double.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture);

    private static string Quote(string s) => ExperimentResultsFile.Csv(s);
}
