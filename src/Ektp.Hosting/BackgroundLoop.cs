namespace Ektp.Hosting;

/// <summary>
/// The loop every background worker of ektp runs (outbox sender, decision puller, central pipeline): do a round,
/// rest when there was nothing to do, and outlive anything a round throws. A worker that dies takes its host down
/// (or, worse, silently stops sending), so an exception is handed to <c>onError</c> and the loop rests and goes on;
/// only the host's own shutdown ends it.
/// </summary>
public static class BackgroundLoop
{
    /// <param name="round">One round of work; returns true when it did something and should run again at once.</param>
    /// <param name="idleDelay">How long to rest after an idle or failed round (asked anew each time).</param>
    /// <param name="onError">Told of every exception a round throws.</param>
    /// <param name="clock">The clock to rest on.</param>
    /// <param name="stoppingToken">The host's shutdown.</param>
    public static async Task RunAsync(Func<CancellationToken, Task<bool>> round, Func<TimeSpan> idleDelay,
        Action<Exception> onError, TimeProvider clock, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(idleDelay);
        ArgumentNullException.ThrowIfNull(onError);
        while (!stoppingToken.IsCancellationRequested)
        {
            bool busy;
            try
            {
                busy = await round(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Includes timeouts surfacing as OperationCanceledException that are not the host's shutdown.
                onError(ex);
                busy = false;
            }

            if (!busy)
            {
                await Task.Delay(idleDelay(), clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
