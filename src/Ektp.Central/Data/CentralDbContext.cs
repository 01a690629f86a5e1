using Ektp.Central.Adjudication;
using Ektp.Central.Decisions;
using Ektp.Central.Gallery;
using Ektp.Central.Intake;
using Ektp.Central.Offices;
using Ektp.Central.Pipeline;
using Ektp.Hosting;
using Ektp.Hosting.Audit;
using Ektp.Hosting.Crypto;
using Ektp.Hosting.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Ektp.Central.Data;

/// <summary>The central database: one model, a subclass and migrations folder per provider (as the regional one).</summary>
internal abstract class CentralDbContext(DbContextOptions options)
    : IdentityDbContext<EktpUser, IdentityRole, string>(options)
{
    public DbSet<OfficeRecord> Offices => Set<OfficeRecord>();
    public DbSet<UploadRecord> Uploads => Set<UploadRecord>();
    public DbSet<ReceivedPacket> Packets => Set<ReceivedPacket>();
    public DbSet<PipelineJob> PipelineJobs => Set<PipelineJob>();
    public DbSet<EnrolledPerson> Persons => Set<EnrolledPerson>();
    public DbSet<DecisionRecord> Decisions => Set<DecisionRecord>();
    public DbSet<CaseRecord> Cases => Set<CaseRecord>();
    public DbSet<GalleryLogEntry> GalleryLog => Set<GalleryLogEntry>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder); // Identity's accounts and roles
        SecurityModel.Configure(modelBuilder);
        AuditModel.Configure(modelBuilder);
        DataProtectionModel.Configure(modelBuilder); // data_keys, data_protection
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CentralDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();

    public static CentralDbContext Create(DatabaseSettings settings) => settings.Provider switch
    {
        DatabaseProvider.Postgres => new PostgresCentralDbContext(
            new DbContextOptionsBuilder<PostgresCentralDbContext>().UseNpgsql(settings.ConnectionString).Options),
        _ => new SqliteCentralDbContext(
            new DbContextOptionsBuilder<SqliteCentralDbContext>().UseSqlite(settings.ConnectionString).Options),
    };
}

internal sealed class SqliteCentralDbContext(DbContextOptions<SqliteCentralDbContext> options) : CentralDbContext(options);

internal sealed class PostgresCentralDbContext(DbContextOptions<PostgresCentralDbContext> options) : CentralDbContext(options);

internal sealed class SqliteCentralDesignFactory : IDesignTimeDbContextFactory<SqliteCentralDbContext>
{
    public SqliteCentralDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCentralDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresCentralDesignFactory : IDesignTimeDbContextFactory<PostgresCentralDbContext>
{
    public PostgresCentralDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCentralDbContext>().UseNpgsql("Host=localhost;Database=ektp_design").Options);
}
