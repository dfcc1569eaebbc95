using Qhml.MLNet.Data;

namespace Qhml.MLNet.Tests;

/// <summary>A fact that needs the real GDSC2 data (../shared/data/gdsc2 next to the repository root, found by
/// <see cref="GdscDataLocator"/>); skipped, saying where it looked, when absent.</summary>
public sealed class RealDataFactAttribute : FactAttribute
{
    public RealDataFactAttribute()
    {
        if (GdscDataLocator.FindDefaultDataFolder() is null)
            Skip = "Real GDSC2 data not found: " + GdscDataLocator.DescribeMissingDefault();
    }
}
