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

    /// <summary>The master key file (`--master-key-file`); null takes `EKTP_MASTER_KEY`, else `DIR/keys/master.key`
    /// (docs/security.md, "Data protection").</summary>
    public string? MasterKeyFile { get; init; }

    /// <summary>Synthetic city scenario seeded into an empty registry (`dumai-2013`, `singkawang-2017`).</summary>
    public string? Seed { get; init; }

    public string? CentralUrl { get; init; }

    /// <summary>
    /// Set on a field kit (`ektp field --regional URL`): the regional server it pulls its registry slice from and
    /// forwards its packets to. A field kit has no <see cref="CentralUrl"/>.
    /// </summary>
    public string? RegionalUrl { get; init; }

    public bool IsFieldKit => RegionalUrl is not null;

    /// <summary>The certificate for an https:// address (PKCS#12 or PEM with its key); null makes a self-signed one
    /// in the data folder (docs/security.md).</summary>
    public string? CertificateFile { get; init; }

    /// <summary>A certificate to trust when calling the upstream (the centre, or a field kit's regional server):
    /// typically the upstream's self-signed <c>keys/tls/server.crt</c>; null trusts only the system's roots.</summary>
    public string? UpstreamCertificateFile { get; init; }

    /// <summary>A field kit's registry slice: a kecamatan (6 digits) or kelurahan/desa (10) code; null = the whole
    /// kab/kota.</summary>
    public string? Area { get; init; }

    /// <summary>Residents per page of a field kit's registry pull (`GET /api/field/registry`).</summary>
    public int RegistryPageSize { get; init; } = 1000;

    /// <summary>How often a field kit pulls its registry slice again while it runs (it also pulls at start and on
    /// demand).</summary>
    public TimeSpan RegistryPullInterval { get; init; } = TimeSpan.FromHours(6);

    /// <summary>How far a field kit's clock may be from the regional server's for its signed requests.</summary>
    public TimeSpan KitClockSkew { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Largest envelope a regional server accepts from a field kit.</summary>
    public long MaxKitPacketBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>Largest chunk of one upload request from a field kit.</summary>
    public int MaxKitChunkBytes { get; init; } = 4 * 1024 * 1024;
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

    /// <summary>Timeout of one HTTP request upstream (one chunk, not the whole packet).</summary>
    public TimeSpan UpstreamTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest accepted image upload (photo, signature or one finger).</summary>
    public long MaxImageBytes { get; init; } = 2 * 1024 * 1024;

    /// <summary>The office's recent print rate (cards per day, for queue dates and stock warnings) is measured over
    /// this many days.</summary>
    public int PrintRateDays { get; init; } = 14;

    /// <summary>Warn when an office's blank cards cover fewer than this many days at the current print rate.</summary>
    public int BlankStockWarningDays { get; init; } = 14;

    /// <summary>Public status look-ups allowed per client (IP address) per <see cref="PublicStatusWindow"/>.</summary>
    public int PublicStatusPermitLimit { get; init; } = 12;

    public TimeSpan PublicStatusWindow { get; init; } = TimeSpan.FromMinutes(1);
}
