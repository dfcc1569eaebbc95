using Qhml.MLNet.Samples.Cli;

namespace Qhml.MLNet.Tests.Study;

/// <summary>CliErrors prints every error as one line, a bug included, never a stack trace by default.</summary>
[Collection(nameof(ConsoleErrorCollection))]
public sealed class CliErrorsTests
{
    [Fact]
    public void AMultiLineMessageBecomesOneLine()
    {
        var (exit, error) = Guard(() => throw new FormatException("first line\r\n  second line\nthird"));
        Assert.Equal(1, exit);
        Assert.Equal("first line second line third", Message(error));
    }

    [Fact]
    public void AnUnexpectedExceptionIsOneLineWithoutAStackTrace()
    {
        Assert.Null(Environment.GetEnvironmentVariable(CliErrors.StackTraceVariable));
        var (exit, error) = Guard(() => throw new NotSupportedException("something broke"));
        Assert.Equal(1, exit);
        Assert.Equal("unexpected NotSupportedException: something broke (set QHML_STACKTRACE=1 for the stack trace)", Message(error));
    }

    // Everything after the "error:" prefix (at a terminal the prefix carries colour codes); exactly one line.
    private static string Message(string error)
    {
        Assert.Single(error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.EndsWith(Environment.NewLine, error, StringComparison.Ordinal);
        int start = error.IndexOf("error:", StringComparison.Ordinal);
        Assert.True(start >= 0, error);
        string rest = error[(start + "error:".Length)..];
        int reset = rest.IndexOf(' ', StringComparison.Ordinal);
        return rest[(reset + 1)..].TrimEnd();
    }

    private static (int Exit, string Error) Guard(Func<int> body) => CapturedCli.Capture(() => CliErrors.Guard(body));
}
