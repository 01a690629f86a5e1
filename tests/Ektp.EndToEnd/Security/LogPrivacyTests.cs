using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Ektp.Core.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ektp.EndToEnd.Security;

/// <summary>
/// Personal data never appears in the servers' logs: a full run — recording, upload, dedup, a duplicate case and its
/// ruling, reads of the record, a refused request and a server error page — writes log lines with packet ids,
/// sequence numbers and codes, but no NIK and no name. The servers keep their own log levels (the capture is one
/// more provider behind the same filters), so this is what an office's log file would hold.
/// </summary>
[Trait("Category", "Database")]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes it through IAsyncLifetime")]
public sealed class LogPrivacyTests : IAsyncLifetime
{
    private readonly LogCapture _log = new();
    private TwoServers _servers = null!;

    public async Task InitializeAsync() => _servers = await TwoServers.StartAsync(
        configureRegional: b => b.Logging.AddProvider(_log), configureCentral: b => b.Logging.AddProvider(_log));

    public async Task DisposeAsync()
    {
        await _servers.DisposeAsync();
        _log.Dispose();
    }

    [Fact]
    public async Task A_full_run_logs_no_nik_and_no_name()
    {
        var first = await _servers.AddResidentAsync("WAHYU KURNIAWATI");
        await _servers.EnrollAsync(first);
        await _servers.WaitForStatusAsync(first, RecordStatus.PrintReadyRecord);
        var twin = await _servers.AddResidentAsync("WAHYU KURNIAWATI KEMBAR");
        await _servers.EnrollAsync(twin);
        await _servers.WaitForStatusAsync(twin, RecordStatus.DuplicateRecord);
        (await _servers.RegionalClient.GetAsync($"/api/residents/{first}")).EnsureSuccessStatusCode();
        (await _servers.RegionalClient.GetAsync($"/penduduk/{twin}")).EnsureSuccessStatusCode();
        var cases = await _servers.CentralClient.GetFromJsonAsync<List<JsonElement>>("/api/cases") ?? [];
        (await _servers.CentralClient.PostAsJsonAsync($"/api/cases/{Assert.Single(cases).GetProperty("id").GetInt64()}/ruling",
            new { ruling = "different-people", by = "adjudicator.pusat", reason = "twins" })).EnsureSuccessStatusCode();
        await _servers.WaitForStatusAsync(twin, RecordStatus.PrintReadyRecord);
        await _servers.RegionalClient.PostAsync("/api/enrollments", Ektp.Regional.Tests.Infrastructure.EnrollmentForm.Complete(twin).Build()); // refused

        var lines = _log.Lines.ToList();
        Assert.NotEmpty(lines); // the capture sees the servers' own lines (packet received, decision applied …)
        Assert.Contains(lines, l => l.Contains("Decision", StringComparison.Ordinal));
        foreach (var secret in new[] { first, twin, "WAHYU", "KURNIAWATI", "SITI AMINAH" })
        {
            var leak = lines.FirstOrDefault(l => l.Contains(secret, StringComparison.OrdinalIgnoreCase));
            Assert.True(leak is null, $"the log holds '{secret}': {leak}");
        }
    }

    private sealed class LogCapture : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
                Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
