using System.Globalization;
using System.Runtime.ExceptionServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Qhml.MLNet.Loading;

namespace Qhml.MLNet;

/// <summary>
/// <c>mlContext.Model.LoadGuarded</c>: the way to load a model file you did not just write yourself (a served model,
/// a file from disk or the network). Same result as <see cref="ModelOperationsCatalog.Load(string, out DataViewSchema)"/>
/// for a sound file; for a damaged or hostile one, one clear <see cref="ModelLoadException"/> instead of a silently
/// different model, a hang or a memory blow-up.
/// </summary>
/// <remarks>
/// <para>Before ML.NET parses anything the whole archive is read into memory (at most
/// <see cref="GuardedModelLoadOptions.MaximumFileBytes"/>) and every zip entry's size and CRC-32 are verified, so a
/// flipped bit, a truncated copy or an inflated entry is refused up front; what ML.NET then parses is exactly the
/// verified bytes. The stored schemas (ML.NET's binary data format, whose reader spins forever on a corrupt count) are
/// first read in full from a stream that throws at its end instead. The model is then loaded by ML.NET's own catalog under
/// <see cref="GuardedModelLoadOptions.Timeout"/>; Qhml's components check their own payload checksum and every stored
/// field. What remains: a file crafted with valid CRCs can still make a built-in ML.NET component's reader spin or
/// allocate (it trusts stored counts); the timeout turns the spin into an error but cannot stop the thread.</para>
/// </remarks>
public static class GuardedModelLoadingCatalog
{
    /// <summary>Loads a model saved with <c>mlContext.Model.Save</c>, verifying the file first.</summary>
    /// <param name="catalog">The <c>mlContext.Model</c> catalog.</param>
    /// <param name="filePath">The model file (.zip).</param>
    /// <param name="inputSchema">The schema the model was saved with; <see langword="null"/> if it was saved without one.</param>
    /// <param name="options">Limits; <see langword="null"/> for the defaults.</param>
    /// <returns>The loaded model.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelLoadException">The file is corrupt, truncated, too large, too new, or too slow to read.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters",
        Justification = "ML.NET's Model.Load shape: a path or a stream, then the same optional settings.")]
    public static ITransformer LoadGuarded(this ModelOperationsCatalog catalog, string filePath, out DataViewSchema? inputSchema, GuardedModelLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        options ??= new GuardedModelLoadOptions();
        options.Validate();
        var file = new FileInfo(filePath);
        if (!file.Exists)
            throw new FileNotFoundException($"The model file '{file.FullName}' does not exist.", file.FullName);
        if (file.Length > options.MaximumFileBytes)
            throw new ModelLoadException(file.FullName, null, Invariant($"the file has {file.Length} bytes; at most {options.MaximumFileBytes} are accepted (GuardedModelLoadOptions.MaximumFileBytes)."));
        return Load(catalog, File.ReadAllBytes(file.FullName), file.FullName, options, out inputSchema);
    }

    /// <summary>Loads a model saved with <c>mlContext.Model.Save</c> from a stream, verifying it first.</summary>
    /// <param name="catalog">The <c>mlContext.Model</c> catalog.</param>
    /// <param name="stream">The model (.zip) bytes; read to its end, not disposed.</param>
    /// <param name="inputSchema">The schema the model was saved with; <see langword="null"/> if it was saved without one.</param>
    /// <param name="options">Limits; <see langword="null"/> for the defaults.</param>
    /// <returns>The loaded model.</returns>
    /// <exception cref="ModelLoadException">The data is corrupt, truncated, too large, too new, or too slow to read.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters",
        Justification = "ML.NET's Model.Load shape: a path or a stream, then the same optional settings.")]
    public static ITransformer LoadGuarded(this ModelOperationsCatalog catalog, Stream stream, out DataViewSchema? inputSchema, GuardedModelLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(stream);
        options ??= new GuardedModelLoadOptions();
        options.Validate();
        const string source = "(stream)";
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (copy.Length + n > options.MaximumFileBytes)
                throw new ModelLoadException(source, null, Invariant($"the stream holds more than {options.MaximumFileBytes} bytes (GuardedModelLoadOptions.MaximumFileBytes)."));
            copy.Write(buffer, 0, n);
        }
        return Load(catalog, copy.ToArray(), source, options, out inputSchema);
    }

    private static ITransformer Load(ModelOperationsCatalog catalog, byte[] bytes, string source, GuardedModelLoadOptions options, out DataViewSchema? inputSchema)
    {
        var binaryData = ModelArchiveVerifier.Verify(bytes, source, options);
        IHostEnvironment env = ((IInternalCatalog)catalog).Environment;
        (ITransformer Model, DataViewSchema? Schema) result = default;
        ExceptionDispatchInfo? failure = null;
        var worker = new Thread(() =>
        {
            try
            {
                BinaryDataDryRun.Run(env, binaryData, source);
                var model = catalog.Load(new MemoryStream(bytes, writable: false), out DataViewSchema? schema);
                result = (model, schema);
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        })
        {
            IsBackground = true, // a reader that never returns must not keep the process alive
            Name = "Qhml guarded model load",
        };
        worker.Start();
        if (!worker.Join(options.Timeout))
            throw new ModelLoadException(source, null, Invariant($"ML.NET's readers did not finish within {options.Timeout.TotalSeconds:0.###} s; the file is likely corrupt (its loading thread cannot be stopped and keeps running in the background)."));
        if (failure is not null)
            throw ModelLoadErrors.Describe(failure.SourceException, source);
        inputSchema = result.Schema;
        return result.Model!;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
