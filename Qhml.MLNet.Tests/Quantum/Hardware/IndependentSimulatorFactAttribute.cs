using System.Diagnostics;

namespace Qhml.MLNet.Tests.Quantum.Hardware;

/// <summary>
/// A fact that needs node and the quantum-circuit npm package installed in build/qasm-crosscheck
/// (<c>cd build/qasm-crosscheck &amp;&amp; npm install</c>); skipped, saying so, when either is absent.
/// </summary>
public sealed class IndependentSimulatorFactAttribute : FactAttribute
{
    public IndependentSimulatorFactAttribute()
    {
        if (ScriptFolder is null)
            Skip = "The independent OpenQASM simulator is not installed: run 'npm install' in build/qasm-crosscheck (needs node).";
        else if (!NodeRuns())
            Skip = "node is not on PATH, so the independent OpenQASM simulator (build/qasm-crosscheck) cannot run.";
    }

    /// <summary>build/qasm-crosscheck when its node_modules holds quantum-circuit, else null.</summary>
    public static string? ScriptFolder
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                string folder = Path.Combine(dir.FullName, "build", "qasm-crosscheck");
                if (File.Exists(Path.Combine(folder, "crosscheck.mjs")))
                    return Directory.Exists(Path.Combine(folder, "node_modules", "quantum-circuit")) ? folder : null;
            }
            return null;
        }
    }

    private static bool NodeRuns()
    {
        try
        {
            using var node = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true, UseShellExecute = false });
            if (node is null)
                return false;
            node.WaitForExit(10_000);
            return node.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
