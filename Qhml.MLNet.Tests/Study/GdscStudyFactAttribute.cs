using Qhml.MLNet.Data;

namespace Qhml.MLNet.Tests.Study;

/// <summary>A fact that needs the real GDSC2 data (../shared/data/gdsc2 next to the repository root); skipped, saying where it looked, when absent.</summary>
public sealed class GdscStudyFactAttribute : FactAttribute
{
    public GdscStudyFactAttribute()
    {
        if (GdscDataLocator.FindDefaultDataFolder() is null)
            Skip = GdscDataLocator.DescribeMissingDefault();
    }
}
