namespace Qhml.MLNet;

/// <summary>
/// A model file that cannot be loaded: corrupt, truncated, too new, too large or too slow to read. The message is one
/// sentence naming the file, the component and the reason; ML.NET's wrapper exceptions are unwrapped into it.
/// </summary>
public sealed class ModelLoadException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The file path, or a description of the stream.</param>
    /// <param name="component">The zip entry or component that failed; <see langword="null"/> when the archive itself is at fault.</param>
    /// <param name="reason">Why, as one sentence.</param>
    /// <param name="innerException">The original error, kept for diagnostics.</param>
    public ModelLoadException(string source, string? component, string reason, Exception? innerException = null)
        : base(Compose(source, component, reason), innerException)
    {
        FilePath = source;
        Component = component;
        Reason = reason;
    }

    /// <summary>The model's file path, or a description of the stream it came from.</summary>
    public string FilePath { get; }

    /// <summary>The zip entry or component that failed; <see langword="null"/> when the archive itself is at fault.</summary>
    public string? Component { get; }

    /// <summary>Why the load failed.</summary>
    public string Reason { get; }

    private static string Compose(string source, string? component, string reason)
        => component is null
            ? $"Cannot load the model '{source}': {reason}"
            : $"Cannot load the model '{source}' ({component}): {reason}";
}
