using System.CommandLine;
using Qhml.MLNet.Samples.Cli;

namespace Qhml.MLNet.Tests.Study;

public class SamplesCliTests
{
    [Fact]
    public void StudyOptionsParseCommaSeparatedLists()
    {
        ParseResult parse = SamplesCli.Create().Parse(["study", "--drugs", "Venetoclax,Sorafenib", "--sizes", "50,100", "--seeds", "3"]);

        Assert.Empty(parse.Errors);
        Assert.Equal(["Venetoclax", "Sorafenib"], parse.GetValue<string[]>("--drugs")!);
        Assert.Equal([50, 100], parse.GetValue<int[]>("--sizes")!);
        Assert.Equal(3, parse.GetValue<int>("--seeds"));
    }

    [Fact]
    public void OmittedSizesAndSeedsTakeTheStudyDefaults()
    {
        ParseResult parse = SamplesCli.Create().Parse(["study"]);

        Assert.Empty(parse.Errors);
        Assert.Equal([50, 100, 200, 400], parse.GetValue<int[]>("--sizes")!);
        Assert.Equal(5, parse.GetValue<int>("--seeds"));
    }

    [Theory]
    [InlineData("--sizes", "50,x", "--sizes: 'x' is not an integer >= 2")]
    [InlineData("--sizes", "1", "--sizes: '1' is not an integer >= 2")]
    [InlineData("--seeds", "0", "--seeds: '0' is not an integer >= 1")]
    public void BadNumbersGiveSpecificErrors(string option, string value, string expected)
    {
        ParseResult parse = SamplesCli.Create().Parse(["study", option, value]);

        Assert.Contains(parse.Errors, e => e.Message.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void PredictRequiresModelAndInput()
    {
        ParseResult parse = SamplesCli.Create().Parse(["predict"]);

        Assert.Contains(parse.Errors, e => e.Message.Contains("--model", StringComparison.Ordinal));
        Assert.Contains(parse.Errors, e => e.Message.Contains("--input", StringComparison.Ordinal));
    }
}
