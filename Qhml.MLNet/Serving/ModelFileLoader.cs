using Microsoft.ML;

namespace Qhml.MLNet.Serving;

/// <summary>
/// The one place serving turns model bytes into a transformer. A model file is untrusted input, so it goes through
/// <c>mlContext.Model.LoadGuarded</c> (zip CRCs and sizes verified, schemas dry-run, loading under a time bound), over
/// the very bytes that were hashed.
/// </summary>
internal static class ModelFileLoader
{
    /// <summary>Loads a model from the bytes read from <paramref name="filePath"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a loadable model; the message names the file and the reason.</exception>
    public static ITransformer Load(MLContext mlContext, byte[] bytes, string filePath, out DataViewSchema inputSchema)
    {
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            ITransformer model = mlContext.Model.LoadGuarded(stream, out DataViewSchema? saved);
            // A model saved without its input schema: no gene names, and row types must carry their own vector sizes.
            inputSchema = saved ?? new DataViewSchema.Builder().ToSchema();
            return model;
        }
        catch (ModelLoadException ex)
        {
            string where = ex.Component is null ? "" : $"{ex.Component}: ";
            throw new InvalidDataException($"'{filePath}' is not a loadable ML.NET model ({bytes.Length} bytes): {where}{OneLine(ex.Reason)}", ex);
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim().TrimEnd('.');
}
