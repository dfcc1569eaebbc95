using Microsoft.ML;
using Microsoft.ML.Data;
using Qhml.MLNet.Data;

namespace Qhml.MLNet.Tests.Data;

/// <summary>The documented scoring path: train on a dataset view, score single rows with a PredictionEngine
/// whose input schema comes from <see cref="GdscDataset.CreateSchemaDefinition{TRow}"/>.</summary>
public sealed class GdscPredictionEngineTests
{
    private sealed class Prediction
    {
        [ColumnName("Score")]
        public float Score { get; set; }
    }

    [Fact]
    public void PredictionEngineScoresRowsLikeTheBatchTransform()
    {
        var data = SyntheticGdscGenerator.Generate(new SyntheticGdscGenerator.Options
        {
            Seed = 2, CellLineCount = 80, GeneCount = 30, DrugCount = 1, ModuleCount = 4,
        });
        var ml = new MLContext(seed: 1);
        var split = data.SplitByCellLine(ml, data.DrugNames[0], trainSize: 50, seed: 3);
        var model = ml.Regression.Trainers.Sdca(GdscColumnNames.Label, GdscColumnNames.Features, l2Regularization: 1f).Fit(split.Train);
        var batchScores = model.Transform(split.Test).GetColumn<float>("Score").ToArray();

        var engine = ml.Model.CreatePredictionEngine<GdscResponseRow, Prediction>(model,
            inputSchemaDefinition: data.CreateSchemaDefinition<GdscResponseRow>());
        var single = split.TestData.Features.Select(f => engine.Predict(new GdscResponseRow { Features = f }).Score).ToArray();

        Assert.Equal(batchScores, single);
        Assert.True(batchScores.Distinct().Count() > 1);
    }

    [Fact]
    public void DatasetSummaryNamesSizesAndSource()
    {
        var data = SyntheticGdscGenerator.Generate(new SyntheticGdscGenerator.Options { Seed = 9, CellLineCount = 12, GeneCount = 5, DrugCount = 3, ResponseFraction = 1 });
        Assert.StartsWith("GDSC dataset: 12 cell lines x 5 genes, 3 drugs, 36 responses; source: synthetic (seed 9", data.ToString());
    }
}
