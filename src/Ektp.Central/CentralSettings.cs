namespace Ektp.Central;

/// <summary>What `ektp central` starts the central server (Ditjen Dukcapil) with.</summary>
internal sealed record CentralSettings
{
    public string Urls { get; init; } = "http://127.0.0.1:5090";
    public required string DataDir { get; init; }

    /// <summary>The certificate for an https:// address (PKCS#12 or PEM with its key); null makes a self-signed one
    /// in the data folder (docs/security.md).</summary>
    public string? CertificateFile { get; init; }

    /// <summary>PostgreSQL connection string; null means a SQLite file under <see cref="DataDir"/>.</summary>
    public string? Db { get; init; }

    /// <summary>The master key file (`--master-key-file`); null takes `EKTP_MASTER_KEY`, else `DIR/keys/master.key`
    /// (docs/security.md, "Data protection").</summary>
    public string? MasterKeyFile { get; init; }

    /// <summary>Largest envelope accepted; anything bigger is refused before a byte is stored.</summary>
    public long MaxPacketBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>Largest chunk of one upload request.</summary>
    public int MaxChunkBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>How often an idle pipeline looks for new jobs.</summary>
    public TimeSpan PipelinePollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>First retry delay of a failed stage; doubles per failure.</summary>
    public TimeSpan PipelineRetryBase { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Failures of one stage after which the packet ends in ENROLL_FAILURE_AT_CENTRAL.</summary>
    public int PipelineMaxAttempts { get; init; } = 5;

    /// <summary>False leaves received packets waiting in the pipeline (tests of a restart between stages).</summary>
    public bool RunPipeline { get; init; } = true;

    /// <summary>
    /// Redis HOST:PORT of the gallery cluster's membership (`--gallery-cluster`): the national gallery's shards live on
    /// `ektp gallery silo` processes and this server joins as a client. Null: the gallery lives in this process.
    /// </summary>
    public string? GalleryCluster { get; init; }

    /// <summary>Number of gallery shards on the cluster (persons with id % N == k live on shard k).</summary>
    public int GalleryShards { get; init; } = 6;

    /// <summary>Fused 1:N score at or above which a candidate makes a case (40 ≈ FMR 1e-4).</summary>
    public double MatchThreshold { get; init; } = Biometrics.FingerprintMatcher.DefaultThreshold;
}
