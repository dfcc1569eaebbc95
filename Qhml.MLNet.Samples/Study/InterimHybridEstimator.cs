using Microsoft.ML;
using Microsoft.ML.Data;
using Qhml.MLNet.Hybrid;
using Qhml.MLNet.Study;

namespace Qhml.MLNet.Samples.Study;

/// <summary>
/// INTERIM: trains the library's <see cref="HybridTrainer"/> (the Hybrid layer, without ML.NET) inside an
/// ML.NET pipeline, so the study can run hybrid models before the <c>QuantumHybrid</c> ML.NET trainer is
/// merged. It scores through a <c>CustomMapping</c> and cannot be saved; the trainer replaces it.
/// </summary>
public sealed class InterimHybridEstimator : IEstimator<ITransformer>
{
    private readonly MLContext _mlContext;
    private readonly HybridOptions _options;

    /// <summary>Creates the estimator.</summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="options">Options of the hybrid trainer (copied).</param>
    public InterimHybridEstimator(MLContext mlContext, HybridOptions options)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(options);
        _mlContext = mlContext;
        _options = options.Clone();
        _options.Validate();
    }

    /// <summary>Trains the hybrid model on the <c>Features</c> and <c>Label</c> columns.</summary>
    /// <param name="input">Training data.</param>
    /// <returns>A transformer adding a <c>Score</c> column.</returns>
    public ITransformer Fit(IDataView input)
    {
        StudyDataset data = StudyDataset.FromDataView("training", input);
        int f = data.FeatureCount;
        var x = new float[data.RowCount * f];
        var y = new float[data.RowCount];
        for (int i = 0; i < data.RowCount; i++)
        {
            data.GetFeatures(i).CopyTo(x.AsSpan(i * f, f));
            y[i] = data.GetLabel(i);
        }
        HybridModel model = new HybridTrainer(_options).Fit(new HybridDataset(f, x, y));
        return new InterimHybridTransformer(_mlContext, model, input);
    }

    /// <summary>The input schema plus a Single <c>Score</c> column.</summary>
    /// <param name="inputSchema">Input schema shape.</param>
    /// <returns>Output schema shape.</returns>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
        => _mlContext.Transforms.CustomMapping<InterimHybridTransformer.FeaturesRow, InterimHybridTransformer.ScoreRow>((_, _) => { }, contractName: null)
            .GetOutputSchema(inputSchema);
}

/// <summary>INTERIM: a trained <see cref="HybridModel"/> scoring the <c>Features</c> column (see <see cref="InterimHybridEstimator"/>).</summary>
public sealed class InterimHybridTransformer : ITransformer
{
    private readonly ITransformer _mapping;

    internal InterimHybridTransformer(MLContext mlContext, HybridModel model, IDataView trainingData)
    {
        Model = model;
        var inputSchema = SchemaDefinition.Create(typeof(FeaturesRow));
        inputSchema[nameof(FeaturesRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, model.FeatureCount);
        _mapping = mlContext.Transforms.CustomMapping<FeaturesRow, ScoreRow>(
                (source, destination) => destination.Score = model.Predict(source.Features), contractName: null, inputSchemaDefinition: inputSchema)
            .Fit(trainingData);
    }

    /// <summary>The trained hybrid model (its <see cref="HybridModel.Diagnostics"/> feed the study).</summary>
    public HybridModel Model { get; }

    /// <inheritdoc/>
    public bool IsRowToRowMapper => _mapping.IsRowToRowMapper;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _mapping.GetOutputSchema(inputSchema);

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => _mapping.GetRowToRowMapper(inputSchema);

    /// <inheritdoc/>
    public IDataView Transform(IDataView input) => _mapping.Transform(input);

    /// <summary>Not supported: this interim adapter is for in-process studies only.</summary>
    /// <param name="ctx">Unused.</param>
    void ICanSaveModel.Save(ModelSaveContext ctx)
        => throw new NotSupportedException("The interim hybrid adapter cannot be saved; use the QuantumHybrid ML.NET trainer (branch 'trainer') for models you save.");

    /// <summary>Input row of the mapping.</summary>
    public sealed class FeaturesRow
    {
        /// <summary>Features.</summary>
        public float[] Features { get; set; } = [];
    }

    /// <summary>Output row of the mapping.</summary>
    public sealed class ScoreRow
    {
        /// <summary>Prediction.</summary>
        public float Score { get; set; }
    }
}
