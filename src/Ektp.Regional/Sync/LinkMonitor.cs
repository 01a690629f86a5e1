namespace Ektp.Regional.Sync;

/// <summary>
/// What the operators see of the link upstream (to the centre, or a field kit's to its regional server): the last
/// good contact and the recent error rate.
/// </summary>
internal sealed class LinkMonitor(TimeProvider clock)
{
    private const int Window = 50;
    private readonly Queue<bool> _recent = new();
    private readonly Lock _lock = new();

    public DateTimeOffset? LastContact { get; private set; }
    public string? LastError { get; private set; }

    public void Success()
    {
        lock (_lock)
        {
            LastContact = clock.GetUtcNow();
            LastError = null;
            Push(true);
        }
    }

    /// <summary>The last contact as stored before a restart, unless a newer one is known.</summary>
    public void Restore(DateTimeOffset lastContact)
    {
        lock (_lock)
        {
            if (LastContact is null || LastContact < lastContact)
            {
                LastContact = lastContact;
            }
        }
    }

    public void Failure(string error)
    {
        lock (_lock)
        {
            LastError = error;
            Push(false);
        }
    }

    /// <summary>Share of the last 50 attempts that failed, 0–1.</summary>
    public double ErrorRate
    {
        get
        {
            lock (_lock)
            {
                return _recent.Count == 0 ? 0 : _recent.Count(ok => !ok) / (double)_recent.Count;
            }
        }
    }

    private void Push(bool ok)
    {
        _recent.Enqueue(ok);
        while (_recent.Count > Window)
        {
            _recent.Dequeue();
        }
    }
}
