using Microsoft.ML;
using Qhml.MLNet.Data;

namespace Qhml.MLNet.Samples.Examples;

/// <summary>
/// What every example starts from: the synthetic GDSC-like dataset (so the examples run on any machine) and
/// its first drug as an ML.NET data view (Features, Label, CellLineId).
/// </summary>
/// <param name="Dataset">The whole synthetic dataset.</param>
/// <param name="Drug">The drug the example models.</param>
/// <param name="Data">That drug's rows.</param>
internal sealed record ExampleDrug(GdscDataset Dataset, string Drug, IDataView Data)
{
    /// <summary>Generates the synthetic dataset and takes its first drug.</summary>
    /// <param name="mlContext">The example's ML.NET context.</param>
    public static ExampleDrug Load(MLContext mlContext)
    {
        GdscDataset gdsc = SyntheticGdscGenerator.Generate();
        string drug = gdsc.DrugNames[0];
        return new ExampleDrug(gdsc, drug, gdsc.GetDrugDataView(mlContext, drug));
    }
}
