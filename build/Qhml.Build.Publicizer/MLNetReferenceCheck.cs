using Mono.Cecil;

namespace Qhml.Build.Publicizer;

/// <summary>
/// Checks a built Qhml.MLNet.dll against the real assemblies of each supported ML.NET version: every
/// ML.NET type and member it references must resolve (same name and signature), and every abstract
/// member of an ML.NET base class or interface that one of its types derives from must be implemented.
/// The library compiles against publicized internals of the lowest version only, so this is what tells
/// us that a higher version still has every internal member we call. Prints one line per problem, in
/// MSBuild's <c>error CODE: text</c> form, naming the member and the version.
/// </summary>
internal static class MLNetReferenceCheck
{
    /// <summary>Usage: <c>check &lt;library.dll&gt; &lt;version&gt;=&lt;dir&gt;[;&lt;dir&gt;...]...</c>.</summary>
    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: Qhml.Build.Publicizer check <library.dll> <version>=<dir>[;<dir>...]...");
            return 2;
        }

        string library = Path.GetFullPath(args[0]);
        if (!File.Exists(library))
        {
            Console.Error.WriteLine($"error QHMLMLNET0: '{library}' does not exist.");
            return 1;
        }

        int failures = 0;
        foreach (string spec in args.Skip(1))
        {
            int eq = spec.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                Console.Error.WriteLine($"error QHMLMLNET0: expected <version>=<dir>[;<dir>...], got '{spec}'.");
                return 2;
            }
            string version = spec[..eq];
            string[] directories = spec[(eq + 1)..].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var missingDirectory = directories.FirstOrDefault(d => !Directory.Exists(d));
            if (missingDirectory is not null)
            {
                Console.Error.WriteLine($"error QHMLMLNET0: ML.NET {version}: folder '{missingDirectory}' does not exist (was the package downloaded?).");
                failures++;
                continue;
            }
            failures += CheckVersion(library, version, directories);
        }
        return failures == 0 ? 0 : 1;
    }

    private static int CheckVersion(string library, string version, string[] directories)
    {
        using var resolver = new FolderOnlyResolver(directories);

        using var module = ModuleDefinition.ReadModule(
            new MemoryStream(File.ReadAllBytes(library)),
            new ReaderParameters { AssemblyResolver = resolver, ReadSymbols = false });

        var problems = new SortedSet<string>(StringComparer.Ordinal);
        int references = 0, nonPublic = 0;

        foreach (var type in module.GetTypeReferences().Where(IsMLNet))
        {
            references++;
            var definition = TryResolve(type);
            if (definition is null)
                problems.Add($"type {type.FullName} ({ScopeName(type)})");
            else if (!IsVisible(definition))
                nonPublic++;
        }

        foreach (var member in module.GetMemberReferences().Where(m => IsMLNet(m.DeclaringType)))
        {
            references++;
            IMemberDefinition? definition = member switch
            {
                MethodReference method => TryResolve(method),
                FieldReference field => TryResolve(field),
                _ => null,
            };
            if (definition is null)
                problems.Add($"member {member.FullName} ({ScopeName(member.DeclaringType)})");
            else if (!IsVisible(definition))
                nonPublic++;
        }

        foreach (var type in module.GetTypes())
            CheckAbstractMembersImplemented(type, problems);

        foreach (string problem in problems)
            Console.Error.WriteLine($"error QHMLMLNET1: ML.NET {version}: {problem} is referenced by {module.Assembly.Name.Name} but does not resolve in that version.");

        Console.WriteLine(
            $"Qhml ML.NET check: {version}: {references} ML.NET references ({nonPublic} non-public), {problems.Count} unresolved.");
        return problems.Count == 0 ? 0 : 1;
    }

    /// <summary>
    /// A new abstract member in an ML.NET base class or interface would make our type fail to load
    /// (TypeLoadException) even though every call site resolves; matched by name and parameter count,
    /// the same granularity at which C# overrides are found.
    /// </summary>
    private static void CheckAbstractMembersImplemented(TypeDefinition type, SortedSet<string> problems)
    {
        if (type.IsInterface || type.IsAbstract)
            return;

        var implemented = new List<MethodDefinition>();
        var abstracts = new List<(MethodDefinition Method, TypeReference Owner)>();
        // Our own types and ML.NET's; the chain's BCL tail (System.Object) is not in the ML.NET folders.
        TypeReference? current = type;
        while (current is not null && (current.Module == type.Module && current is TypeDefinition || IsMLNet(current)))
        {
            var definition = TryResolve(current);
            if (definition is null)
                return; // Reported as an unresolved type.
            foreach (var method in definition.Methods)
            {
                if (method.IsAbstract && IsMLNet(current))
                    abstracts.Add((method, current));
                else if (!method.IsAbstract && !method.IsStatic)
                    implemented.Add(method);
            }
            foreach (var iface in definition.Interfaces.Select(i => i.InterfaceType).Where(IsMLNet))
            {
                var interfaceDefinition = TryResolve(iface);
                if (interfaceDefinition is null)
                    continue;
                abstracts.AddRange(AllInterfaceMethods(interfaceDefinition).Select(m => (m, iface)));
            }
            current = definition.BaseType;
        }

        foreach (var (method, owner) in abstracts)
        {
            bool found = implemented.Any(m =>
                m.Parameters.Count == method.Parameters.Count
                && (m.Name == method.Name || m.Name.EndsWith("." + method.Name, StringComparison.Ordinal)));
            if (!found)
                problems.Add($"abstract member {owner.FullName}::{method.Name} (implemented by no method of {type.FullName})");
        }
    }

    private static IEnumerable<MethodDefinition> AllInterfaceMethods(TypeDefinition iface)
    {
        foreach (var method in iface.Methods.Where(m => m.IsAbstract && !m.IsStatic))
            yield return method;
        foreach (var baseInterface in iface.Interfaces.Select(i => TryResolve(i.InterfaceType)).OfType<TypeDefinition>())
        {
            foreach (var method in AllInterfaceMethods(baseInterface))
                yield return method;
        }
    }

    private static bool IsMLNet(TypeReference type)
    {
        var element = type.GetElementType();
        while (element.IsNested)
            element = element.DeclaringType;
        return element.Scope is AssemblyNameReference scope
            && scope.Name.StartsWith("Microsoft.ML", StringComparison.Ordinal);
    }

    private static string ScopeName(TypeReference type)
    {
        var element = type.GetElementType();
        while (element.IsNested)
            element = element.DeclaringType;
        return element.Scope.Name;
    }

    private static bool IsVisible(IMemberDefinition definition) => definition switch
    {
        TypeDefinition t => (t.IsPublic || t.IsNestedPublic) && (t.DeclaringType is null || IsVisible(t.DeclaringType)),
        MethodDefinition m => (m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly) && IsVisible(m.DeclaringType),
        FieldDefinition f => (f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly) && IsVisible(f.DeclaringType),
        _ => false,
    };

    private static TypeDefinition? TryResolve(TypeReference type)
    {
        try { return type.Resolve(); }
        catch (AssemblyResolutionException) { return null; }
    }

    private static MethodDefinition? TryResolve(MethodReference method)
    {
        try { return method.Resolve(); }
        catch (AssemblyResolutionException) { return null; }
    }

    private static FieldDefinition? TryResolve(FieldReference field)
    {
        try { return field.Resolve(); }
        catch (AssemblyResolutionException) { return null; }
    }

    /// <summary>
    /// Resolves assemblies from the given folders only (Cecil's default resolver also probes the running
    /// framework and would hide an assembly missing from a version's package).
    /// </summary>
    private sealed class FolderOnlyResolver(string[] directories) : IAssemblyResolver
    {
        private readonly Dictionary<string, AssemblyDefinition?> _cache = new(StringComparer.OrdinalIgnoreCase);

        public AssemblyDefinition Resolve(AssemblyNameReference name) => Resolve(name, new ReaderParameters());

        public AssemblyDefinition Resolve(AssemblyNameReference name, ReaderParameters parameters)
        {
            if (!_cache.TryGetValue(name.Name, out var assembly))
            {
                string? path = directories.Select(d => Path.Combine(d, name.Name + ".dll")).FirstOrDefault(File.Exists);
                assembly = path is null ? null : AssemblyDefinition.ReadAssembly(path, new ReaderParameters { AssemblyResolver = this });
                _cache[name.Name] = assembly;
            }
            return assembly ?? throw new AssemblyResolutionException(name);
        }

        public void Dispose()
        {
            foreach (var assembly in _cache.Values)
                assembly?.Dispose();
        }
    }
}
