using Ektp.Hosting;
using Ektp.Hosting.Audit;
using Ektp.Hosting.Crypto;
using Ektp.Hosting.Security;
using Ektp.Regional.Enrollment;
using Ektp.Regional.Registry;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Ektp.Regional.Data;

/// <summary>
/// The regional registry database. One model, two providers: each has its own subclass and migrations folder
/// (EF Core, "Migrations with Multiple Providers"), so `ektp regional` can run on SQLite or PostgreSQL.
/// </summary>
internal abstract class RegionalDbContext(DbContextOptions options)
    : IdentityDbContext<EktpUser, IdentityRole, string>(options)
{
    public DbSet<ResidentRecord> Residents => Set<ResidentRecord>();
    public DbSet<FamilyRecord> Families => Set<FamilyRecord>();
    public DbSet<StatusEvent> StatusEvents => Set<StatusEvent>();
    public DbSet<EnrollmentRecord> Enrollments => Set<EnrollmentRecord>();
    public DbSet<PacketRecord> Packets => Set<PacketRecord>();
    public DbSet<OutboxEntry> Outbox => Set<OutboxEntry>();
    public DbSet<SettingRecord> Settings => Set<SettingRecord>();
    public DbSet<Sync.PermitRecord> Permits => Set<Sync.PermitRecord>();
    public DbSet<Changes.ResidentChange> ResidentChanges => Set<Changes.ResidentChange>();
    public DbSet<Printing.CardRecord> Cards => Set<Printing.CardRecord>();
    public DbSet<Printing.QueueException> QueueExceptions => Set<Printing.QueueException>();
    public DbSet<Printing.BlankDelivery> BlankDeliveries => Set<Printing.BlankDelivery>();
    public DbSet<Printing.BlankUse> BlankUses => Set<Printing.BlankUse>();
    public DbSet<Printing.DeliveryBatch> DeliveryBatches => Set<Printing.DeliveryBatch>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder); // Identity's accounts and roles
        SecurityModel.Configure(modelBuilder);
        AuditModel.Configure(modelBuilder);
        DataProtectionModel.Configure(modelBuilder); // data_keys, data_protection
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(RegionalDbContext).Assembly,
            t => t.Namespace is not null && !t.Namespace.Contains(".Central", StringComparison.Ordinal));
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every instant is stored as UTC (STYLE.md 4.5); SQLite cannot order DateTimeOffset.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    public static RegionalDbContext Create(DatabaseSettings settings) => settings.Provider switch
    {
        DatabaseProvider.Postgres => new PostgresRegionalDbContext(PostgresRegionalDbContext.Options(settings.ConnectionString)),
        _ => new SqliteRegionalDbContext(SqliteRegionalDbContext.Options(settings.ConnectionString)),
    };
}

internal sealed class SqliteRegionalDbContext(DbContextOptions<SqliteRegionalDbContext> options) : RegionalDbContext(options)
{
    public static DbContextOptions<SqliteRegionalDbContext> Options(string connectionString) =>
        new DbContextOptionsBuilder<SqliteRegionalDbContext>().UseSqlite(connectionString).Options;
}

internal sealed class PostgresRegionalDbContext(DbContextOptions<PostgresRegionalDbContext> options) : RegionalDbContext(options)
{
    public static DbContextOptions<PostgresRegionalDbContext> Options(string connectionString) =>
        new DbContextOptionsBuilder<PostgresRegionalDbContext>().UseNpgsql(connectionString).Options;
}

internal sealed class SqliteRegionalDesignFactory : IDesignTimeDbContextFactory<SqliteRegionalDbContext>
{
    public SqliteRegionalDbContext CreateDbContext(string[] args) =>
        new(SqliteRegionalDbContext.Options("Data Source=design.db"));
}

internal sealed class PostgresRegionalDesignFactory : IDesignTimeDbContextFactory<PostgresRegionalDbContext>
{
    public PostgresRegionalDbContext CreateDbContext(string[] args) =>
        new(PostgresRegionalDbContext.Options("Host=localhost;Database=ektp_design"));
}
