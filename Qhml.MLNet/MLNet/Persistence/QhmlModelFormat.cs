using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace Qhml.MLNet.Persistence;

/// <summary>
/// The one place that builds ML.NET <see cref="VersionInfo"/> headers for Qhml.MLNet components, so
/// every saved component names this assembly as its loader and <c>MLContext.Model.Load</c> in a fresh
/// process finds it (ML.NET loads the named assembly and registers its <c>LoadableClass</c> attributes)
/// without any registration call by the user.
/// </summary>
internal static class QhmlModelFormat
{
    /// <summary>
    /// Simple name of this assembly, written into every model header. The simple name (not the full
    /// name) lets a newer package version load models written by an older one; compatibility of the
    /// bytes themselves is handled by each component's own version numbers.
    /// </summary>
    public static string LoaderAssemblyName { get; } = typeof(QhmlModelFormat).Assembly.GetName().Name!;

    /// <summary>
    /// Creates the version header of a component's model.
    /// </summary>
    /// <param name="modelSignature">Exactly eight ASCII characters identifying the format.</param>
    /// <param name="verWrittenCur">Version this code writes.</param>
    /// <param name="verReadableCur">Oldest reader version able to read what this code writes.</param>
    /// <param name="verWeCanReadBack">Oldest written version this code can still read.</param>
    /// <param name="loaderSignature">Name the component is registered under with <c>LoadableClass</c> (at most 24 characters).</param>
    public static VersionInfo Create(string modelSignature, uint verWrittenCur, uint verReadableCur, uint verWeCanReadBack, string loaderSignature)
        => new(modelSignature, verWrittenCur, verReadableCur, verWeCanReadBack, LoaderAssemblyName, loaderSignature);

    /// <summary>Reads a double array written by <see cref="WriteDoubles"/>, checking its length and that every value satisfies <paramref name="isValid"/>.</summary>
    public static double[] ReadDoubles(BinaryReader reader, IExceptionContext ectx, int expectedLength, Func<double, bool> isValid, string what)
    {
        int length = reader.ReadInt32();
        ectx.CheckDecode(length == expectedLength, string.Create(CultureInfo.InvariantCulture, $"Stored {what} has {length} values; expected {expectedLength}."));
        long remaining = reader.BaseStream.CanSeek ? reader.BaseStream.Length - reader.BaseStream.Position : long.MaxValue;
        ectx.CheckDecode(length <= remaining / sizeof(double), string.Create(CultureInfo.InvariantCulture, $"Stored {what} has {length} values; only {remaining} bytes remain."));
        var values = new double[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = reader.ReadDouble();
            if (!isValid(values[i]))
                throw ectx.ExceptDecode(string.Create(CultureInfo.InvariantCulture, $"Stored {what}[{i}] = {values[i]} is invalid."));
        }
        return values;
    }

    /// <summary>Writes a length-prefixed double array.</summary>
    public static void WriteDoubles(BinaryWriter writer, ReadOnlySpan<double> values)
    {
        writer.Write(values.Length);
        foreach (double v in values)
            writer.Write(v);
    }
}
