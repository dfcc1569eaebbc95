using Spectre.Console;

namespace Qhml.MLNet.Samples.Cli;

/// <summary>Turns the errors a user can cause (bad names, missing files, malformed data) into one clear line and exit code 1.</summary>
internal static class CliErrors
{
    /// <summary>Set to 1 to get the stack trace of an unexpected error (a bug) after its one-line message.</summary>
    public const string StackTraceVariable = "QHML_STACKTRACE";

    /// <summary>Runs a command body; errors print as one "error: ..." line on stderr and return 1.</summary>
    public static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or FormatException or InvalidOperationException or UnauthorizedAccessException)
        {
            // ArgumentException appends " (Parameter 'x')": noise for a command-line user.
            WriteLine(ex is ArgumentException { ParamName: { } name } ? ex.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : ex.Message);
            return 1;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A bug, not a user error: still one line (never a 45-line trace in a user's log), the trace on request.
            WriteLine($"unexpected {ex.GetType().Name}: {ex.Message} (set {StackTraceVariable}=1 for the stack trace)");
            if (Environment.GetEnvironmentVariable(StackTraceVariable) == "1")
                Console.Error.WriteLine(ex);
            return 1;
        }
    }

    /// <summary>Writes one error line to stderr: line breaks in the message become spaces, and nothing wraps it at a
    /// console width (Spectre.Console would break it at 80 columns when piped, at the window width otherwise).</summary>
    public static void WriteLine(string message)
    {
        string line = string.Join(' ', message.Split(["\r\n", "\n", "\r"], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        if (!Console.IsErrorRedirected)
        {
            // At a terminal only the short prefix goes through Spectre (for its color); the message is plain text.
            AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }).Markup("[red]error:[/] ");
            Console.Error.WriteLine(line);
            return;
        }
        Console.Error.WriteLine($"error: {line}");
    }
}
