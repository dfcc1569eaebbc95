using System.Globalization;
using System.Text;

namespace Qhml.MLNet.Study;

/// <summary>
/// The append-only results file of a study (CSV, invariant culture): a first line <c># study: ...</c> naming the
/// settings that make runs comparable (<see cref="StudyRunner.Identity"/>), the header of
/// <see cref="StudyResultsCsv"/>, then one row per finished run, flushed to disk as it finishes. Killing or
/// cancelling the process loses only the runs in progress; a row cut short by a kill (no line end) is dropped
/// on reading. Shard files of one study merge into one (<see cref="Merge"/>).
/// </summary>
/// <remarks>Open one with <see cref="Open"/> and pass it to <see cref="StudyRunner.RunWithResultsFile"/>.</remarks>
public sealed class StudyResultsFile : IDisposable
{
    private const string IdentityPrefix = "# study: ";
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly Lock _gate = new();
    private bool _closed;
    private int _appended;

    private StudyResultsFile(string path, string identity, IReadOnlyList<StudyRunResult> resumed, string? droppedLine)
    {
        Path = path;
        Identity = identity;
        Resumed = resumed;
        DroppedLine = droppedLine;
    }

    /// <summary>Full path of the file.</summary>
    public string Path { get; }

    /// <summary>The study settings the file belongs to.</summary>
    public string Identity { get; }

    /// <summary>The runs the file held when it was opened (empty for a new file).</summary>
    public IReadOnlyList<StudyRunResult> Resumed { get; }

    /// <summary>What was dropped on opening: a last row cut short by a kill, described for the user; <see langword="null"/> when none.</summary>
    public string? DroppedLine { get; }

    /// <summary>Rows in the file: the resumed runs and those appended since.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
                return Resumed.Count + _appended;
        }
    }

    /// <summary>
    /// Starts a results file, or (with <paramref name="resume"/>) continues one: its settings line must be
    /// <paramref name="identity"/>, its rows are read into <see cref="Resumed"/>, and a last row cut short by a kill
    /// is removed from the file (see <see cref="DroppedLine"/>).
    /// </summary>
    /// <param name="path">The file; its folder must exist.</param>
    /// <param name="identity">The study's settings line (<see cref="StudyRunner.Identity"/>).</param>
    /// <param name="resume">Continue the file if it exists; without it an existing file is refused.</param>
    /// <returns>The open file.</returns>
    /// <exception cref="InvalidOperationException">The file exists and <paramref name="resume"/> is false, or it belongs to a study with other settings (the message names them).</exception>
    /// <exception cref="FormatException">The file is not a study results file, or a complete row is malformed (the message names the line).</exception>
    public static StudyResultsFile Open(string path, string identity, bool resume)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(identity);
        if (identity.AsSpan().IndexOfAny('\r', '\n') >= 0)
            throw new ArgumentException("A study identity is one line.", nameof(identity));
        string full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            // Written beside it and moved into place, so a kill during creation never leaves a file that is
            // neither absent nor resumable.
            string temporary = full + ".new";
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(Utf8.GetBytes(IdentityPrefix + identity + "\n" + StudyResultsCsv.Header + "\n"));
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: false);
            return new StudyResultsFile(full, identity, [], null);
        }
        if (!resume)
            throw new InvalidOperationException($"The results file '{full}' exists. Resume it (--resume), or choose another output folder.");
        StudyResultsFileContent content = Read(full);
        if (content.Identity != identity)
            throw new InvalidOperationException($"The results file '{full}' belongs to a study with other settings ({Differences(content.Identity, identity)}). Resume with the settings it names, or choose another output folder.\n  file: {content.Identity}\n  now:  {identity}");
        if (content.DroppedLine is not null)
        {
            // Cut the torn row off, so the next row starts on a line of its own.
            using var stream = new FileStream(full, FileMode.Open, FileAccess.Write, FileShare.Read);
            stream.SetLength(content.CompleteLength);
            stream.Flush(flushToDisk: true);
        }
        return new StudyResultsFile(full, identity, content.Runs, content.DroppedLine);
    }

    /// <summary>Appends one run and flushes it to disk. Safe to call from several threads.</summary>
    /// <param name="result">The finished run.</param>
    /// <exception cref="ObjectDisposedException">The file was closed.</exception>
    public void Append(StudyRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        byte[] bytes = Utf8.GetBytes(StudyResultsCsv.FormatRow(result) + "\n");
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            using (var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            _appended++;
        }
    }

    /// <summary>Closes the file: waits for an append in progress; later appends throw. The file stays on disk.</summary>
    public void Dispose()
    {
        lock (_gate)
            _closed = true;
    }

    /// <summary>Reads a results file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>Its settings line, its runs in file order, and what was dropped.</returns>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="FormatException">Not a study results file, or a complete row is malformed (the message names the line).</exception>
    public static StudyResultsFileContent Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new FileNotFoundException($"The results file '{full}' does not exist.", full);
        byte[] bytes = File.ReadAllBytes(full);
        // Only complete lines count: a kill mid-write leaves a row without its line end (rows never hold one).
        int complete = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        string text = Utf8.GetString(bytes, 0, complete);
        string[] lines = text.Split('\n');
        if (lines.Length < 3 || !lines[0].StartsWith(IdentityPrefix, StringComparison.Ordinal) || lines[1].TrimEnd('\r') != StudyResultsCsv.Header)
            throw new FormatException($"'{full}' is not a study results file: it should start with a line '{IdentityPrefix}...' and then the header '{StudyResultsCsv.Header}'.");
        string identity = lines[0][IdentityPrefix.Length..].TrimEnd('\r');
        var runs = new List<StudyRunResult>();
        for (int i = 2; i < lines.Length - 1; i++)
        {
            string line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
                continue;
            try
            {
                runs.Add(StudyResultsCsv.ParseRow(line));
            }
            catch (FormatException e)
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"'{full}', line {i + 1}: {e.Message}"), e);
            }
        }
        string? dropped = complete == bytes.Length ? null
            : string.Create(CultureInfo.InvariantCulture, $"The last line of '{full}' (line {lines.Length}, {bytes.Length - complete} bytes) has no line end: a row cut short when the process was killed. It was dropped; that run will be run again.");
        return new StudyResultsFileContent(identity, runs, dropped) { CompleteLength = complete };
    }

    /// <summary>Writes a complete file: the settings line, the header and the runs in the given order (overwritten, through a temporary file).</summary>
    /// <param name="path">The file.</param>
    /// <param name="identity">The study's settings line.</param>
    /// <param name="runs">The runs.</param>
    public static void Write(string path, string identity, IEnumerable<StudyRunResult> runs)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentException.ThrowIfNullOrWhiteSpace(identity);
        ArgumentNullException.ThrowIfNull(runs);
        var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        text.Write(IdentityPrefix + identity + "\n");
        StudyResultsCsv.Write(text, runs);
        string full = System.IO.Path.GetFullPath(path);
        string temporary = full + ".tmp";
        File.WriteAllText(temporary, text.ToString(), Utf8);
        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>
    /// Merges the results files of the shards of one study into <paramref name="outputPath"/>, in the study's run
    /// order. Every file must carry the same settings line; a run present in several files must have the same
    /// outcome (everything but its duration).
    /// </summary>
    /// <param name="shardPaths">The shard files.</param>
    /// <param name="outputPath">The merged file; it must not exist yet (so a shard's own file is never replaced).</param>
    /// <returns>The merged content.</returns>
    /// <exception cref="ArgumentException">No files, or the files come from studies with other settings, or disagree on a run.</exception>
    /// <exception cref="IOException"><paramref name="outputPath"/> exists.</exception>
    public static StudyResultsFileContent Merge(IReadOnlyList<string> shardPaths, string outputPath)
    {
        ArgumentNullException.ThrowIfNull(shardPaths);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputPath);
        if (shardPaths.Count == 0)
            throw new ArgumentException("Merge needs at least one results file.", nameof(shardPaths));
        // Never over a shard's own file: each shard resumes from its file, and a merged file there breaks that.
        string output = System.IO.Path.GetFullPath(outputPath);
        if (File.Exists(output))
            throw new IOException($"'{output}' exists{(shardPaths.Any(p => System.IO.Path.GetFullPath(p) == output) ? " and is one of the files to merge" : "")}: merge writes a new file. Choose another output folder (a shard's own results file must stay as it is: the shard resumes from it), or delete an earlier merged file.");
        string? identity = null;
        var byKey = new Dictionary<StudyRunKey, StudyRunResult>();
        foreach (string path in shardPaths)
        {
            StudyResultsFileContent content = Read(path);
            if (identity is not null && content.Identity != identity)
                throw new ArgumentException($"'{System.IO.Path.GetFullPath(path)}' comes from a study with other settings ({Differences(content.Identity, identity)}) than '{System.IO.Path.GetFullPath(shardPaths[0])}'.\n  {content.Identity}\n  {identity}");
            identity = content.Identity;
            foreach (StudyRunResult run in content.Runs)
            {
                var key = StudyRunKey.Of(run.Run);
                if (byKey.TryGetValue(key, out StudyRunResult? seen) && !SameOutcome(seen, run))
                    throw new ArgumentException($"Run {key} appears in two files with different outcomes (the second is '{System.IO.Path.GetFullPath(path)}').");
                byKey.TryAdd(key, run);
            }
        }
        StudyRunResult[] ordered = StudyIdentity.Order(identity!, byKey.Values);
        Write(outputPath, identity!, ordered);
        return new StudyResultsFileContent(identity!, ordered, null);
    }

    /// <summary>Whether two results of a run agree on everything but the time it took.</summary>
    internal static bool SameOutcome(StudyRunResult a, StudyRunResult b)
        => StudyResultsCsv.FormatRow(a with { Duration = TimeSpan.Zero }) == StudyResultsCsv.FormatRow(b with { Duration = TimeSpan.Zero });

    private static string Differences(string file, string now)
    {
        Dictionary<string, string> a = StudyIdentity.Parts(file), b = StudyIdentity.Parts(now);
        string[] keys = a.Keys.Union(b.Keys).Where(k => a.GetValueOrDefault(k) != b.GetValueOrDefault(k)).ToArray();
        return keys.Length == 0 ? "the settings lines differ"
            : string.Join("; ", keys.Select(k => $"{k}: file {a.GetValueOrDefault(k) ?? "(none)"}, now {b.GetValueOrDefault(k) ?? "(none)"}"));
    }
}
