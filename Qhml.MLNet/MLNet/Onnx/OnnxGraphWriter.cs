using System.Runtime.CompilerServices;
using Microsoft.ML.Model.OnnxConverter;

namespace Qhml.MLNet.Onnx;

/// <summary>
/// Thin helpers over ML.NET's <see cref="OnnxContext"/>: one call per node, unique names, typed initializers.
/// Intermediate variables are not declared as graph values (ONNX Runtime infers their shapes), as ML.NET's own
/// multi-node exporters do.
/// </summary>
internal sealed class OnnxGraphWriter(OnnxContext context, string prefix)
{
    /// <summary>ONNX <c>TensorProto.DataType</c> codes used by <c>Cast</c>.</summary>
    public const long Float = 1, Double = 11;

    public OnnxContext Context { get; } = context;

    public string Doubles(double[] values, params long[] dims) => Context.AddInitializer(values, dims, FreeName("c"), makeUniqueName: false);

    public string Floats(float[] values, params long[] dims) => Context.AddInitializer(values, dims, FreeName("c"), makeUniqueName: false);

    public string Longs(long[] values, params long[] dims) => Context.AddInitializer(values, dims, FreeName("i"), makeUniqueName: false);

    // One counter per context: the context's own de-duplication does not see initializer names.
    private static readonly ConditionalWeakTable<OnnxContext, StrongBox<int>> Counters = new();

    /// <summary>A variable or initializer name not yet used in the graph.</summary>
    private string FreeName(string stem)
    {
        var counter = Counters.GetValue(Context, _ => new StrongBox<int>());
        string name;
        do
        {
            name = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{prefix}_{stem}{counter.Value++}");
        }
        while (Context.IsVariableDefined(name));
        return name;
    }

    /// <summary>Adds <paramref name="op"/> on <paramref name="inputs"/>; its output is a new variable, or <paramref name="output"/>.</summary>
    public string Node(string op, string[] inputs, string? output = null, Action<OnnxNode>? attributes = null)
    {
        output ??= Context.AddIntermediateVariable(null!, FreeName(op), skip: true);
        var node = Context.CreateNode(op, inputs, [output], Context.GetNodeName(prefix + "_" + op), "");
        attributes?.Invoke(node);
        return output;
    }

    public string Node(string op, string a) => Node(op, [a]);

    public string Node(string op, string a, string b) => Node(op, [a, b]);

    public string Cast(string input, long to, string? output = null)
        => Node("Cast", [input], output, n => n.AddAttribute("to", to));

    /// <summary><c>Gemm(x, w, b)</c> with <c>w</c> stored outputs x inputs (transB = 1).</summary>
    public string Gemm(string x, string w, string b, string? output = null)
        => Node("Gemm", [x, w, b], output, n => n.AddAttribute("transB", 1L));
}
