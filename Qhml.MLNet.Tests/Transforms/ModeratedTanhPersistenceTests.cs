using Microsoft.ML;
using Microsoft.ML.Data;
using Qhml.MLNet.Tests.FreshProcess;

namespace Qhml.MLNet.Tests.Transforms;

public class ModeratedTanhPersistenceTests
{
    [Fact]
    public void FreshProcessRoundTripIsBitIdenticalWithoutRegistration()
    {
        var mlContext = new MLContext(seed: 1);
        var data = ModeratedTanhTestData.MixedView(mlContext, 300, seed: 11);
        var model = mlContext.Transforms.NormalizeModeratedTanh("FeaturesNorm", "Features")
            .Append(mlContext.Transforms.NormalizeModeratedTanh("ScalarNorm", "Scalar", halfRange: Math.PI / 2))
            .Fit(data);
        var expected = model.Transform(data);

        using var scored = FreshProcessScoring.Run(mlContext, model, data);

        Assert.False(scored.QhmlLoadedBeforeModelLoad);
        Assert.True(scored.QhmlLoadedAfterModelLoad);
        var expectedVectors = expected.GetColumn<float[]>("FeaturesNorm").ToArray();
        var actualVectors = scored.Output.GetColumn<float[]>("FeaturesNorm").ToArray();
        Assert.Equal(expectedVectors.Length, actualVectors.Length);
        for (int i = 0; i < expectedVectors.Length; i++)
            Assert.Equal(expectedVectors[i].Select(BitConverter.SingleToInt32Bits), actualVectors[i].Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(
            expected.GetColumn<double>("ScalarNorm").Select(BitConverter.DoubleToInt64Bits),
            scored.Output.GetColumn<double>("ScalarNorm").Select(BitConverter.DoubleToInt64Bits));

        // The output keeps the input's type and slot names after the round trip.
        var column = scored.Output.Schema["FeaturesNorm"];
        Assert.Equal(new VectorDataViewType(NumberDataViewType.Single, ModeratedTanhTestData.VectorSize), column.Type);
        VBuffer<ReadOnlyMemory<char>> names = default;
        column.GetSlotNames(ref names);
        Assert.Equal(new[] { "normal", "student3", "lognormal", "uniform" }, names.DenseValues().Select(n => n.ToString()));
    }
}
