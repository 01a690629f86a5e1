namespace Ektp.Central;

/// <summary>What `ektp central` starts the central server (Ditjen Dukcapil) with.</summary>
internal sealed record CentralSettings
{
    public string Urls { get; init; } = "http://127.0.0.1:5090";
    public required string DataDir { get; init; }

    /// <summary>PostgreSQL connection string; null means a SQLite file under <see cref="DataDir"/>.</summary>
    public string? Db { get; init; }

    /// <summary>Largest envelope accepted; anything bigger is refused before a byte is stored.</summary>
    public long MaxPacketBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>Largest chunk of one upload request.</summary>
    public int MaxChunkBytes { get; init; } = 4 * 1024 * 1024;
}
