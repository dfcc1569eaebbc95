using Mono.Cecil;

namespace Qhml.MLNet.Tests.Architecture;

/// <summary>One use of a type (and, for a call or field access, of a member) by a type of the assembly read.</summary>
/// <param name="Source">The outermost type whose code or signature holds the use (nested and compiler-generated
/// types count as their outermost type's, so a lambda's closure belongs to the method that wrote the lambda).</param>
/// <param name="Target">The type used, with arrays, by-refs and generic instances taken apart.</param>
/// <param name="Member">The method or field used, when the use is a call or a field access.</param>
/// <param name="Where">Where in the source type the use is, for the failure message.</param>
internal sealed record TypeDependency(TypeDefinition Source, TypeReference Target, MemberReference? Member, string Where)
{
    public override string ToString()
        => $"{Source.FullName} -> {(Member is null ? Target.FullName : Member.FullName)} ({Where})";
}

/// <summary>
/// Reads every type dependency of an assembly from its metadata and IL with Mono.Cecil: base types, interfaces,
/// attributes (and the types they name), fields, signatures, locals, catch clauses and every type, method and
/// field an instruction names, generic arguments included. Reflection sees signatures only; a use inside a method
/// body (a local, a call) is what layering rules are usually broken by, so the IL is read too.
/// </summary>
internal static class TypeDependencyReader
{
    /// <summary>All dependencies of the types of <paramref name="assemblyPath"/>; references resolve against the
    /// assemblies beside the test (the real ML.NET ones) and the running framework.</summary>
    public static IReadOnlyList<TypeDependency> Read(string assemblyPath)
    {
        var module = ReadModule(assemblyPath);
        var found = new List<TypeDependency>();
        foreach (var type in module.GetTypes())
            AddType(found, type);
        return found;
    }

    /// <summary>The module of <paramref name="assemblyPath"/>, able to resolve references to the assemblies
    /// beside the test and to the framework.</summary>
    public static ModuleDefinition ReadModule(string assemblyPath)
    {
        var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(AppContext.BaseDirectory);
        resolver.AddSearchDirectory(Path.GetDirectoryName(typeof(object).Assembly.Location)!);
        return ModuleDefinition.ReadModule(assemblyPath, new ReaderParameters { AssemblyResolver = resolver });
    }

    /// <summary>The outermost type that declares <paramref name="type"/> (itself when not nested).</summary>
    public static TypeReference Outermost(TypeReference type)
    {
        while (type.DeclaringType is not null)
            type = type.DeclaringType;
        return type;
    }

    private static void AddType(List<TypeDependency> found, TypeDefinition type)
    {
        var source = (TypeDefinition)Outermost(type);
        void Add(TypeReference? target, string where) => AddTypeReference(found, source, target, null, where);

        Add(type.BaseType, "base type of " + type.Name);
        foreach (var contract in type.Interfaces)
            Add(contract.InterfaceType, "interface of " + type.Name);
        AddAttributes(found, source, type.CustomAttributes, type.Name);
        AddGenericConstraints(found, source, type.GenericParameters, type.Name);

        foreach (var field in type.Fields)
        {
            Add(field.FieldType, "field " + field.Name);
            AddAttributes(found, source, field.CustomAttributes, field.Name);
        }
        foreach (var property in type.Properties)
        {
            Add(property.PropertyType, "property " + property.Name);
            AddAttributes(found, source, property.CustomAttributes, property.Name);
        }
        foreach (var e in type.Events)
            Add(e.EventType, "event " + e.Name);
        foreach (var method in type.Methods)
            AddMethod(found, source, method);
    }

    private static void AddMethod(List<TypeDependency> found, TypeDefinition source, MethodDefinition method)
    {
        string where = "method " + method.DeclaringType.Name + "." + method.Name;
        AddTypeReference(found, source, method.ReturnType, null, where);
        foreach (var parameter in method.Parameters)
        {
            AddTypeReference(found, source, parameter.ParameterType, null, where);
            AddAttributes(found, source, parameter.CustomAttributes, where);
        }
        AddAttributes(found, source, method.CustomAttributes, where);
        AddAttributes(found, source, method.MethodReturnType.CustomAttributes, where);
        AddGenericConstraints(found, source, method.GenericParameters, where);
        foreach (var overridden in method.Overrides)
            AddMember(found, source, overridden, where);
        if (!method.HasBody)
            return;

        foreach (var local in method.Body.Variables)
            AddTypeReference(found, source, local.VariableType, null, where + " (local)");
        foreach (var handler in method.Body.ExceptionHandlers)
            AddTypeReference(found, source, handler.CatchType, null, where + " (catch)");
        foreach (var instruction in method.Body.Instructions)
        {
            switch (instruction.Operand)
            {
                case TypeReference t:
                    AddTypeReference(found, source, t, null, where);
                    break;
                case MemberReference m:
                    AddMember(found, source, m, where);
                    break;
                case CallSite site:
                    AddTypeReference(found, source, site.ReturnType, null, where);
                    foreach (var parameter in site.Parameters)
                        AddTypeReference(found, source, parameter.ParameterType, null, where);
                    break;
            }
        }
    }

    /// <summary>A method or field: its declaring type (recorded with the member, for visibility checks), its
    /// signature and, for a generic method instance, its type arguments.</summary>
    private static void AddMember(List<TypeDependency> found, TypeDefinition source, MemberReference member, string where)
    {
        AddTypeReference(found, source, member.DeclaringType, member, where);
        switch (member)
        {
            case GenericInstanceMethod generic:
                foreach (var argument in generic.GenericArguments)
                    AddTypeReference(found, source, argument, null, where);
                break;
            case MethodReference m:
                AddTypeReference(found, source, m.ReturnType, null, where);
                foreach (var parameter in m.Parameters)
                    AddTypeReference(found, source, parameter.ParameterType, null, where);
                break;
            case FieldReference f:
                AddTypeReference(found, source, f.FieldType, null, where);
                break;
        }
    }

    private static void AddTypeReference(
        List<TypeDependency> found, TypeDefinition source, TypeReference? type, MemberReference? member, string where)
    {
        switch (type)
        {
            case null:
            case GenericParameter:
                return;
            case GenericInstanceType generic:
                AddTypeReference(found, source, generic.ElementType, member, where);
                foreach (var argument in generic.GenericArguments)
                    AddTypeReference(found, source, argument, null, where);
                return;
            case IModifierType modified:
                AddTypeReference(found, source, modified.ModifierType, null, where);
                AddTypeReference(found, source, modified.ElementType, member, where);
                return;
            case FunctionPointerType pointer:
                AddTypeReference(found, source, pointer.ReturnType, null, where);
                foreach (var parameter in pointer.Parameters)
                    AddTypeReference(found, source, parameter.ParameterType, null, where);
                return;
            case TypeSpecification specification:      // arrays, pointers, by-refs, pinned
                AddTypeReference(found, source, specification.ElementType, member, where);
                return;
            default:
                found.Add(new TypeDependency(source, type, member, where));
                return;
        }
    }

    private static void AddAttributes(
        List<TypeDependency> found, TypeDefinition source, IEnumerable<CustomAttribute> attributes, string where)
    {
        foreach (var attribute in attributes)
        {
            AddMember(found, source, attribute.Constructor, "attribute on " + where);
            var arguments = attribute.ConstructorArguments
                .Concat(attribute.Fields.Select(f => f.Argument))
                .Concat(attribute.Properties.Select(p => p.Argument));
            foreach (var argument in arguments)
                if (argument.Value is TypeReference named)
                    AddTypeReference(found, source, named, null, "attribute on " + where);
        }
    }

    private static void AddGenericConstraints(
        List<TypeDependency> found, TypeDefinition source, IEnumerable<GenericParameter> parameters, string where)
    {
        foreach (var parameter in parameters)
            foreach (var constraint in parameter.Constraints)
                AddTypeReference(found, source, constraint.ConstraintType, null, where);
    }
}
