namespace Qhml.MLNet.Study;

/// <summary>What a study results file holds.</summary>
/// <param name="Identity">The settings line of the study that wrote it.</param>
/// <param name="Runs">The runs, one per complete row.</param>
/// <param name="DroppedLine">A last row cut short by a kill, described for the user, that was not read; <see langword="null"/> when none.</param>
public sealed record StudyResultsFileContent(string Identity, IReadOnlyList<StudyRunResult> Runs, string? DroppedLine)
{
    /// <summary>Bytes up to the end of the last complete line.</summary>
    internal long CompleteLength { get; init; }
}
