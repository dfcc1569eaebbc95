using Spectre.Console;

namespace Qhml.MLNet.Samples.Cli;

/// <summary>Turns the errors a user can cause (bad names, missing files, malformed data) into one clear line and exit code 1.</summary>
internal static class CliErrors
{
    /// <summary>Runs a command body; expected errors print as "error: ..." on stderr and return 1.</summary>
    public static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or FormatException or InvalidOperationException or UnauthorizedAccessException)
        {
            // ArgumentException appends " (Parameter 'x')": noise for a command-line user.
            string message = ex is ArgumentException { ParamName: { } name } ? ex.Message.Replace($" (Parameter '{name}')", "") : ex.Message;
            if (Console.IsErrorRedirected)
            {
                // Piped or logged: one plain line, never wrapped at a guessed console width.
                Console.Error.WriteLine($"error: {message}");
                return 1;
            }
            var error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            error.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
            return 1;
        }
    }
}
