using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Ektp.Cli.Tests;

/// <summary>A long-running `ektp` server (regional, field kit) as a child process on a free loopback port.</summary>
internal sealed class EktpServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private EktpServerProcess(Process process, string url)
    {
        _process = process;
        Url = url;
        Client = new HttpClient { BaseAddress = new Uri(url) };
    }

    public string Url { get; }
    public HttpClient Client { get; }

    /// <summary>Adds an account with `ektp user add … --password-stdin` (as an administrator would) and signs
    /// <see cref="Client"/> in with it.</summary>
    public async Task SignInAsync(string dataDir, string role, string user = "penguji")
    {
        const string password = "uji-rahasia-2026";
        var added = await EktpProcess.RunWithInputAsync(password, "user", "add", "--data", dataDir, "--user", user,
            "--role", role, "--password-stdin");
        Assert.True(added.ExitCode == 0, added.Err);
        Assert.Contains($"Account '{user}' added.", added.Out, StringComparison.Ordinal);
        await Hosting.Security.ApiSignIn.AuthorizeAsync(Client, user, password);
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>Starts `ektp ARGS --urls http://127.0.0.1:PORT` and waits until `/health` answers (≤ 60 s).</summary>
    public static async Task<EktpServerProcess> StartAsync(params string[] args)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ektp.dll"));
        foreach (var arg in args.Concat(["--urls", url]))
        {
            start.ArgumentList.Add(arg);
        }

        var server = new EktpServerProcess(Process.Start(start)!, url);
        server._process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            Assert.False(server._process.HasExited, $"ektp {string.Join(' ', args)} exited: {server.Output}");
            try
            {
                if ((await server.Client.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            Assert.True(DateTime.UtcNow < deadline, $"ektp {string.Join(' ', args)} did not answer: {server.Output}");
            await Task.Delay(250);
        }
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.Add(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
