using System.Globalization;

namespace Qhml.MLNet.Tests;

/// <summary>
/// Until disposed, makes the current culture one that writes 1.5 as "1,5" and 1000 as "1.000" (as de-DE does).
/// A modified clone of the invariant culture, because the tests run with InvariantGlobalization, where named
/// cultures may not exist. CultureInfo.CurrentCulture is per logical flow, so other tests are unaffected.
/// </summary>
internal sealed class DecimalCommaCulture : IDisposable
{
    private readonly CultureInfo _previousCulture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _previousUICulture = CultureInfo.CurrentUICulture;

    public DecimalCommaCulture()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NumberGroupSeparator = ".";
        culture.NumberFormat.PercentDecimalSeparator = ",";
        culture.NumberFormat.PercentGroupSeparator = ".";
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
    }

    public void Dispose()
    {
        CultureInfo.CurrentCulture = _previousCulture;
        CultureInfo.CurrentUICulture = _previousUICulture;
    }
}
