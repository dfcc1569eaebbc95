using Qhml.MLNet.Data;

namespace Qhml.MLNet.Tests.Data;

/// <summary>A fact that needs the real GDSC2 data; skipped with a clear message when it is absent.</summary>
public sealed class RealDataFactAttribute : FactAttribute
{
    public RealDataFactAttribute()
    {
        if (GdscDataLocator.FindDefaultDataFolder() is null)
            Skip = "Real GDSC2 data not found: " + GdscDataLocator.DescribeMissingDefault();
    }
}
