using Microsoft.ML.SearchSpace;

namespace Qhml.MLNet.Experiments;

/// <summary>The tree-shape knobs every tree family searches (same names as ML.NET's tree options).</summary>
public abstract class TreeSearchOptions
{
    /// <summary>Leaves per tree.</summary>
    [Range(2, 64, 16, true)]
    public int NumberOfLeaves = 16;

    /// <summary>Rows a leaf needs.</summary>
    [Range(2, 50, 10, true)]
    public int MinimumExampleCountPerLeaf = 10;

    /// <summary>Fraction of features each tree may split on.</summary>
    [Range(0.05, 1.0, 0.7, false)]
    public double FeatureFraction = 0.7;
}

/// <summary>The knobs every boosted-tree family searches on top of <see cref="TreeSearchOptions"/>.</summary>
public abstract class BoostedTreeSearchOptions : TreeSearchOptions
{
    /// <summary>Shrinkage of each tree.</summary>
    [Range(0.005, 0.5, 0.1, true)]
    public double LearningRate = 0.1;
}
