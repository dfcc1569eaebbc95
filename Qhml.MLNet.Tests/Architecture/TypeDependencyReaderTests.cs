using Microsoft.ML;
using Microsoft.ML.Data;
using Qhml.MLNet.Data;

namespace Qhml.MLNet.Tests.Architecture;

/// <summary>
/// The layering rules are only as strong as the reader: these check that it sees a use of ML.NET wherever code can
/// hide one (only in a method body, in a lambda, as a generic argument, in an attribute, in a catch clause), and
/// that "visible to users" is judged on the real ML.NET assemblies, not on the publicized copies.
/// </summary>
public sealed class TypeDependencyReaderTests
{
    private static readonly Lazy<IReadOnlyList<TypeDependency>> TestAssembly = new(
        () => TypeDependencyReader.Read(typeof(TypeDependencyReaderTests).Assembly.Location));

    [Theory]
    [InlineData(typeof(UsesMLNetInALocal))]
    [InlineData(typeof(UsesMLNetInALambda))]
    [InlineData(typeof(UsesMLNetAsAGenericArgument))]
    [InlineData(typeof(UsesMLNetInAnAttribute))]
    public void Finds_a_use_of_MLNet_wherever_it_hides(Type fixture)
    {
        var mlNetUses = TestAssembly.Value
            .Where(d => d.Source.FullName == fixture.FullName && LibraryLayers.IsMLNet(d.Target))
            .ToList();

        Assert.NotEmpty(mlNetUses);
    }

    [Fact]
    public void Finds_a_type_named_only_by_a_catch_clause()
        => Assert.Contains(TestAssembly.Value,
            d => d.Source.FullName == typeof(CatchesADataError).FullName
                && d.Target.FullName == typeof(GdscDataFormatException).FullName);

    [Fact]
    public void Finds_no_MLNet_in_a_type_without_it()
        => Assert.DoesNotContain(TestAssembly.Value,
            d => d.Source.FullName == typeof(UsesNoMLNet).FullName && LibraryLayers.IsMLNet(d.Target));

    [Fact]
    public void Sees_the_glue_use_Hybrid_and_MLNet()
    {
        var trainer = TypeDependencyReader.Read(typeof(QuantumHybridRegressionTrainer).Assembly.Location)
            .Where(d => d.Source.FullName == typeof(QuantumHybridRegressionTrainer).FullName)
            .ToList();

        Assert.Contains(trainer, d => LibraryLayers.Of(d.Target) == Layer.Hybrid);
        Assert.Contains(trainer, d => LibraryLayers.IsMLNet(d.Target));
    }

    [Fact]
    public void Judges_visibility_on_the_real_MLNet_assemblies()
    {
        var glue = TypeDependencyReader.Read(typeof(QuantumHybridRegressionTrainer).Assembly.Location);
        static bool Visible(TypeDependency d) => LibraryLayers.IsVisibleToUsers(d.Target, d.Member);

        // Internal in Microsoft.ML.Core (a member of the public ModelSaveContext): the glue sees it only through the
        // publicized copy it compiles against.
        Assert.False(Visible(glue.First(d => d.Member?.Name == "CheckAtModel")));
        Assert.True(Visible(glue.First(d => d.Target.FullName == "Microsoft.ML.MLContext")));
    }

    [Fact]
    public void Places_namespaces_in_their_layers()
    {
        Assert.Equal(Layer.Glue, LibraryLayers.Of("Qhml.MLNet"));
        Assert.Equal(Layer.Quantum, LibraryLayers.Of("Qhml.MLNet.Quantum.Kernels"));
        Assert.Equal(Layer.UserLevel, LibraryLayers.Of("Qhml.MLNet.Serving"));
        Assert.Equal(Layer.Unclassified, LibraryLayers.Of("Qhml.MLNet.Quantumish"));
        Assert.Equal(Layer.Outside, LibraryLayers.Of("Microsoft.ML.Data"));
    }
}

internal static class UsesMLNetInALocal
{
    public static int Run()
    {
        object context = new MLContext(seed: 1);
        return context.GetHashCode();
    }
}

internal static class UsesMLNetInALambda
{
    public static Func<Type> Run() => () => typeof(IDataView);
}

internal static class UsesMLNetAsAGenericArgument
{
    public static int Run() => new List<DataViewSchema>().Count;
}

internal sealed class UsesMLNetInAnAttribute
{
    [LoadColumn(0)]
    public float Value { get; set; }
}

internal static class CatchesADataError
{
    public static bool Run(Action action)
    {
        try
        {
            action();
            return true;
        }
        catch (GdscDataFormatException)
        {
            return false;
        }
    }
}

internal static class UsesNoMLNet
{
    public static int Run() => new List<int> { 1 }.Count;
}
