using Microsoft.ML;
using Microsoft.ML.Data;
using Qhml.MLNet.Tests.Trainers;

namespace Qhml.MLNet.Tests.Loading;

/// <summary>A small saved pipeline (moderated-tanh transform, then the hybrid trainer) and the rows it scores.</summary>
internal sealed class LoadingTestModels
{
    private static readonly Lazy<LoadingTestModels> Shared = new(() => new LoadingTestModels());

    private LoadingTestModels()
    {
        var mlContext = new MLContext(seed: 1);
        Data = TrainerTestData.VectorView(mlContext, 64, seed: 3);
        var options = TrainerTestData.SmallOptions(epochs: 2);
        options.HiddenLayers = [3];
        options.NumberOfQubits = 2;
        options.NumberOfLayers = 1;
        var model = mlContext.Transforms.NormalizeModeratedTanh("Features")
            .Append(mlContext.Regression.Trainers.QuantumHybrid(options))
            .Fit(Data);
        using var stream = new MemoryStream();
        mlContext.Model.Save(model, Data.Schema, stream);
        Zip = stream.ToArray();
        Expected = Score(mlContext, model);
    }

    public static LoadingTestModels Instance => Shared.Value;

    /// <summary>The saved pipeline.</summary>
    public byte[] Zip { get; }

    /// <summary>Rows to score: 64 rows of <see cref="TrainerTestData.FeatureCount"/> features.</summary>
    public IDataView Data { get; }

    /// <summary>The scores of the model before saving.</summary>
    public float[] Expected { get; }

    public float[] Score(MLContext mlContext, ITransformer model)
        => model.Transform(Data).GetColumn<float>("Score").ToArray();

    /// <summary>Whether <paramref name="scores"/> equal <see cref="Expected"/> bit for bit.</summary>
    public bool PredictsIdentically(float[] scores)
        => scores.Select(BitConverter.SingleToInt32Bits).SequenceEqual(Expected.Select(BitConverter.SingleToInt32Bits));
}
