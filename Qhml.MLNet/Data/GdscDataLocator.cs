namespace Qhml.MLNet.Data;

/// <summary>
/// Finds the project's default real-data folder: walks up from <see cref="AppContext.BaseDirectory"/>, then from
/// the current directory, to the first folder holding <see cref="SolutionFileName"/>, and looks for
/// <see cref="RelativeDataPath"/> next to it. The folder lives outside the repository, so a fresh machine will
/// not have it; callers then say so and fall back to <see cref="SyntheticGdscGenerator"/>.
/// </summary>
public static class GdscDataLocator
{
    /// <summary>The file that marks the repository root.</summary>
    public const string SolutionFileName = "Qhml.MLNet.sln";

    /// <summary>The data folder, relative to the repository root.</summary>
    public const string RelativeDataPath = "../shared/data/gdsc2";

    /// <summary>The folder containing <see cref="SolutionFileName"/>, or null when no ancestor of the start folders has it.</summary>
    public static string? FindSolutionDirectory() => FindSolutionDirectory(StartDirectories());

    internal static string? FindSolutionDirectory(IEnumerable<string> startDirectories)
    {
        foreach (var start in startDirectories)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, SolutionFileName)))
                    return dir.FullName;
            }
        }
        return null;
    }

    /// <summary>
    /// Full path of the default GDSC2 folder when it exists and holds <see cref="GdscTidyLoader.ExpressionFileName"/>;
    /// null otherwise (no repository root found, or no data next to it).
    /// </summary>
    public static string? FindDefaultDataFolder() => FindDefaultDataFolder(StartDirectories());

    internal static string? FindDefaultDataFolder(IEnumerable<string> startDirectories)
    {
        var root = FindSolutionDirectory(startDirectories);
        if (root is null)
            return null;
        var folder = Path.GetFullPath(Path.Combine(root, RelativeDataPath));
        return File.Exists(Path.Combine(folder, GdscTidyLoader.ExpressionFileName)) ? folder : null;
    }

    /// <summary>A sentence saying where the default folder was looked for and that the synthetic generator is the fallback.</summary>
    public static string DescribeMissingDefault() => DescribeMissingDefault(StartDirectories());

    internal static string DescribeMissingDefault(IEnumerable<string> startDirectories)
    {
        var starts = startDirectories.ToList();
        var root = FindSolutionDirectory(starts);
        var where = root is null
            ? $"no folder containing {SolutionFileName} was found above '{string.Join("' or '", starts)}'"
            : $"'{Path.GetFullPath(Path.Combine(root, RelativeDataPath))}' does not exist or has no {GdscTidyLoader.ExpressionFileName}";
        return $"The GDSC2 data is absent ({RelativeDataPath} relative to the repository root: {where}). " +
               $"The synthetic generator ({nameof(SyntheticGdscGenerator)}.{nameof(SyntheticGdscGenerator.Generate)}) is the fallback.";
    }

    private static IEnumerable<string> StartDirectories()
        => new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() }.Distinct(StringComparer.Ordinal);
}
