using System.Globalization;

namespace Qhml.MLNet.Study;

/// <summary>What identifies a run within a study: data set, model, training size and split index.</summary>
internal readonly record struct StudyRunKey(string Dataset, string Model, int TrainSize, int SeedIndex)
{
    public static StudyRunKey Of(StudyRun run) => new(run.Dataset, run.Model, run.TrainSize, run.SeedIndex);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Dataset} / {Model} / n = {TrainSize} / seed {SeedIndex}");
}
