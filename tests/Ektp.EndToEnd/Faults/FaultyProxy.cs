using System.Net;
using System.Net.Sockets;

namespace Ektp.EndToEnd.Faults;

/// <summary>
/// A TCP proxy on a loopback port that misbehaves like a rural link in the rain: of the connections it accepts, some
/// are refused at once, some stall (no byte forwarded, then closed), and every connection that passes is cut after
/// a random number of bytes. Seeded, so a failing run can be replayed. Targets loopback only and stops on dispose.
/// </summary>
internal sealed class FaultyProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly Random _random;
    private readonly Lock _randomLock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Task _acceptLoop;
    private int _accepted, _refused, _stalled, _cut;

    public FaultyProxy(Uri target, int seed, double refuse = 0.1, double stall = 0.1, int meanBytesBeforeCut = 300_000,
        TimeSpan? stallFor = null)
    {
        _target = new IPEndPoint(IPAddress.Loopback, target.Port);
        if (!IPAddress.IsLoopback(IPAddress.Parse(target.Host)))
        {
            throw new ArgumentException("The fault proxy only forwards to loopback addresses.", nameof(target));
        }

        _random = new Random(seed);
        Refuse = refuse;
        Stall = stall;
        MeanBytesBeforeCut = meanBytesBeforeCut;
        StallFor = stallFor ?? TimeSpan.FromSeconds(3);
        _listener.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _acceptLoop = AcceptAsync();
    }

    public string Url { get; }
    public double Refuse { get; set; }
    public double Stall { get; set; }
    public int MeanBytesBeforeCut { get; set; }
    public TimeSpan StallFor { get; }

    /// <summary>While true every connection is refused: the link is down.</summary>
    public bool Down { get; set; }

    public int Accepted => Volatile.Read(ref _accepted);
    public int Refused => Volatile.Read(ref _refused);
    public int Stalled => Volatile.Read(ref _stalled);
    public int Cut => Volatile.Read(ref _cut);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            lock (_connections)
            {
                _connections.RemoveAll(t => t.IsCompleted);
                _connections.Add(HandleAsync(client));
            }
        }
    }

    private async Task HandleAsync(TcpClient client)
    {
        using var _ = client;
        double roll;
        long budget;
        lock (_randomLock)
        {
            roll = _random.NextDouble();
            budget = (long)(-Math.Log(1 - _random.NextDouble()) * MeanBytesBeforeCut); // exponential
        }

        if (Down || roll < Refuse)
        {
            Interlocked.Increment(ref _refused);
            client.Client.LingerState = new LingerOption(true, 0); // reset, as a dead link does
            return;
        }

        if (roll < Refuse + Stall)
        {
            Interlocked.Increment(ref _stalled);
            await Task.Delay(StallFor, _stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        using var server = new TcpClient();
        try
        {
            await server.ConnectAsync(_target, _stop.Token);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return;
        }

        using var cut = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        var remaining = new[] { budget };
        var up = PumpAsync(client.GetStream(), server.GetStream(), remaining, cut);
        var down = PumpAsync(server.GetStream(), client.GetStream(), remaining, cut);
        await Task.WhenAny(up, down);
        await cut.CancelAsync();
        await Task.WhenAll(up, down).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>Copies bytes until either side closes or the connection's byte budget is spent.</summary>
    private async Task PumpAsync(NetworkStream from, NetworkStream to, long[] remaining, CancellationTokenSource cut)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, cut.Token);
                if (read == 0)
                {
                    return;
                }

                if (Down)
                {
                    // A link that goes down takes its open (kept-alive) connections with it.
                    Interlocked.Increment(ref _cut);
                    return;
                }

                var left = Interlocked.Add(ref remaining[0], -read);
                if (left < 0)
                {
                    // Forward part of this read, then cut the line in the middle of the exchange.
                    var part = (int)Math.Max(0, read + left);
                    await to.WriteAsync(buffer.AsMemory(0, part), cut.Token);
                    Interlocked.Increment(ref _cut);
                    return;
                }

                await to.WriteAsync(buffer.AsMemory(0, read), cut.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        Task[] pending;
        lock (_connections)
        {
            pending = [.. _connections];
        }

        await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }
}
