using Microsoft.ML;

namespace Qhml.MLNet.Data;

/// <summary>A seeded split of one drug's cell lines, from <see cref="GdscDataset.SplitByCellLine"/>.</summary>
/// <param name="DrugName">The drug.</param>
/// <param name="Seed">The seed of the shuffle.</param>
/// <param name="Train">Training rows (same columns as <see cref="GdscDataset.GetDrugDataView"/>).</param>
/// <param name="Test">Test rows: all the drug's other cell lines.</param>
/// <param name="TrainData">The training rows as plain arrays (ids in <see cref="GdscDrugData.CellLineIds"/>).</param>
/// <param name="TestData">The test rows as plain arrays.</param>
public sealed record GdscTrainTestSplit(
    string DrugName, int Seed, IDataView Train, IDataView Test, GdscDrugData TrainData, GdscDrugData TestData);
