using System.Globalization;
using System.Text.RegularExpressions;
using Qhml.MLNet.Samples.Examples;

namespace Qhml.MLNet.Tests.Study;

public partial class SampleExamplesTests
{
    [Fact]
    public void SaveLoadPredictScoresThreeCellLinesThroughAPredictionEngine()
    {
        var output = new StringWriter();
        SaveLoadPredict.Run(output);

        double[] predictions = Numbers(PredictionLine().Matches(output.ToString()));
        Assert.Equal(3, predictions.Length);
        Assert.All(predictions, p => Assert.InRange(p, -10, 15)); // ln(IC50) scale
        Assert.True(predictions.Distinct().Count() > 1, "every cell line got the same prediction");
    }

    [Fact]
    public void CrossValidationReportsFiveFolds()
    {
        var output = new StringWriter();
        PipelineWithCrossValidation.Run(output);

        double[] rmse = Numbers(FoldLine().Matches(output.ToString()));
        Assert.Equal(5, rmse.Length);
        Assert.All(rmse, r => Assert.InRange(r, 0.1, 5));
    }

    [Fact]
    public void TransformExampleEvaluatesBothPipelines()
    {
        var output = new StringWriter();
        TransformBeforeBuiltInTrainer.Run(output);

        string text = output.ToString();
        Assert.Contains(", Sdca: test RMSE ", text);
        Assert.Contains(", NormalizeModeratedTanh -> Sdca: test RMSE ", text);
    }

    private static double[] Numbers(MatchCollection matches)
        => matches.Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();

    [GeneratedRegex(@"predicted ln\(IC50\) of \S+ = (-?[0-9.]+)")]
    private static partial Regex PredictionLine();

    [GeneratedRegex(@"fold \d: RMSE ([0-9.]+)")]
    private static partial Regex FoldLine();
}
