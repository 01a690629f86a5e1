namespace Ektp.Hosting;

/// <summary>Which database a server uses: a SQLite file under its data folder (default) or PostgreSQL.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    /// <summary>
    /// `--db` absent: SQLite file `&lt;dataDir&gt;/&lt;fileName&gt;`. `--db` given: a PostgreSQL connection string
    /// (`Host=…;Database=…`) or a `postgres://` URL; a value ending in `.db` is taken as a SQLite file path.
    /// </summary>
    public static DatabaseSettings Resolve(string? db, string dataDir, string fileName)
    {
        if (string.IsNullOrWhiteSpace(db))
        {
            return new DatabaseSettings(DatabaseProvider.Sqlite,
                $"Data Source={Path.Combine(dataDir, fileName)};Pooling=True");
        }

        if (db.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) ||
            db.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return new DatabaseSettings(DatabaseProvider.Postgres, FromUrl(new Uri(db)));
        }

        if (db.Contains("Host=", StringComparison.OrdinalIgnoreCase) ||
            db.Contains("Server=", StringComparison.OrdinalIgnoreCase))
        {
            return new DatabaseSettings(DatabaseProvider.Postgres, db);
        }

        if (db.Contains("Data Source=", StringComparison.OrdinalIgnoreCase))
        {
            return new DatabaseSettings(DatabaseProvider.Sqlite, db);
        }

        if (db.EndsWith(".db", StringComparison.OrdinalIgnoreCase) || db.EndsWith(".sqlite", StringComparison.OrdinalIgnoreCase))
        {
            return new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={db};Pooling=True");
        }

        throw new ArgumentException(
            "--db must be a PostgreSQL connection string (Host=…;Database=…), a postgres:// URL or a SQLite .db file",
            nameof(db));
    }

    private static string FromUrl(Uri url)
    {
        var userInfo = url.UserInfo.Split(':', 2);
        var parts = new List<string>
        {
            $"Host={url.Host}",
            $"Port={(url.Port > 0 ? url.Port : 5432)}",
            $"Database={url.AbsolutePath.TrimStart('/')}",
        };
        if (userInfo[0].Length > 0)
        {
            parts.Add($"Username={Uri.UnescapeDataString(userInfo[0])}");
        }

        if (userInfo.Length > 1)
        {
            parts.Add($"Password={Uri.UnescapeDataString(userInfo[1])}");
        }

        return string.Join(';', parts);
    }
}
