using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace Ektp.Cli.Tests;

/// <summary>
/// The real `ektp demo` program with a small Kota Dumai: three servers come up, the stream's enrollments reach the
/// centre and come back decided, the planted duplicate from Kota Singkawang opens a case, and Ctrl+C (SIGINT) stops
/// everything.
/// </summary>
public sealed class DemoCommandTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private readonly StringBuilder _out = new();
    private readonly string _data = EktpProcess.TempDir();
    private readonly HttpClient _http;
    private Process? _demo;

    public DemoCommandTests(ITestOutputHelper output)
    {
        _output = output;
        // The demo serves HTTPS with the self-signed certificate it makes in its data folder: trust exactly that one.
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, _, _) =>
                presented is not null && File.Exists(Path.Combine(_data, "keys", "tls", "server.crt")) &&
                presented.RawData.AsSpan().SequenceEqual(System.Security.Cryptography.X509Certificates
                    .X509CertificateLoader.LoadCertificateFromFile(Path.Combine(_data, "keys", "tls", "server.crt")).RawData),
        };
        _http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
    }

    private readonly ITestOutputHelper _output;

    public void Dispose()
    {
        if (_demo is { HasExited: false })
        {
            _demo.Kill(entireProcessTree: true);
        }

        _demo?.Dispose();
        _http.Dispose();
        _output.WriteLine(Output());
    }

    [Fact]
    public async Task The_demo_streams_enrollments_to_print_ready_plants_a_duplicate_from_two_regions_and_stops_on_ctrl_c()
    {
        var (central, dumai, singkawang) = (FreeUrl(), FreeUrl(), FreeUrl());
        _demo = Start("demo", "--data", _data, "--seed", "small", "--stream", "1",
            "--urls", dumai, "--central-urls", central, "--singkawang-urls", singkawang);

        foreach (var url in new[] { central, dumai, singkawang })
        {
            await WaitUntilAsync(async () => (await _http.GetAsync(url + "/health")).IsSuccessStatusCode, $"{url}/health");
        }

        // The demo prints one-time passwords; an adjudicator changes hers, then signs the client in.
        await WaitUntilAsync(() => Task.FromResult(AdjudicatorPassword().Success), "the demo's accounts");
        var changed = await _http.PostAsJsonAsync(central + "/api/auth/password", new
        {
            user = "adjudikator",
            password = AdjudicatorPassword().Groups[1].Value,
            newPassword = "hakim-adil-2026",
        });
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        var token = await (await _http.PostAsJsonAsync(central + "/api/auth/token",
            new { user = "adjudikator", password = "hakim-adil-2026" })).Content.ReadFromJsonAsync<JsonElement>();
        _http.DefaultRequestHeaders.Authorization =
            new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        await WaitUntilAsync(() => Task.FromResult(Output().Contains("operator.rekam", StringComparison.Ordinal)),
            "the regional accounts");

        await WaitUntilAsync(async () =>
            (await _http.GetFromJsonAsync<JsonElement>(central + "/api/stats")).GetProperty("packetsReceived").GetInt32() > 0,
            "a streamed packet at the centre");
        await WaitUntilAsync(() => Task.FromResult(Output().Contains("is PRINT_READY_RECORD", StringComparison.Ordinal)),
            "a streamed record back at Kota Dumai as PRINT_READY_RECORD");
        await WaitUntilAsync(async () =>
        {
            var cases = await _http.GetFromJsonAsync<List<JsonElement>>(central + "/api/cases") ?? [];
            return cases.Exists(c => c.GetProperty("regionCode").GetString() == "6172" &&
                                     c.GetProperty("matchedRegionCode").GetString() == "1472" &&
                                     c.GetProperty("reason").GetString() == "biometric");
        }, "a case for the duplicate planted in Kota Singkawang");
        Assert.Contains("PLANTED DUPLICATE sent", Output(), StringComparison.Ordinal);
        Assert.Contains($"{central}/kasus", Output(), StringComparison.Ordinal);

        using (var kill = Process.Start("kill", ["-INT", _demo.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _demo.WaitForExitAsync(timeout.Token);
        Assert.True(_demo.ExitCode == 0, $"exit code {_demo.ExitCode}");
        Assert.Contains("ektp demo stopped.", Output(), StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => _http.GetAsync(dumai + "/health"));
    }

    private System.Text.RegularExpressions.Match AdjudicatorPassword() =>
        System.Text.RegularExpressions.Regex.Match(Output(), @"adjudikator\s+adjudicator\s+(\S+)");

    private Process Start(params string[] args)
    {
        // A process started in the background by a shell without job control inherits SIGINT ignored, and so would
        // the demo, which then could not be stopped with Ctrl+C: give it the default disposition back in that case.
        var sigIntIgnored = SigIntIgnored();
        var start = new ProcessStartInfo(sigIntIgnored ? "env" : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (sigIntIgnored)
        {
            start.ArgumentList.Add("--default-signal=INT");
            start.ArgumentList.Add("dotnet");
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ektp.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    // Linux: bit 2 (SIGINT) of the ignored-signal mask in /proc/self/status.
    private static bool SigIntIgnored()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/self/status"))
        {
            return false;
        }

        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (ulong.Parse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber,
            System.Globalization.CultureInfo.InvariantCulture) & 2) != 0;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_out)
            {
                _out.AppendLine(line);
            }
        }
    }

    private string Output()
    {
        lock (_out)
        {
            return _out.ToString();
        }
    }

    private async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
            {
                // Not up yet.
            }

            if (_demo!.HasExited)
            {
                Assert.Fail($"ektp demo exited ({_demo.ExitCode}) before {what}:\n{Output()}");
            }

            Assert.True(DateTime.UtcNow < deadline, $"no {what} within {Patience.TotalSeconds} s:\n{Output()}");
            await Task.Delay(250);
        }
    }

    private static string FreeUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return $"https://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
    }
}
