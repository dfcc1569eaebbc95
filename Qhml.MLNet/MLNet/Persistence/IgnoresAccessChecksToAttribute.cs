namespace System.Runtime.CompilerServices;

/// <summary>
/// Tells the runtime to skip visibility checks from this assembly into the named assembly. Honoured by
/// CoreCLR though not shipped as a public type, so every assembly that needs it declares its own copy.
/// The glue compiles against publicized copies of ML.NET (build/README.md) and relies on this attribute
/// at run time, where the real ML.NET assemblies are loaded.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
internal sealed class IgnoresAccessChecksToAttribute : Attribute
{
    /// <summary>Creates the attribute for <paramref name="assemblyName"/>.</summary>
    /// <param name="assemblyName">Simple name of the assembly whose internals may be used.</param>
    public IgnoresAccessChecksToAttribute(string assemblyName) => AssemblyName = assemblyName;

    /// <summary>Simple name of the assembly whose internals may be used.</summary>
    public string AssemblyName { get; }
}
