using Microsoft.ML;

namespace Qhml.MLNet.Serving;

/// <summary>
/// The one place serving turns model bytes into a transformer. A model file is untrusted input: this is the seam where
/// the guarded loader (checksums, bounded fields, one clear message) plugs in.
/// </summary>
internal static class ModelFileLoader
{
    /// <summary>Loads a model from the bytes read from <paramref name="filePath"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a loadable model; the message names the file.</exception>
    public static ITransformer Load(MLContext mlContext, byte[] bytes, string filePath, out DataViewSchema inputSchema)
    {
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            return mlContext.Model.Load(stream, out inputSchema);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidDataException($"'{filePath}' is not a loadable ML.NET model ({bytes.Length} bytes): {OneLine(ex.Message)}", ex);
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
