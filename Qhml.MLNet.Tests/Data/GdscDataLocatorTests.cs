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
}
