using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data.IO;
using Microsoft.ML.Runtime;

namespace Qhml.MLNet.Loading;

/// <summary>
/// Reads each stored schema (ML.NET's binary data format) once, completely, from a stream that throws at its end,
/// before ML.NET reads the same bytes from its own stream. ML.NET's reader spins forever when a stored count runs past
/// the end of the entry; here the same corrupt count ends in an error, and bytes that pass this run cannot make ML.NET's
/// identical, deterministic reading spin.
/// </summary>
internal static class BinaryDataDryRun
{
    private static readonly MethodInfo ReadAnnotationMethod =
        typeof(BinaryDataDryRun).GetMethod(nameof(ReadAnnotation), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <exception cref="ModelLoadException">An entry cannot be read.</exception>
    public static void Run(IHostEnvironment env, IReadOnlyDictionary<string, byte[]> entries, string source)
    {
        foreach (var (name, bytes) in entries)
        {
            try
            {
                using var stream = new EndOfStreamCheckingStream(bytes);
                var loader = new BinaryLoader(env, new BinaryLoader.Arguments(), stream, leaveOpen: true);
                // Annotations (slot names) are read lazily; read them all now, not when a user asks for them.
                foreach (var column in loader.Schema)
                {
                    foreach (var annotation in column.Annotations.Schema)
                        ReadAnnotationMethod.MakeGenericMethod(annotation.Type.RawType).Invoke(null, [column.Annotations, annotation]);
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new ModelLoadException(source, name, $"the stored schema cannot be read: {ModelLoadErrors.Describe(e, source).Reason}", e);
            }
        }
    }

    private static void ReadAnnotation<T>(DataViewSchema.Annotations annotations, DataViewSchema.Column annotation)
    {
        T value = default!;
        annotations.GetGetter<T>(annotation)(ref value);
    }
}
