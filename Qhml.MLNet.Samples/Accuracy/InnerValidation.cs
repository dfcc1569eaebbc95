using System.Globalization;
using System.Text;
using MathNet.Numerics.Statistics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Qhml.MLNet.Study;

namespace Qhml.MLNet.Samples.Accuracy;

/// <summary>One model's out-of-fold score on the training lines of one outer split.</summary>
/// <param name="Run">The outer run (drug, size, seed index, seeds).</param>
/// <param name="Pearson">Mean over the folds of each fold's Pearson r (pooling the folds' predictions would mix in the folds' different intercepts).</param>
/// <param name="Rmse">RMSE of the same.</param>
/// <param name="Seconds">Wall time of the run's folds.</param>
public sealed record InnerScore(StudyRun Run, double Pearson, double Rmse, double Seconds);

/// <summary>
/// How configurations were chosen without looking at test lines: for every outer split of the study (the same
/// splits, drawn by <see cref="StudyRunner"/>), the model is cross-validated inside the split's training lines
/// only (K folds, seeded), and scored on the pooled out-of-fold predictions. The outer test lines are never read.
/// </summary>
public static class InnerValidation
{
    /// <summary>Scores every model on every outer split's training lines by K-fold cross-validation.</summary>
    /// <param name="datasets">The drugs.</param>
    /// <param name="models">Candidate configurations.</param>
    /// <param name="options">Sizes, seeds, base seed and parallelism of the outer study.</param>
    /// <param name="folds">Inner folds (at least 2).</param>
    /// <param name="progress">Called after each run (serialized).</param>
    /// <returns>One score per outer run and model, in plan order.</returns>
    public static IReadOnlyList<InnerScore> Run(IReadOnlyList<StudyDataset> datasets, IReadOnlyList<ModelSpec> models, StudyOptions options, int folds,
        Action<InnerScore>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        IReadOnlyList<StudyRun> runs = new StudyRunner(datasets, models, options).Runs;
        var byName = datasets.ToDictionary(d => d.Name);
        var specs = models.ToDictionary(m => m.Name);
        var scores = new InnerScore[runs.Count];
        var gate = new object();
        Parallel.For(0, runs.Count, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism }, i =>
        {
            scores[i] = Score(byName[runs[i].Dataset], specs[runs[i].Model], runs[i], folds);
            lock (gate)
                progress?.Invoke(scores[i]);
        });
        return scores;
    }

    private static InnerScore Score(StudyDataset dataset, ModelSpec spec, StudyRun run, int folds)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int[] train = dataset.Split(run.TrainSize, run.SplitSeed).Train;
        int[] order = (int[])train.Clone();
        new Random(run.SplitSeed ^ 0x5bd1e995).Shuffle(order);
        var observed = new double[order.Length];
        var predicted = new double[order.Length];
        double foldPearson = 0;
        for (int k = 0; k < folds; k++)
        {
            int[] held = order.Where((_, i) => i % folds == k).Order().ToArray();
            int[] fit = order.Where((_, i) => i % folds != k).Order().ToArray();
            var ml = new MLContext(seed: run.ModelSeed + k);
            ITransformer model = spec.BuildPipeline(ml, new ModelSpecContext(dataset.FeatureCount, fit.Length, run.ModelSeed + k))
                .Fit(dataset.ToDataView(ml, fit));
            float[] scores = model.Transform(dataset.ToDataView(ml, held)).GetColumn<float>("Score").ToArray();
            for (int i = 0; i < held.Length; i++)
            {
                int slot = Array.IndexOf(order, held[i]);
                observed[slot] = dataset.GetLabel(held[i]);
                predicted[slot] = scores[i];
            }
            foldPearson += Correlation.Pearson(held.Select(r => (double)dataset.GetLabel(r)), scores.Select(v => (double)v)) / folds;
        }
        double rmse = Math.Sqrt(observed.Zip(predicted, (o, p) => (o - p) * (o - p)).Average());
        return new InnerScore(run, foldPearson, rmse, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Writes the scores as CSV (invariant culture).</summary>
    /// <param name="path">Destination file.</param>
    /// <param name="scores">The scores.</param>
    public static void WriteCsv(string path, IReadOnlyList<InnerScore> scores)
    {
        var text = new StringBuilder("dataset,model,train_size,seed_index,inner_pearson,inner_rmse,seconds\n");
        foreach (InnerScore s in scores)
            text.Append(CultureInfo.InvariantCulture, $"{s.Run.Dataset},{s.Run.Model},{s.Run.TrainSize},{s.Run.SeedIndex},{s.Pearson:R},{s.Rmse:R},{s.Seconds:0.00}\n");
        File.WriteAllText(path, text.ToString());
    }
}
