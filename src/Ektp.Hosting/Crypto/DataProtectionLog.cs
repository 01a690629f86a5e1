using Microsoft.Extensions.Logging;

namespace Ektp.Hosting.Crypto;

/// <summary>Log lines of the data protection (event ids 10–19). They name keys and counts, never a value.</summary>
public static partial class DataProtectionLog
{
    public static void Opened(ILoggerFactory loggers, DataProtectionReport report)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        ArgumentNullException.ThrowIfNull(report);
        if (report.PlaintextEncrypted > 0)
        {
            PlaintextEncrypted(loggers.CreateLogger(typeof(DataProtectionLog).FullName!), report.PlaintextEncrypted,
                report.CurrentKeyId);
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning,
        Message = "{Count} stored biometric values written before encryption at rest were encrypted under data key " +
                  "{KeyId}, and the database was compacted so the old pages no longer hold them")]
    private static partial void PlaintextEncrypted(ILogger logger, long count, int keyId);
}
