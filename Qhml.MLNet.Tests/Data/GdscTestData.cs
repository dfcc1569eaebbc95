using Qhml.MLNet.Data;

namespace Qhml.MLNet.Tests.Data;

/// <summary>Builds tiny datasets through the tidy loader (the public path) for API tests.</summary>
internal static class GdscTestData
{
    public static GdscDataset WithDrugs(params string[] drugs)
    {
        using var folder = new TempDataFolder();
        var response = "depmap_id,drug_name,ln_ic50\n" +
                       string.Concat(drugs.Select((d, i) => $"ACH-000001,{d},{i}\nACH-000002,{d},{i + 0.5}\n"));
        return GdscTidyLoader.Load(TidyFixture.WriteFolder(folder, TidyFixture.Expression, response));
    }
}
