namespace Qhml.MLNet.Tests;

/// <summary>Checks that an exception's message names everything the user needs to find the problem.</summary>
internal static class MessageAssert
{
    /// <summary>Asserts <paramref name="e"/>'s message contains each of <paramref name="parts"/> (each checked on its own).</summary>
    public static void Mentions(Exception e, params string[] parts)
    {
        foreach (string part in parts)
            Assert.Contains(part, e.Message);
    }
}
