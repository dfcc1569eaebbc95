namespace Qhml.MLNet.Samples.Cli;

/// <summary>
/// Checks, before any computing, that results can be written where the user asked: a study or a training run used
/// to find an unwritable destination only at the end, losing the work.
/// </summary>
internal static class OutputPaths
{
    /// <summary>Creates the folder of <paramref name="filePath"/> and checks that the file can be written.</summary>
    /// <exception cref="IOException">The destination is a folder, or cannot be written.</exception>
    public static void CheckWritableFile(string filePath, string option)
    {
        if (Directory.Exists(filePath))
            throw new IOException($"{option} '{filePath}' is a folder; give a file name.");
        CheckWritableFolder(Path.GetDirectoryName(Path.GetFullPath(filePath))!, option);
        if (File.Exists(filePath))
        {
            try
            {
                using var probe = new FileStream(filePath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new IOException($"{option} '{filePath}' cannot be overwritten: {e.Message}", e);
            }
        }
    }

    /// <summary>Creates <paramref name="folder"/> and checks that a file can be written in it.</summary>
    /// <exception cref="IOException">The folder cannot be created or written.</exception>
    public static void CheckWritableFolder(string folder, string option)
    {
        string probe = Path.Combine(folder, $".qhml-write-check-{Environment.ProcessId}");
        try
        {
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{option} '{folder}' cannot be written ({e.Message}); nothing was computed.", e);
        }
    }
}
