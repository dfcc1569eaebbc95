using Microsoft.ML;
using Qhml.MLNet.Study;

namespace Qhml.MLNet.Tests.Study;

public class StudyDatasetTests
{
    [Fact]
    public void SplitTakesTheRequestedRowsAndTestsOnAllOthers()
    {
        StudyDataset data = StudyTestData.Linear("d", rows: 30, features: 4, seed: 1);

        (int[] train, int[] test) = data.Split(10, seed: 7);

        Assert.Equal(10, train.Length);
        Assert.Equal(20, test.Length);
        Assert.Equal(Enumerable.Range(0, 30), train.Concat(test).Order());
        Assert.Equal(train, data.Split(10, seed: 7).Train);
        Assert.NotEqual(train, data.Split(10, seed: 8).Train);
    }

    [Fact]
    public void SplitRejectsASizeLeavingTooFewTestRows()
    {
        StudyDataset data = StudyTestData.Linear("Venetoclax", rows: 30, features: 4, seed: 1);

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => data.Split(29, seed: 1));
        Assert.Contains("'Venetoclax' has 30 rows", ex.Message);
    }

    [Fact]
    public void RejectsNonFiniteFeaturesNamingRowAndSlot()
    {
        float[][] x = [[1, 2], [3, float.NaN]];
        var ex = Assert.Throws<ArgumentException>(() => new StudyDataset("d", x, [1, 2]));
        Assert.Contains("feature slot 1 of row 1 is NaN", ex.Message);
    }

    [Fact]
    public void RoundTripsThroughADataViewWithSlotNames()
    {
        var ml = new MLContext(1);
        StudyDataset data = StudyTestData.Linear("d", rows: 12, features: 3, seed: 2);

        IDataView view = data.ToDataView(ml, [0, 5, 11]);
        StudyDataset back = StudyDataset.FromDataView("back", view);

        Assert.Equal(3, back.RowCount);
        Assert.Equal(data.GetFeatures(5).ToArray(), back.GetFeatures(1).ToArray());
        Assert.Equal(data.GetLabel(11), back.GetLabel(2));
        Assert.Equal(["g0", "g1", "g2"], back.SlotNames!);
    }
}
