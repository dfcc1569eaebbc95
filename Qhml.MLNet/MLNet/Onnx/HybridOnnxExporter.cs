using System.Globalization;
using Microsoft.ML.Data;
using Microsoft.ML.Model.OnnxConverter;
using Qhml.MLNet.Hybrid;

namespace Qhml.MLNet.Onnx;

/// <summary>
/// Writes a <see cref="QuantumHybridModelParameters"/> into ML.NET's ONNX graph with standard operators
/// (opset 9+): Gemm/MatMul for the dense layers, Sub/Mul/Tanh/Add for the interface normalization, Cos/Sin of
/// the half-angles combined by outer products (Reshape + Mul) into the real product state, MatMul by the real
/// and imaginary parts of the fixed variational unitary, squared magnitudes, MatMul by the ±1 Z-sign matrix and
/// the readout, then the linear path when the model has one (Gemm on the features, Mul by the hybrid weight,
/// Add). Everything after the (float) first layer runs in double, as the model does. Before writing,
/// the plan is checked against the model's own scorer on probe rows; any disagreement (a component the plan
/// does not know) refuses the export instead of writing a graph that predicts something else.
/// </summary>
internal static class HybridOnnxExporter
{
    private const int ProbeRows = 16;
    private const double ProbeTolerance = 1e-5;

    /// <summary>Minimum ONNX opset of the graph: Reshape, Gather, Cos and Sin in their opset-7/9 forms.</summary>
    public const int MinimumOpSet = 9;

    public static void Save(OnnxContext ctx, QuantumHybridModelParameters parameters, string featureVariable, string scoreVariable,
        Func<float[], float> score)
    {
        ctx.CheckOpSetVersion(MinimumOpSet, QuantumHybridModelParameters.LoaderSignature);
        var plan = HybridOnnxPlan.Create(parameters.Model);
        CheckAgainstScorer(plan, score);

        var g = new OnnxGraphWriter(ctx, "Qhml");
        int f = plan.FeatureCount;

        // Any NaN or infinite feature makes the row NaN, as the model does: x * 0 is 0 for finite x, NaN otherwise.
        string zero = g.Floats([0f], 1);
        string invalid = g.Node("MatMul", g.Node("Mul", featureVariable, zero), g.Floats(new float[f], f, 1));

        string u = Network(g, plan, featureVariable);
        string angles = Interface(g, plan.Interface, u);
        string output = plan.Quantum is { } quantum ? QuantumHead(g, plan.Qubits, quantum, angles) : ClassicalHead(g, plan.Qubits, plan.Classical!, angles);
        if (plan.Linear is { } linear)
            output = LinearPath(g, linear, featureVariable, output);
        g.Node("Add", [g.Cast(output, OnnxGraphWriter.Float), invalid], scoreVariable);
    }

    /// <summary>Refuses when the plan's arithmetic does not reproduce the model's scores on seeded probe rows.</summary>
    internal static void CheckAgainstScorer(HybridOnnxPlan plan, Func<float[], float> score)
    {
        var random = new Random(20_240_601);
        for (int row = 0; row < ProbeRows; row++)
        {
            var x = new float[plan.FeatureCount];
            for (int i = 0; i < x.Length; i++)
                x[i] = (float)(2 * random.NextDouble() - 1) * 2f;
            double expected = score(x), actual = plan.Evaluate(x);
            if (!(Math.Abs(expected - actual) <= ProbeTolerance * Math.Max(1.0, Math.Abs(expected))))
            {
                throw new NotSupportedException(string.Create(CultureInfo.InvariantCulture,
                    $"ONNX export: the exported graph would predict {actual:R} where the model predicts {expected:R} (probe row {row}); the model has a component the ONNX exporter does not know. Nothing was written."));
            }
        }
    }

    private static string Network(OnnxGraphWriter g, HybridOnnxPlan plan, string features)
    {
        if (plan.Layers.Count == 0)
            return g.Cast(features, OnnxGraphWriter.Double);

        string u;
        var first = plan.Layers[0];
        if (plan.SinglePrecisionFirstLayer)
        {
            // Float products and sums (as the model's single-precision first layer), then the double bias.
            var transposed = new float[first.Inputs * first.Outputs];
            for (int o = 0; o < first.Outputs; o++)
                for (int i = 0; i < first.Inputs; i++)
                    transposed[i * first.Outputs + o] = (float)first.Weights[o * first.Inputs + i];
            string sums = g.Node("MatMul", features, g.Floats(transposed, first.Inputs, first.Outputs));
            u = g.Node("Add", g.Cast(sums, OnnxGraphWriter.Double), g.Doubles(first.Bias, first.Outputs));
        }
        else
        {
            u = g.Gemm(g.Cast(features, OnnxGraphWriter.Double), g.Doubles(first.Weights, first.Outputs, first.Inputs), g.Doubles(first.Bias, first.Outputs));
        }
        u = Activate(g, plan.Activation, u, first.Activated);

        for (int l = 1; l < plan.Layers.Count; l++)
        {
            var layer = plan.Layers[l];
            u = g.Gemm(u, g.Doubles(layer.Weights, layer.Outputs, layer.Inputs), g.Doubles(layer.Bias, layer.Outputs));
            u = Activate(g, plan.Activation, u, layer.Activated);
        }
        return u;
    }

    private static string Activate(OnnxGraphWriter g, HybridActivation activation, string x, bool activated)
    {
        if (!activated)
            return x;
        switch (activation)
        {
            case HybridActivation.ReLU:
                return g.Node("Relu", x);
            case HybridActivation.Tanh:
                return g.Node("Tanh", x);
            case HybridActivation.Gelu:
                // 0.5 x (1 + tanh(c (x + k x^3)))
                string cube = g.Node("Mul", g.Node("Mul", x, x), x);
                string inner = g.Node("Add", x, g.Node("Mul", cube, g.Doubles([HybridOnnxPlan.GeluK], 1)));
                string t = g.Node("Tanh", g.Node("Mul", inner, g.Doubles([HybridOnnxPlan.GeluC], 1)));
                string onePlus = g.Node("Add", t, g.Doubles([1.0], 1));
                return g.Node("Mul", g.Node("Mul", x, onePlus), g.Doubles([0.5], 1));
            default:
                throw new NotSupportedException(string.Create(CultureInfo.InvariantCulture,
                    $"ONNX export: activation '{activation}' is not known to the exporter; nothing was written."));
        }
    }

    private static string Interface(OnnxGraphWriter g, HybridOnnxPlan.InterfaceMap map, string u)
    {
        int q = map.Center.Length;
        string z = g.Node("Mul", g.Node("Sub", u, g.Doubles(map.Center, q)), g.Doubles(map.Gain, q));
        if (map.UsesTanh)
            z = g.Node("Mul", g.Node("Tanh", z), g.Doubles([map.Amplitude], 1));
        return g.Node("Add", z, g.Doubles(map.Offset, q));
    }

    private static string QuantumHead(OnnxGraphWriter g, int n, HybridOnnxPlan.QuantumHeadPlan head, string angles)
    {
        int d = 1 << n;
        string half = g.Node("Mul", angles, g.Doubles([0.5], 1));
        string cos = g.Node("Cos", half), sin = g.Node("Sin", half);
        string asColumn = g.Longs([0, -1, 1], 3), asRow = g.Longs([0, 1, 2], 3), flat = g.Longs([0, -1], 2);

        // Qubit 0 is the most significant bit: each qubit appends one bit, amplitude(b, bit) = amplitude(b) * (cos or sin).
        string product = Factor(g, cos, sin, 0);
        for (int j = 1; j < n; j++)
        {
            string outer = g.Node("Mul", g.Node("Reshape", product, asColumn), g.Node("Reshape", Factor(g, cos, sin, j), asRow));
            product = g.Node("Reshape", outer, flat);
        }

        string re = g.Node("MatMul", product, g.Doubles(head.MatrixReal, d, d));
        string im = g.Node("MatMul", product, g.Doubles(head.MatrixImaginary, d, d));
        string probabilities = g.Node("Add", g.Node("Mul", re, re), g.Node("Mul", im, im));
        string expectations = g.Node("MatMul", probabilities, g.Doubles(head.ZSigns, d, n));
        return g.Gemm(expectations, g.Doubles(head.Readout, 1, n), g.Doubles([head.ReadoutBias], 1));
    }

    /// <summary>[cos(angle_j / 2), sin(angle_j / 2)] per row: N x 2.</summary>
    private static string Factor(OnnxGraphWriter g, string cos, string sin, int qubit)
    {
        string index = g.Longs([qubit], 1);
        var axis = (Action<OnnxNode>)(node => node.AddAttribute("axis", 1L));
        string c = g.Node("Gather", [cos, index], null, axis);
        string s = g.Node("Gather", [sin, index], null, axis);
        return g.Node("Concat", [c, s], null, axis);
    }

    /// <summary><c>Bias + Weights . x + HybridWeight * hybrid</c> in double (N x 1), as the model's linear path combines them.</summary>
    private static string LinearPath(OnnxGraphWriter g, HybridOnnxPlan.LinearTermPlan linear, string features, string hybrid)
    {
        int f = linear.Weights.Length;
        string wide = g.Gemm(g.Cast(features, OnnxGraphWriter.Double), g.Doubles(linear.Weights, 1, f), g.Doubles([linear.Bias], 1));
        return g.Node("Add", wide, g.Node("Mul", hybrid, g.Doubles([linear.HybridWeight], 1)));
    }

    private static string ClassicalHead(OnnxGraphWriter g, int q, HybridOnnxPlan.ClassicalHeadPlan head, string angles)
    {
        string hidden = g.Node("Tanh", g.Gemm(angles, g.Doubles(head.HiddenWeights, head.HiddenUnits, q), g.Doubles(head.HiddenBias, head.HiddenUnits)));
        return g.Gemm(hidden, g.Doubles(head.OutputWeights, 1, head.HiddenUnits), g.Doubles([head.OutputBias], 1));
    }

    /// <summary>Scores one dense row through the model's own ML.NET value mapper (the path every pipeline uses).</summary>
    public static Func<float[], float> Scorer(QuantumHybridModelParameters parameters)
    {
        var map = ((Microsoft.ML.Data.IValueMapper)parameters).GetMapper<VBuffer<float>, float>();
        return x =>
        {
            var input = new VBuffer<float>(x.Length, x);
            float y = 0;
            map(in input, ref y);
            return y;
        };
    }
}
