using Qhml.MLNet.Samples.Cli;

namespace Qhml.MLNet.Tests.Study;

/// <summary>Runs the samples CLI (or a body) in-process with Console.Error captured; callers are in <see cref="ConsoleErrorCollection"/>.</summary>
internal static class CapturedCli
{
    /// <summary>Parses and invokes <paramref name="args"/>; returns the exit code and what went to stderr.</summary>
    public static (int Exit, string Error) Run(params string[] args) => Capture(() => SamplesCli.Create().Parse(args).Invoke());

    /// <summary>Runs <paramref name="body"/>; returns its result and what went to stderr.</summary>
    public static (int Exit, string Error) Capture(Func<int> body)
    {
        var error = new StringWriter();
        TextWriter original = Console.Error;
        Console.SetError(error);
        try
        {
            return (body(), error.ToString());
        }
        finally
        {
            Console.SetError(original);
        }
    }
}
