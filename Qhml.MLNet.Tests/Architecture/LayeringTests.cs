using System.Xml.Linq;
using Mono.Cecil;

namespace Qhml.MLNet.Tests.Architecture;

/// <summary>
/// The layering of ../shared/ARCHITECTURE.md, read from the built Qhml.MLNet.dll (signatures and IL): Quantum knows
/// nothing above it; Quantum, Normalization and Hybrid know no ML.NET; the glue uses no user-level feature; Data,
/// Study, Experiments and Serving use only what a user could (public types and members, of the library and
/// of the real ML.NET assemblies, not the publicized copies the glue compiles against); nothing but the tests
/// references the samples.
/// </summary>
public sealed class LayeringTests
{
    private static readonly Lazy<IReadOnlyList<TypeDependency>> Library = new(
        () => TypeDependencyReader.Read(typeof(QuantumHybridRegressionTrainer).Assembly.Location));

    [Fact]
    public void Every_namespace_of_the_library_has_a_layer()
    {
        var unclassified = Library.Value
            .Select(d => d.Source.Namespace)
            .Distinct()
            .Where(ns => LibraryLayers.Of(ns) == Layer.Unclassified)
            .ToList();

        AssertNone(unclassified, "namespaces missing from LibraryLayers' table (add each with its layer)");
    }

    [Fact]
    public void Every_layer_uses_only_the_layers_below_it()
    {
        var violations = Library.Value
            .Where(d =>
            {
                Layer from = LibraryLayers.Of(d.Source), to = LibraryLayers.Of(d.Target);
                return to != Layer.Outside && to != from && !LibraryLayers.MayUse(from).Contains(to);
            })
            .ToList();

        AssertNone(violations, "uses of a layer above or beside the user's layer");
    }

    [Fact]
    public void Quantum_Normalization_Hybrid_and_Common_use_no_MLNet()
    {
        Layer[] mlNetFree = [Layer.Common, Layer.Quantum, Layer.Normalization, Layer.Hybrid];
        var violations = Library.Value
            .Where(d => mlNetFree.Contains(LibraryLayers.Of(d.Source)) && LibraryLayers.IsMLNet(d.Target))
            .ToList();

        AssertNone(violations, "ML.NET types used below the glue");
    }

    [Fact]
    public void User_level_features_use_only_public_types_and_members()
    {
        var violations = Library.Value
            .Where(d => LibraryLayers.Of(d.Source) == Layer.UserLevel)
            .Where(d =>
            {
                var to = LibraryLayers.Of(d.Target);
                bool checkedTarget = LibraryLayers.IsMLNet(d.Target)
                    || (to != Layer.Outside && to != Layer.Common
                        && TypeDependencyReader.Outermost(d.Target).Namespace != d.Source.Namespace);
                return checkedTarget && !LibraryLayers.IsVisibleToUsers(d.Target, d.Member);
            })
            .ToList();

        AssertNone(violations, "internal types or members used by a user-level feature");
    }

    [Fact]
    public void The_library_references_no_other_project_of_the_repository()
    {
        using var module = TypeDependencyReader.ReadModule(typeof(QuantumHybridRegressionTrainer).Assembly.Location);
        var ownProjects = module.AssemblyReferences
            .Select(a => a.Name)
            .Where(name => name.StartsWith("Qhml.", StringComparison.Ordinal))
            .ToList();

        AssertNone(ownProjects, "assemblies of this repository referenced by Qhml.MLNet.dll");
    }

    [Fact]
    public void Only_the_tests_reference_the_samples()
    {
        var projects = Directory.GetFiles(RepositoryRoot(), "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(projects, p => Path.GetFileName(p) == "Qhml.MLNet.Samples.csproj");

        var referencing = projects
            .Where(p => Path.GetFileName(p) != "Qhml.MLNet.Tests.csproj")
            .Where(p => XDocument.Load(p).Descendants("ProjectReference")
                .Any(r => ((string?)r.Attribute("Include") ?? "").Contains("Qhml.MLNet.Samples", StringComparison.Ordinal)))
            .ToList();

        AssertNone(referencing, "projects that reference Qhml.MLNet.Samples");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Qhml.MLNet.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Qhml.MLNet.sln not found above " + AppContext.BaseDirectory);
    }

    private static void AssertNone<T>(IReadOnlyCollection<T> found, string what)
        => Assert.True(found.Count == 0,
            $"{found.Count} {what}:{Environment.NewLine}" + string.Join(Environment.NewLine, found.Distinct().Take(50)));
}
