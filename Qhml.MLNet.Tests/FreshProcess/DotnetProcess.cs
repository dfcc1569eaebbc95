using System.Diagnostics;

namespace Qhml.MLNet.Tests.FreshProcess;

/// <summary>
/// An assembly's entry point in a new process (<c>dotnet exec</c> with its runtimeconfig and deps), its standard
/// output and error read to their ends as it runs, so a full pipe never blocks it and nothing is read half-written.
/// </summary>
internal sealed class DotnetProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _output, _error;

    private DotnetProcess(Process process)
    {
        _process = process;
        _output = process.StandardOutput.ReadToEndAsync();
        _error = process.StandardError.ReadToEndAsync();
    }

    /// <summary>Starts <paramref name="assembly"/>'s entry point with <paramref name="arguments"/>.</summary>
    public static DotnetProcess Start(System.Reflection.Assembly assembly, params string[] arguments)
    {
        string path = assembly.Location, baseName = Path.ChangeExtension(path, null);
        var start = new ProcessStartInfo(DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in (string[])["exec", "--runtimeconfig", baseName + ".runtimeconfig.json", "--depsfile", baseName + ".deps.json", path, .. arguments])
            start.ArgumentList.Add(a);
        return new DotnetProcess(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {path}."));
    }

    /// <summary>Waits for the end of the process and of its output; kills it and throws past <paramref name="timeout"/>.</summary>
    public (int ExitCode, string StandardOutput, string StandardError) WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The process did not finish within {timeout}.");
        }
        return (_process.ExitCode, _output.Result, _error.Result);
    }

    public void Dispose() => _process.Dispose();

    /// <summary>The dotnet host: the one running this process if it is dotnet, else DOTNET_HOST_PATH, else dotnet on PATH.</summary>
    private static string DotnetHost()
    {
        string? current = Environment.ProcessPath;
        if (current != null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            return current;
        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
    }
}
