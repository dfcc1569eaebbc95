using Mono.Cecil;

namespace Qhml.Build.Publicizer;

/// <summary>
/// Widens accessibility inside one module: <c>internal</c> becomes <c>public</c>, <c>private protected</c>
/// and <c>protected internal</c> become <c>protected</c> (so overrides in C# are written <c>protected
/// override</c>, which the runtime accepts against the real, narrower declarations). Private members stay
/// private: the glue never needs them and keeping them hidden avoids name clashes.
/// </summary>
internal static class AccessWidener
{
    /// <summary>Only ML.NET's own namespaces are widened; internal polyfills of BCL types would clash with the BCL.</summary>
    private static bool IsWidenedNamespace(string ns)
        => ns == "Microsoft.ML" || ns.StartsWith("Microsoft.ML.", StringComparison.Ordinal);

    public static (int Types, int Members) Widen(ModuleDefinition module)
    {
        int types = 0, members = 0;
        foreach (var type in module.Types)
        {
            if (IsWidenedNamespace(type.Namespace))
                WidenType(type, ref types, ref members);
        }
        return (types, members);
    }

    private static void WidenType(TypeDefinition type, ref int types, ref int members)
    {
        var visibility = type.Attributes & TypeAttributes.VisibilityMask;
        var widened = visibility switch
        {
            TypeAttributes.NotPublic => TypeAttributes.Public,
            TypeAttributes.NestedAssembly => TypeAttributes.NestedPublic,
            TypeAttributes.NestedFamORAssem => TypeAttributes.NestedPublic,
            TypeAttributes.NestedFamANDAssem => TypeAttributes.NestedFamily,
            _ => visibility,
        };
        if (widened != visibility)
        {
            type.Attributes = (type.Attributes & ~TypeAttributes.VisibilityMask) | widened;
            types++;
        }

        foreach (var method in type.Methods)
        {
            var access = method.Attributes & MethodAttributes.MemberAccessMask;
            var wider = access switch
            {
                MethodAttributes.Assembly => MethodAttributes.Public,
                MethodAttributes.FamANDAssem => MethodAttributes.Family,
                MethodAttributes.FamORAssem => MethodAttributes.Family,
                _ => access,
            };
            if (wider != access)
            {
                method.Attributes = (method.Attributes & ~MethodAttributes.MemberAccessMask) | wider;
                members++;
            }
        }

        foreach (var field in type.Fields)
        {
            var access = field.Attributes & FieldAttributes.FieldAccessMask;
            var wider = access switch
            {
                FieldAttributes.Assembly => FieldAttributes.Public,
                FieldAttributes.FamANDAssem => FieldAttributes.Family,
                FieldAttributes.FamORAssem => FieldAttributes.Family,
                _ => access,
            };
            if (wider != access)
            {
                field.Attributes = (field.Attributes & ~FieldAttributes.FieldAccessMask) | wider;
                members++;
            }
        }

        foreach (var nested in type.NestedTypes)
        {
            if ((nested.Attributes & TypeAttributes.VisibilityMask) != TypeAttributes.NestedPrivate)
                WidenType(nested, ref types, ref members);
        }
    }
}
