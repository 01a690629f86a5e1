namespace Ektp.Regional;

/// <summary>What `ektp regional` (and `ektp field`, `ektp demo`) start a regional server with.</summary>
internal sealed record RegionalSettings
{
    /// <summary>The kab/kota this Disdukcapil serves: 4 digits (`1472`) or dotted (`14.72`).</summary>
    public required string RegionCode { get; init; }

    public string Urls { get; init; } = "http://127.0.0.1:5080";
    public required string DataDir { get; init; }

    /// <summary>PostgreSQL connection string; null means a SQLite file under <see cref="DataDir"/>.</summary>
    public string? Db { get; init; }

    /// <summary>Synthetic city scenario seeded into an empty registry (`dumai-2013`, `singkawang-2017`).</summary>
    public string? Seed { get; init; }

    public string? CentralUrl { get; init; }
    public string? OfficeName { get; init; }
    public string Device { get; init; } = Environment.MachineName;

    /// <summary>Students are recorded at school from 15 and receive the card at 17 (the source documents).</summary>
    public int MinimumRecordingAge { get; init; } = 15;

    /// <summary>Resolution of the office's fingerprint scanners (500–569 dpi); a form may override it with `dpi`.</summary>
    public int FingerprintDpi { get; init; } = 500;

    /// <summary>How often the outbox sender looks for packets to send when it is idle.</summary>
    public TimeSpan OutboxPollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>First retry delay after a failed upload; doubles per failure (with jitter) up to <see cref="OutboxRetryMax"/>.</summary>
    public TimeSpan OutboxRetryBase { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan OutboxRetryMax { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Timeout of one HTTP request to the centre (one chunk, not the whole packet).</summary>
    public TimeSpan UpstreamTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest accepted image upload (photo, signature or one finger).</summary>
    public long MaxImageBytes { get; init; } = 2 * 1024 * 1024;
}
