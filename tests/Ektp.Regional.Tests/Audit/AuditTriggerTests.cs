using Ektp.Hosting;
using Ektp.Hosting.Audit;
using Ektp.Regional.Data;
using Ektp.Regional.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.Tests.Audit;

/// <summary>The database itself refuses to change or remove an audit entry (SQLite, and PostgreSQL in CI).</summary>
[Trait("Category", "Database")]
public sealed class AuditTriggerTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private DatabaseSettings _settings = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _settings = DatabaseSettings.Resolve(_database.ConnectionString, _database.DataDir, "regional.db");
        await using var db = RegionalDbContext.Create(_settings);
        await db.Database.MigrateAsync();
        using var log = new AuditLog(TimeProvider.System);
        await log.AppendAsync(db, new AuditActor("spv.dumai", "supervisor", "127.0.0.1"),
            [new AuditEvent(AuditActions.PersonRead, "1472010101900001"), new AuditEvent(AuditActions.CardPrint,
                "1472010101900001", "card 1")], CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        await _database.DisposeAsync();
    }

    [Theory]
    [InlineData("UPDATE audit_entries SET \"Detail\" = 'nothing' WHERE \"Seq\" = 1")]
    [InlineData("UPDATE audit_entries SET \"Seq\" = 99 WHERE \"Seq\" = 2")]
    [InlineData("DELETE FROM audit_entries WHERE \"Seq\" = 2")]
    [InlineData("DELETE FROM audit_entries")]
    public async Task Updates_and_deletes_of_audit_entries_are_refused(string sql)
    {
        await using var db = RegionalDbContext.Create(_settings);

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync(sql));

        Assert.Contains(AuditTriggers.Message, refused.Message, StringComparison.Ordinal);
        Assert.Equal(2, await db.AuditEntries.CountAsync());
        var verified = await AuditVerify.RunAsync(db, null, CancellationToken.None);
        Assert.True(verified.Intact);
        Assert.Equal(2, verified.Checked);
    }

    [Fact]
    public async Task Truncating_the_log_is_refused_on_postgres()
    {
        if (!TestDatabase.UsePostgres)
        {
            return; // SQLite has no TRUNCATE; its DELETE FROM is refused above
        }

        await using var db = RegionalDbContext.Create(_settings);

        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("TRUNCATE audit_entries"));

        Assert.Equal(2, await db.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task Appending_goes_on_after_a_refused_change()
    {
        await using var db = RegionalDbContext.Create(_settings);
        await Assert.ThrowsAnyAsync<Exception>(() =>
            db.Database.ExecuteSqlRawAsync("DELETE FROM audit_entries WHERE \"Seq\" = 1"));
        using var log = new AuditLog(TimeProvider.System);

        var added = await log.AppendAsync(db, AuditActor.System, [new AuditEvent(AuditActions.Export)],
            CancellationToken.None);

        Assert.Equal(3, added.Single().Seq);
        Assert.True((await AuditVerify.RunAsync(db, new AuditHead(3, added[0].Hash), CancellationToken.None)).Intact);
    }
}
