using Ektp.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ektp.Central.Pipeline;

/// <summary>
/// Drives pipeline jobs one stage at a time, one job at a time, oldest first. Every stage commits on its own, so
/// the process may stop (or be killed) between any two stages and the next start carries on from the stored stage.
/// A failing stage is retried with back-off and, after <see cref="CentralSettings.PipelineMaxAttempts"/>, ends in
/// ENROLL_FAILURE_AT_CENTRAL rather than blocking the packets behind it.
/// </summary>
internal sealed partial class PipelineWorker(
    IServiceScopeFactory scopes,
    CentralSettings settings,
    TimeProvider clock,
    ILogger<PipelineWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        BackgroundLoop.RunAsync(RunOnceAsync, () => settings.PipelinePollInterval, ex => LogLoopError(logger, ex), clock,
            stoppingToken);

    /// <summary>Runs one stage of the next due job; false when there was nothing to do.</summary>
    public async Task<bool> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var processor = scope.ServiceProvider.GetRequiredService<PipelineProcessor>();
        var job = await processor.NextDueAsync(ct);
        if (job is null)
        {
            return false;
        }

        var from = job.Stage;
        try
        {
            var to = await processor.RunStageAsync(job, ct);
            LogStage(logger, job.PacketId, from, to);
            if (to == PipelineStage.Done)
            {
                LogDecided(logger, job.PacketId, job.FailureCode ?? "decided");
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogStageFailed(logger, ex, job.PacketId, from);
            await using var retryScope = scopes.CreateAsyncScope();
            var retry = retryScope.ServiceProvider.GetRequiredService<PipelineProcessor>();
            await retry.RecordErrorAsync(job.PacketId, ex, ct);
        }

        return true;
    }

    [LoggerMessage(EventId = 2100, Level = LogLevel.Debug, Message = "Packet {PacketId}: {From} → {To}")]
    private static partial void LogStage(ILogger logger, Guid packetId, PipelineStage from, PipelineStage to);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Packet {PacketId} went through the pipeline ({Outcome})")]
    private static partial void LogDecided(ILogger logger, Guid packetId, string outcome);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Packet {PacketId}: stage {Stage} failed; it will be retried")]
    private static partial void LogStageFailed(ILogger logger, Exception exception, Guid packetId, PipelineStage stage);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Error, Message = "Pipeline loop failed; it will try again")]
    private static partial void LogLoopError(ILogger logger, Exception exception);
}
