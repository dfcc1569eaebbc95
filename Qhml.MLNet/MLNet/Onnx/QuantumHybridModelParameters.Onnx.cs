using Microsoft.ML.Model.OnnxConverter;
using Microsoft.ML.Runtime;
using Qhml.MLNet.Onnx;

namespace Qhml.MLNet;

// ONNX export through ML.NET's own interface: mlContext.Model.ConvertToOnnx (package
// Microsoft.ML.OnnxConverter) asks the prediction transformer, which asks this predictor. Saying "yes" here
// and throwing a specific NotSupportedException from SaveAsOnnx (rather than answering "no") is deliberate:
// a "no" makes the converter stop with only a log line, which is how a step used to vanish from exports.
public sealed partial class QuantumHybridModelParameters : ISingleCanSaveOnnx
{
    bool ICanSaveOnnx.CanSaveOnnx(OnnxContext ctx) => true;

    bool ISingleCanSaveOnnx.SaveAsOnnx(OnnxContext ctx, string[] outputNames, string featureColumn)
    {
        Host.CheckValue(ctx, nameof(ctx));
        Host.Check(outputNames is { Length: 1 }, "QuantumHybrid writes exactly one ONNX output, the score.");
        HybridOnnxExporter.Save(ctx, this, featureColumn, outputNames[0], HybridOnnxExporter.Scorer(this));
        return true;
    }
}
