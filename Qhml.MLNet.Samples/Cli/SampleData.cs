using Qhml.MLNet.Data;
using Spectre.Console;

namespace Qhml.MLNet.Samples.Cli;

/// <summary>Where the samples get their data: a folder given with <c>--data</c>, else the synthetic generator.</summary>
public static class SampleData
{
    /// <summary>Loads the GDSC tidy CSVs from <paramref name="folder"/>, or generates the synthetic default when it is null.</summary>
    /// <param name="console">Where to say which data is used.</param>
    /// <param name="folder">The data folder, or null for synthetic data.</param>
    /// <returns>The data set.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static GdscDataset Load(IAnsiConsole console, string? folder)
    {
        if (folder is null)
        {
            GdscDataset synthetic = SyntheticGdscGenerator.Generate();
            console.MarkupLine($"[grey]Data:[/] {Markup.Escape(synthetic.Source)}. Pass --data <dir> for real data.");
            return synthetic;
        }
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"The data folder '{Path.GetFullPath(folder)}' does not exist. Pass the folder holding expression.csv and response.csv (e.g. ../shared/data/gdsc2).");
        GdscDataset real = GdscTidyLoader.Load(folder);
        console.MarkupLine($"[grey]Data:[/] {Markup.Escape(real.Source)} ({real.CellLineCount} cell lines, {real.GeneCount} genes, {real.DrugCount} drugs).");
        return real;
    }
}
