using Qhml.MLNet.Data;

namespace Qhml.MLNet.Tests.Data;

public sealed class GdscDataLocatorTests
{
    [Fact]
    public void FindsTheSolutionDirectoryAboveTheTestBinaries()
    {
        var root = GdscDataLocator.FindSolutionDirectory();

        Assert.NotNull(root);
        Assert.True(File.Exists(Path.Combine(root, GdscDataLocator.SolutionFileName)));
        Assert.StartsWith(root, AppContext.BaseDirectory);
    }

    [Fact]
    public void DefaultFolderIsNextToTheRepositoryRootOrNull()
    {
        var folder = GdscDataLocator.FindDefaultDataFolder();
        var expected = Path.GetFullPath(Path.Combine(GdscDataLocator.FindSolutionDirectory()!, "../shared/data/gdsc2"));

        if (File.Exists(Path.Combine(expected, "expression.csv")))
            Assert.Equal(expected, folder);
        else
            Assert.Null(folder);
    }

    [Fact]
    public void MissingDefaultMessageSaysDataAbsentAndNamesTheFallback()
    {
        var message = GdscDataLocator.DescribeMissingDefault();

        Assert.StartsWith("The GDSC2 data is absent (../shared/data/gdsc2 relative to the repository root: ", message);
        Assert.EndsWith("The synthetic generator (SyntheticGdscGenerator.Generate) is the fallback.", message);
    }

    [Fact]
    public void RepositoryWithoutDataGivesNullAndAMessageNamingTheExpectedFolder()
    {
        using var temp = new TempDataFolder();
        var repo = Directory.CreateDirectory(Path.Combine(temp.Path, "repo", "src", "bin")).Parent!.Parent!.FullName;
        File.WriteAllText(Path.Combine(repo, GdscDataLocator.SolutionFileName), "");
        string[] starts = [Path.Combine(repo, "src", "bin")];

        Assert.Equal(repo, GdscDataLocator.FindSolutionDirectory(starts));
        Assert.Null(GdscDataLocator.FindDefaultDataFolder(starts));
        var expected = Path.GetFullPath(Path.Combine(repo, "../shared/data/gdsc2"));
        Assert.Equal(
            $"The GDSC2 data is absent (../shared/data/gdsc2 relative to the repository root: '{expected}' does not exist or has no expression.csv). " +
            "The synthetic generator (SyntheticGdscGenerator.Generate) is the fallback.",
            GdscDataLocator.DescribeMissingDefault(starts));

        Directory.CreateDirectory(expected);
        File.WriteAllText(Path.Combine(expected, "expression.csv"), "depmap_id,G\n");
        Assert.Equal(expected, GdscDataLocator.FindDefaultDataFolder(starts));
    }

    [Fact]
    public void NoRepositoryAboveTheStartIsReported()
    {
        using var temp = new TempDataFolder();
        string[] starts = [temp.Path];

        Assert.Null(GdscDataLocator.FindSolutionDirectory(starts));
        Assert.Null(GdscDataLocator.FindDefaultDataFolder(starts));
        Assert.Contains($"no folder containing Qhml.MLNet.sln was found above '{temp.Path}'", GdscDataLocator.DescribeMissingDefault(starts));
    }
}
