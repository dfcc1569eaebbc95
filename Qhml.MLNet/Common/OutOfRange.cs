using System.Globalization;

namespace Qhml.MLNet.Common;

/// <summary>Builds <see cref="ArgumentOutOfRangeException"/>s whose whole message is culture-invariant.</summary>
internal static class OutOfRange
{
    /// <summary>
    /// An exception for <paramref name="paramName"/> with <paramref name="actualValue"/> as invariant text. The
    /// framework writes its "Actual value was ..." line with the reader's current culture when the message is read,
    /// so a typed 1.5 would read "1,5" for some users; as text it reads "1.5" for every user.
    /// </summary>
    public static ArgumentOutOfRangeException Exception(string paramName, object? actualValue, string message)
        => new(paramName, Convert.ToString(actualValue, CultureInfo.InvariantCulture), message);
}
