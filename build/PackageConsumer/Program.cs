using Microsoft.ML;
using Qhml.MLNet;
using Qhml.MLNet.Data;

// What a user of the package on ML.NET 6 writes: synthetic GDSC data, the moderated-tanh transform,
// FastTree and the hybrid trainer in one process; exits non-zero if anything fails to load or score.
var ml = new MLContext(seed: 1);
var dataset = SyntheticGdscGenerator.Generate(new SyntheticGdscGenerator.Options { CellLineCount = 120, DrugCount = 1 });
IDataView data = dataset.GetDrugDataView(ml, dataset.DrugNames[0]);

var fastTree = ml.Transforms.NormalizeModeratedTanh("Features")
    .Append(ml.Regression.Trainers.FastTree(numberOfTrees: 20))
    .Fit(data);
var hybrid = ml.Regression.Trainers.QuantumHybrid(new QuantumHybridRegressionTrainer.Options { NumberOfEpochs = 3 })
    .Fit(data);

foreach (var (name, model) in new (string, ITransformer)[] { ("FastTree", fastTree), ("QuantumHybrid", hybrid) })
{
    var metrics = ml.Regression.Evaluate(model.Transform(data));
    if (!double.IsFinite(metrics.RootMeanSquaredError))
        throw new InvalidOperationException(name + ": RMSE is not finite.");
    Console.WriteLine(FormattableString.Invariant($"{name} on ML.NET {System.Diagnostics.FileVersionInfo.GetVersionInfo(typeof(MLContext).Assembly.Location).ProductVersion}: RMSE {metrics.RootMeanSquaredError:F3}"));
}
