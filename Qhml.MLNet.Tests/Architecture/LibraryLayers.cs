using Mono.Cecil;

namespace Qhml.MLNet.Tests.Architecture;

/// <summary>The layers of Qhml.MLNet, bottom up, as the namespaces of its types name them.</summary>
internal enum Layer
{
    /// <summary>A type outside the library's namespaces (framework, ML.NET, compiler-generated attributes).</summary>
    Outside,

    /// <summary><c>Qhml.MLNet.Common</c>: small neutral helpers every layer may use (culture-invariant errors).</summary>
    Common,

    /// <summary><c>Qhml.MLNet.Quantum</c>: the simulator; knows nothing above it.</summary>
    Quantum,

    /// <summary><c>Qhml.MLNet.Normalization</c>: the moderated-tanh math shared by trainer and transform.</summary>
    Normalization,

    /// <summary><c>Qhml.MLNet.Hybrid</c>: network, interface, heads, training loop; uses Quantum, no ML.NET.</summary>
    Hybrid,

    /// <summary>The ML.NET glue (<c>Qhml.MLNet</c>, <c>Qhml.MLNet.Persistence</c>, <c>Qhml.MLNet.Loading</c>, the
    /// guarded loader's checks of ML.NET's file format): the only layer that may use ML.NET's internals.</summary>
    Glue,

    /// <summary>Features that use the library the way a user would (<c>Data</c>, <c>Study</c>,
    /// <c>Experiments</c>, <c>Serving</c>): public types and members only, of the library and of ML.NET.</summary>
    UserLevel,

    /// <summary>A library namespace not in <see cref="LibraryLayers"/>' table: a new folder must say its layer.</summary>
    Unclassified,
}

/// <summary>Which layer a type belongs to, and which layers each layer may use.</summary>
internal static class LibraryLayers
{
    public const string Root = "Qhml.MLNet";

    /// <summary>Every namespace of the library and its layer; a sub-namespace belongs to its parent's layer
    /// (<c>Qhml.MLNet.Quantum.Kernels</c> is Quantum), except under the root, whose children are listed.</summary>
    private static readonly (string Namespace, Layer Layer)[] Namespaces =
    [
        (Root + ".Common", Layer.Common),
        (Root + ".Quantum", Layer.Quantum),
        (Root + ".Normalization", Layer.Normalization),
        (Root + ".Hybrid", Layer.Hybrid),
        (Root + ".Persistence", Layer.Glue),
        (Root + ".Onnx", Layer.Glue), // ONNX export through ML.NET's internal OnnxContext (MLNet/Onnx)
        (Root + ".Data", Layer.UserLevel),
        (Root + ".Study", Layer.UserLevel),
        (Root + ".Experiments", Layer.UserLevel),
        (Root + ".Serving", Layer.UserLevel),
        (Root + ".Loading", Layer.Glue),
    ];

    /// <summary>The layer of <paramref name="type"/>, from the namespace of its outermost declaring type.</summary>
    public static Layer Of(TypeReference type) => Of(TypeDependencyReader.Outermost(type).Namespace);

    /// <summary>The layer of a namespace.</summary>
    public static Layer Of(string ns)
    {
        if (ns == Root)
            return Layer.Glue;
        if (!IsWithin(ns, Root))
            return Layer.Outside;
        foreach (var (prefix, layer) in Namespaces)
            if (IsWithin(ns, prefix))
                return layer;
        return Layer.Unclassified;
    }

    /// <summary>The layers a type of <paramref name="layer"/> may use, besides <see cref="Layer.Outside"/> and its
    /// own; <see cref="Layer.UserLevel"/> may use every layer, through public types and members only (checked
    /// apart), and an unclassified namespace fails its own test.</summary>
    public static IReadOnlySet<Layer> MayUse(Layer layer) => layer switch
    {
        Layer.Common => new HashSet<Layer>(),
        Layer.Quantum => new HashSet<Layer> { Layer.Common },
        Layer.Normalization => new HashSet<Layer> { Layer.Common },
        Layer.Hybrid => new HashSet<Layer> { Layer.Common, Layer.Quantum, Layer.Normalization },
        Layer.Glue => new HashSet<Layer> { Layer.Common, Layer.Quantum, Layer.Normalization, Layer.Hybrid, Layer.Glue },
        _ => Enum.GetValues<Layer>().ToHashSet(),
    };

    /// <summary>Whether <paramref name="type"/> is ML.NET's (its namespace or its assembly is Microsoft.ML*).</summary>
    public static bool IsMLNet(TypeReference type)
    {
        var outer = TypeDependencyReader.Outermost(type);
        string assembly = outer.Scope is AssemblyNameReference a ? a.Name : "";
        return IsWithin(outer.Namespace, "Microsoft.ML") || IsWithin(assembly, "Microsoft.ML");
    }

    /// <summary>Whether a user outside the assembly could name this type and member: the type and all its
    /// declaring types public, the member public or protected. Unresolvable references count as hidden.</summary>
    public static bool IsVisibleToUsers(TypeReference type, MemberReference? member)
    {
        for (var t = type.Resolve(); t is not null; t = t.DeclaringType)
        {
            bool visible = t.DeclaringType is null
                ? t.IsPublic
                : t.IsNestedPublic || t.IsNestedFamily || t.IsNestedFamilyOrAssembly;
            if (!visible)
                return false;
            if (t.DeclaringType is null)
                return member is null || IsVisibleMember(member);
        }
        return false;
    }

    private static bool IsVisibleMember(MemberReference member) => member.Resolve() switch
    {
        MethodDefinition m => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly,
        FieldDefinition f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly,
        _ => false,
    };

    /// <summary>Whether <paramref name="name"/> is <paramref name="prefix"/> or a dotted child of it.</summary>
    private static bool IsWithin(string name, string prefix)
        => name == prefix || name.StartsWith(prefix + ".", StringComparison.Ordinal);
}
