using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Qhml.MLNet.Loading;

/// <summary>
/// Turns what ML.NET throws while loading (a reason wrapped in "Error during class instantiation" and reflection's
/// TargetInvocationException, often four levels deep) into one <see cref="ModelLoadException"/> naming the file, the
/// component being constructed and the innermost reason.
/// </summary>
internal static class ModelLoadErrors
{
    public static ModelLoadException Describe(Exception error, string source)
    {
        if (error is ModelLoadException known)
            return known;
        if (error is OutOfMemoryException)
            return new ModelLoadException(source, FailingComponent(error), "a stored size asks for more memory than is available; the file is corrupt or not a model.", error);
        return new ModelLoadException(source, FailingComponent(error), Reason(error), error);
    }

    /// <summary>The innermost message: the one that says what is wrong, not who wrapped it.</summary>
    private static string Reason(Exception error)
    {
        string reason = error.Message;
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e is not TargetInvocationException && !string.IsNullOrWhiteSpace(e.Message))
                reason = e.Message;
        }
        return reason;
    }

    /// <summary>
    /// The type whose loading constructor or factory threw: the outermost frame of the exception that reflection
    /// wrapped last (ML.NET creates every component through reflection); null when no component was being created.
    /// </summary>
    private static string? FailingComponent(Exception error)
    {
        string? component = null;
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e is TargetInvocationException { InnerException: { } invoked })
                component = OutermostDeclaringType(invoked) ?? component;
        }
        return component;
    }

    private static string? OutermostDeclaringType(Exception invoked)
    {
        StackFrame[] frames = new StackTrace(invoked, fNeedFileInfo: false).GetFrames();
        for (int i = frames.Length - 1; i >= 0; i--)
        {
            Type? type = frames[i].GetMethod()?.DeclaringType;
            while (type is not null && type.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false))
                type = type.DeclaringType;
            if (type is not null && type.Namespace?.StartsWith("System", StringComparison.Ordinal) != true)
                return type.Name;
        }
        return null;
    }
}
