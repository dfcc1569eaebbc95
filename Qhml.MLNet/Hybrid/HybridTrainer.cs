using System.Globalization;
using System.Numerics.Tensors;

namespace Qhml.MLNet.Hybrid;

/// <summary>
/// Trains a <see cref="HybridModel"/>: mini-batch Adam on standardized labels, L2 on weights, early
/// stopping on a validation set (restoring the best weights), seeded and bit-identical whatever the
/// thread count.
/// </summary>
internal sealed class HybridTrainer
{
    // Validation rows scored per PredictBatch call (a row's prediction does not depend on the rows scored with it).
    private const int PredictionBlock = 256;

    private readonly HybridOptions _options;

    /// <summary>Creates a trainer; the options are validated and copied.</summary>
    /// <param name="options">Model and training options (null for the defaults).</param>
    public HybridTrainer(HybridOptions? options = null)
    {
        _options = (options ?? new HybridOptions()).Clone();
        _options.Validate();
    }

    /// <summary>A copy of the options this trainer uses.</summary>
    public HybridOptions Options => _options.Clone();

    /// <summary>Trains on <paramref name="training"/>.</summary>
    /// <param name="training">Training rows.</param>
    /// <param name="validation">Early-stopping rows; when null, <see cref="HybridOptions.ValidationFraction"/> of the training rows are held out (if positive).</param>
    /// <param name="epochCallback">Called after every epoch.</param>
    /// <param name="cancellationToken">Checked between mini-batches.</param>
    /// <returns>The trained model.</returns>
    /// <exception cref="ArgumentException">Bad input (no usable rows, NaN feature, wrong feature count...).</exception>
    /// <exception cref="InvalidOperationException">Training diverged (non-finite loss or gradient).</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public HybridModel Fit(HybridDataset training, HybridDataset? validation = null,
        Action<HybridEpochReport>? epochCallback = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(training);
        var o = _options;
        int f = training.FeatureCount;
        var all = PreparedRows.From(training, f, "training", o.SkipRowsWithNonFiniteFeatures);
        if (all.Count == 0)
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The training set has no usable rows ({training.RowCount} rows, {all.SkippedNaNLabels} with a NaN label, {all.SkippedInvalidFeatures} with an invalid feature)."),
                nameof(training));
        int skippedNaN = all.SkippedNaNLabels, skippedBad = all.SkippedInvalidFeatures;
        PreparedRows? given = null;
        if (validation is not null)
        {
            given = PreparedRows.From(validation, f, "validation", o.SkipRowsWithNonFiniteFeatures);
            skippedNaN += given.SkippedNaNLabels;
            skippedBad += given.SkippedInvalidFeatures;
            if (given.Count == 0)
                given = null;
        }
        // Cancellation is also checked around the stages before the first mini-batch, which can take seconds.
        cancellationToken.ThrowIfCancellationRequested();
        // Wide and deep: the hybrid term learns what the ridge leaves, out of sample (leave-one-out residuals).
        RidgeFit.Result? ridge = o.UseLinearPath ? RidgeFit.Fit(all, f, o.LinearPathPenalty, maxDegreeOfParallelism: o.Parallelism) : null;
        if (ridge is not null)
        {
            all = all.WithLabels(Residuals(all.Labels, ridge.LeaveOneOut));
            if (given is not null)
                given = given.WithLabels(Residuals(given.Labels, RidgePredictions(ridge, given)));
        }
        PreparedRows train = all;
        PreparedRows? valid = given;
        if (valid is null && validation is null && o.ValidationFraction > 0 && all.Count >= 2)
            (train, valid) = HoldOut(all, o.ValidationFraction, o.Seed);

        if (!train.Weights.Any(w => w > 0))      // weights are finite and >= 0 here (PreparedRows checks them)
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"All {train.Count} training rows have example weight 0; at least one must be positive."),
                nameof(training));

        cancellationToken.ThrowIfCancellationRequested();
        var architecture = new HybridArchitecture(f, o, ClassicalHiddenUnits(o));
        var components = HybridComponents.Create(architecture);
        var model = new HybridTrainingRun(o, components, train, valid, skippedNaN, skippedBad).Run(epochCallback, cancellationToken);
        if (ridge is null)
            return model;
        double hybridWeight = valid is null ? 1.0 : MixingWeight(model, valid, f);
        return model.WithLinearPath(new LinearPath(ridge.Weights, ridge.Bias, ridge.L2, hybridWeight));
    }

    private static double[] Residuals(double[] labels, double[] predictions)
    {
        var r = new double[labels.Length];
        for (int i = 0; i < r.Length; i++)
            r[i] = labels[i] - predictions[i];
        return r;
    }

    private static double[] RidgePredictions(RidgeFit.Result ridge, PreparedRows rows)
    {
        var linear = new LinearPath(ridge.Weights, ridge.Bias, ridge.L2, 0);
        var p = new double[rows.Count];
        for (int i = 0; i < p.Length; i++)
            p[i] = linear.Evaluate(rows.Row(i));
        return p;
    }

    // The weight in [0, 1] of the hybrid term: the weighted least-squares fit of the validation residuals, lowered
    // by one standard error, so that the hybrid term enters only as far as held-out rows show it helps (the same
    // rows chose its early-stopping epoch, which makes the plain fit optimistic).
    private static double MixingWeight(HybridModel model, PreparedRows valid, int f)
    {
        var h = new float[valid.Count];
        var block = new float[PredictionBlock * f];
        for (int start = 0; start < h.Length; start += PredictionBlock)
        {
            int count = Math.Min(PredictionBlock, h.Length - start);
            model.PredictBatch(valid.Block(start, count, block), h.AsSpan(start, count));
        }
        double hr = 0, hh = 0, total = 0;
        for (int i = 0; i < h.Length; i++)
        {
            hr += valid.Weights[i] * h[i] * valid.Labels[i];
            hh += valid.Weights[i] * h[i] * (double)h[i];
            total += valid.Weights[i];
        }
        if (!(hh > 0) || !double.IsFinite(hr) || !double.IsFinite(hh) || total <= 1)
            return 0;
        double g = hr / hh, rss = 0;
        for (int i = 0; i < h.Length; i++)
        {
            double e = valid.Labels[i] - g * h[i];
            rss += valid.Weights[i] * e * e;
        }
        double se = Math.Sqrt(rss / (total - 1) / hh);
        double lower = g - se;
        return double.IsFinite(lower) ? Math.Clamp(lower, 0, 1) : 0;
    }

    private static int ClassicalHiddenUnits(HybridOptions o)
    {
        if (o.Head != HybridHeadKind.Classical)
            return 0;
        if (o.ClassicalHeadHiddenUnits > 0)
            return o.ClassicalHeadHiddenUnits;
        return ClassicalHead.MatchingHiddenUnits(o.NumberOfQubits, QuantumHead.ParameterCountFor(o));
    }

    // Seeded split: shuffle the row indices, the first round(fraction * n) (at least 1, at most n - 1) validate.
    private static (PreparedRows Train, PreparedRows Valid) HoldOut(PreparedRows all, double fraction, int seed)
    {
        int n = all.Count;
        var order = Enumerable.Range(0, n).ToArray();
        new Random(unchecked(seed * 486187739 + 12345)).Shuffle(order);
        int nValid = Math.Clamp((int)Math.Round(fraction * n), 1, n - 1);
        var valid = order[..nValid];
        var train = order[nValid..];
        Array.Sort(valid);
        Array.Sort(train);
        return (all.Subset(train), all.Subset(valid));
    }
}
