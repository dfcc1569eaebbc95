using System.Runtime.CompilerServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using Qhml.MLNet.Serving;

namespace Qhml.MLNet.Samples.Serve;

/// <summary>
/// A model's feature order by gene name, read from the slot names of the <c>Features</c> column in the input schema
/// saved with the model (the <c>train</c> command saves them): the model file alone decides, so a replaced model
/// with other genes or another order is served correctly without restarting.
/// </summary>
internal sealed class GeneIndex
{
    private static readonly ConditionalWeakTable<ServedModelInfo, GeneIndex> Cache = new();
    private readonly Dictionary<string, int> _slotOf;
    private readonly string[] _genes;

    private GeneIndex(int featureCount, string[] genes)
    {
        FeatureCount = featureCount;
        _genes = genes;
        _slotOf = new Dictionary<string, int>(genes.Length, StringComparer.Ordinal);
        for (int slot = 0; slot < genes.Length; slot++)
            _slotOf.TryAdd(genes[slot], slot);
    }

    /// <summary>The model's feature count.</summary>
    public int FeatureCount { get; }

    /// <summary>The index of a model version (built once per version).</summary>
    /// <exception cref="InvalidOperationException">The model takes no fixed-size 'Features' vector.</exception>
    public static GeneIndex Of(ServedModelInfo model) => Cache.GetValue(model, Build);

    /// <summary>The feature vector for values given by gene name.</summary>
    /// <exception cref="ScoringRequestException">The model has no gene names, a gene is missing, or a value is not finite.</exception>
    public float[] Features(Dictionary<string, float> genes)
    {
        if (_genes.Length == 0)
            throw new ScoringRequestException($"This model was saved without gene names; send 'features' ({FeatureCount} numbers in the model's order).");
        var features = new float[FeatureCount];
        List<string>? missing = null;
        for (int slot = 0; slot < _genes.Length; slot++)
        {
            if (!genes.TryGetValue(_genes[slot], out float value))
                (missing ??= []).Add(_genes[slot]);
            else if (!float.IsFinite(value))
                throw new ScoringRequestException($"Gene '{_genes[slot]}' is {ScoringRequests.Describe(value)}; every value must be a finite number.");
            else
                features[slot] = value;
        }
        if (missing is not null)
            throw new ScoringRequestException(
                $"Missing {missing.Count} of the model's {FeatureCount} genes, e.g. {string.Join(", ", missing.Take(5))}.");
        return features;
    }

    private static GeneIndex Build(ServedModelInfo model)
    {
        DataViewSchema.Column features = model.InputSchema.GetColumnOrNull("Features")
            ?? throw new InvalidOperationException($"The model '{model.FilePath}' takes no 'Features' column.");
        if (features.Type is not VectorDataViewType { Size: > 0 } vector)
            throw new InvalidOperationException($"The model's 'Features' column is {features.Type}; expected a fixed-size vector.");
        if (!features.HasSlotNames())
            return new GeneIndex(vector.Size, []);
        VBuffer<ReadOnlyMemory<char>> names = default;
        features.GetSlotNames(ref names);
        return new GeneIndex(vector.Size, names.DenseValues().Select(n => n.ToString()).ToArray());
    }
}
