using Qhml.MLNet.Study;

namespace Qhml.MLNet.Tests.Study;

public class RunDiagnosticsTests
{
    [Theory]
    [InlineData(new[] { 2.0, 1.0, 0.5 }, new[] { 2.0, 1.5, 1.4 }, false)]
    [InlineData(new[] { 2.0, 1.0, 0.5 }, new[] { 2.0, 1.5, 2.1 }, true)]  // validation ends above its start
    [InlineData(new[] { 2.0, double.NaN }, new double[0], true)]           // NaN training loss
    [InlineData(new[] { 2.0, 1.0 }, new[] { 1.0, double.PositiveInfinity }, true)]
    [InlineData(new[] { 2.0, 1.0 }, new double[0], false)]                  // no validation data: only NaN counts
    public void DivergedFollowsTheStudyDefinition(double[] training, double[] validation, bool expected)
    {
        Assert.Equal(expected, new RunDiagnostics(training, validation, 0.0, null).Diverged);
    }

    [Fact]
    public void HistogramBinsValuesAndClampsTheEnds()
    {
        InterfaceHistogram h = InterfaceHistogram.FromValues([-2.0, -0.9, -0.1, 0.1, 0.2, 0.99, 5.0, double.NaN], -1, 1, 4);

        Assert.Equal([-1.0, -0.5, 0.0, 0.5, 1.0], h.BinEdges);
        Assert.Equal([2.0, 1.0, 2.0, 2.0], h.Counts);
    }
}
