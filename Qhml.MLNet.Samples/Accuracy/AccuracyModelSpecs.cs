using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Qhml.MLNet.Hybrid;
using Qhml.MLNet.Samples.Study;
using Qhml.MLNet.Study;

namespace Qhml.MLNet.Samples.Accuracy;

/// <summary>
/// The models of the accuracy table (issue 11): the hybrid's default with its linear path, the same with a
/// classical head, the linear path alone, the previous default, and Sdca with its L2 chosen by inner
/// cross-validation on the training rows. Every choice any of them makes is made on training rows only.
/// </summary>
public static class AccuracyModelSpecs
{
    /// <summary>L2 values Sdca chooses from by inner cross-validation.</summary>
    public static readonly float[] SdcaL2Grid = [0.1f, 1f, 10f, 100f];

    /// <summary>Folds of the inner cross-validation.</summary>
    public const int InnerFolds = 3;

    /// <summary>The trainer's default configuration, what a user gets (seeded, one thread: the study runs runs in parallel).</summary>
    public static ModelSpec Default { get; } = Defaults("QHML-Default", HybridHeadKind.Quantum);

    /// <summary>The default with a classical head of matched size in place of the circuit.</summary>
    public static ModelSpec DefaultClassical { get; } = Defaults("QHML-Default-ClassicalHead", HybridHeadKind.Classical);

    /// <summary>The previous default as a user got it: no linear path, no validation rows, 100 epochs on all training rows.</summary>
    public static ModelSpec Previous { get; } = new("QHML-PreviousDefault",
        (ml, run) => ml.Regression.Trainers.QuantumHybrid(new QuantumHybridRegressionTrainer.Options
        {
            UseLinearPath = false, ValidationFraction = 0, Seed = run.Seed, MaxDegreeOfParallelism = 1,
        }),
        HybridModelSpecs.ExtractDiagnostics);

    /// <summary>The default's linear path alone: the same ridge (it does not depend on the seed), scored without the hybrid term.</summary>
    public static ModelSpec LinearPathOnly { get; } = LinearPathAlone("LinearPath", RidgePenaltySelection.LeaveOneOut);

    /// <summary>The linear path alone with its L2 chosen by <paramref name="penalty"/>.</summary>
    private static ModelSpec LinearPathAlone(string name, RidgePenaltySelection penalty) => new(name, (ml, run) =>
    {
        var trainer = ml.Regression.Trainers.QuantumHybrid(new QuantumHybridRegressionTrainer.Options
        {
            UseLinearPath = true,
            LinearPathPenalty = penalty,
            NumberOfEpochs = 1, // the ridge does not depend on the hybrid term; train it as little as possible
            Seed = run.Seed,
            MaxDegreeOfParallelism = 1,
        });
        return new FitThenEstimator(data =>
        {
            LinearPath linear = trainer.Fit(data).Model.Model.Linear!;
            var definition = SchemaDefinition.Create(typeof(FeatureRow));
            definition[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, run.FeatureCount);
            return ml.Transforms.CustomMapping<FeatureRow, ScoreRow>((input, output) => output.Score = (float)linear.Predict(input.Features),
                contractName: null, inputSchemaDefinition: definition).Fit(data);
        }, trainer);
    });

    /// <summary>Sdca on standardized features with its L2 chosen by 3-fold cross-validation on the training rows (lowest RMSE).</summary>
    public static ModelSpec SdcaCrossValidated { get; } = new("Sdca-CV", (ml, run) =>
    {
        IEstimator<ITransformer> Pipeline(float l2) => ml.Transforms.NormalizeMeanVariance("Features")
            .Append(ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options { L2Regularization = l2, NumberOfThreads = 1 }));
        return new FitThenEstimator(data =>
        {
            float best = SdcaL2Grid
                .Select(l2 => (L2: l2, Rmse: ml.Regression.CrossValidate(data, Pipeline(l2), InnerFolds).Average(f => f.Metrics.RootMeanSquaredError)))
                .MinBy(c => c.Rmse).L2;
            return Pipeline(best).Fit(data);
        }, Pipeline(1f));
    });

    /// <summary>Every model of the table, in table order (the built-in trees from the study).</summary>
    public static IReadOnlyList<ModelSpec> Table { get; } =
        [Default, Previous, DefaultClassical, LinearPathOnly, SdcaCrossValidated, BuiltInModelSpecs.FastTree, BuiltInModelSpecs.LightGbm];

    /// <summary>Candidate configurations measured while choosing the default (names say what differs from the study's base options).</summary>
    public static IReadOnlyList<ModelSpec> Research { get; } =
    [
        HybridModelSpecs.Create("Wide-Q", o => o.UseLinearPath = true),
        HybridModelSpecs.Create("Wide-C", o => { o.UseLinearPath = true; o.Head = HybridHeadKind.Classical; }),
        HybridModelSpecs.Create("Wide-Q-L2e-1", o => { o.UseLinearPath = true; o.L2Regularization = 0.1; }),
        HybridModelSpecs.Create("Wide-Q-H16", o => { o.UseLinearPath = true; o.HiddenLayers = [16]; }),
        HybridModelSpecs.Create("Wide-Q-lr1e-3", o => { o.UseLinearPath = true; o.LearningRate = 1e-3; }),
        LinearPathOnly,
        LinearPathAlone("LinearPath-Evidence", RidgePenaltySelection.MarginalLikelihood),
        Defaults("QHML-Default-Evidence", HybridHeadKind.Quantum, RidgePenaltySelection.MarginalLikelihood),
        SdcaCrossValidated,
        AveragedWide("Wide-Q-K4", 4, HybridHeadKind.Quantum),
        AveragedWide("Wide-C-K4", 4, HybridHeadKind.Classical),
    ];

    /// <summary>Research: the average of K wide models trained with different seeds (so different held-out rows and initializations).</summary>
    private static ModelSpec AveragedWide(string name, int k, HybridHeadKind head) => new(name, (ml, run) =>
    {
        QuantumHybridRegressionTrainer Trainer(int member)
        {
            var o = HybridModelSpecs.BaseOptions(run with { Seed = run.Seed + 7919 * member });
            o.UseLinearPath = true;
            o.Head = head;
            return ml.Regression.Trainers.QuantumHybrid(o);
        }
        return new FitThenEstimator(data =>
        {
            HybridModel[] members = Enumerable.Range(0, k).Select(m => Trainer(m).Fit(data).Model.Model).ToArray();
            var definition = SchemaDefinition.Create(typeof(FeatureRow));
            definition[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, run.FeatureCount);
            return ml.Transforms.CustomMapping<FeatureRow, ScoreRow>((input, output) => output.Score = (float)members.Average(m => m.Predict(input.Features)),
                contractName: null, inputSchemaDefinition: definition).Fit(data);
        }, Trainer(0));
    });

    // The trainer's defaults, but for the head and (when given) the linear path's L2 rule.
    private static ModelSpec Defaults(string name, HybridHeadKind head, RidgePenaltySelection? penalty = null) => new(name,
        (ml, run) =>
        {
            var options = new QuantumHybridRegressionTrainer.Options { Head = head, Seed = run.Seed, MaxDegreeOfParallelism = 1 };
            if (penalty is { } selection)
                options.LinearPathPenalty = selection;
            return ml.Regression.Trainers.QuantumHybrid(options);
        },
        HybridModelSpecs.ExtractDiagnostics);

    private sealed class FeatureRow
    {
        public float[] Features { get; set; } = [];
    }

    private sealed class ScoreRow
    {
        public float Score { get; set; }
    }
}
