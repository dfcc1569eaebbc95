using Microsoft.Extensions.Logging;

namespace Qhml.MLNet.Serving;

/// <summary>Every message the pool logs, in one place (source-generated, no allocation when the level is off).</summary>
internal static partial class ServingLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Model '{ModelName}' generation {Generation} serves '{FilePath}' (sha256 {ContentHash}, {Trainer}), loaded and verified in {LoadMilliseconds:0} ms.")]
    public static partial void ModelServing(ILogger logger, string modelName, int generation, string filePath, string contentHash, string trainer, double loadMilliseconds);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error,
        Message = "Model '{ModelName}': the new file '{FilePath}' was rejected: {Reason}. Still serving sha256 {ServingHash} (generation {Generation}).")]
    public static partial void ReloadRejected(ILogger logger, string modelName, string filePath, string reason, string servingHash, int generation);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug,
        Message = "Model '{ModelName}': '{FilePath}' changed but holds the bytes already serving (sha256 {ContentHash}).")]
    public static partial void ReloadUnchanged(ILogger logger, string modelName, string filePath, string contentHash);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error,
        Message = "Model '{ModelName}': the file watcher's reload loop stopped unexpectedly; call ReloadAsync to reload.")]
    public static partial void WatchLoopFailed(ILogger logger, string modelName, Exception exception);
}
