using Microsoft.ML;
using Microsoft.ML.Data;

namespace Qhml.MLNet.Samples.Accuracy;

/// <summary>
/// An estimator whose <c>Fit</c> is any function of the training data (for example choosing a trainer's L2 by
/// cross-validation on those rows only, then fitting it). Its output schema is that of a stand-in estimator
/// producing the same columns.
/// </summary>
/// <param name="fit">Trains on the given rows.</param>
/// <param name="shape">An estimator with the same output columns, for <see cref="GetOutputSchema"/>.</param>
public sealed class FitThenEstimator(Func<IDataView, ITransformer> fit, IEstimator<ITransformer> shape) : IEstimator<ITransformer>
{
    /// <inheritdoc/>
    public ITransformer Fit(IDataView input) => fit(input);

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => shape.GetOutputSchema(inputSchema);
}
