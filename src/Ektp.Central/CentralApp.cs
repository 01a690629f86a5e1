using Ektp.Central.Adjudication;
using Ektp.Central.Data;
using Ektp.Central.Decisions;
using Ektp.Central.Gallery;
using Ektp.Central.Intake;
using Ektp.Central.Offices;
using Ektp.Central.Pipeline;
using Ektp.Central.Reports;
using Ektp.Central.Statistics;
using Ektp.Central.Web;
using Ektp.Gallery;
using Ektp.Hosting;
using Ektp.Hosting.Audit;
using Ektp.Hosting.Crypto;
using Ektp.Hosting.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ektp.Central;

/// <summary>Builds the central server (Ditjen Dukcapil) as an ASP.NET Core application.</summary>
internal static class CentralApp
{
    /// <summary>The SQLite file of the central database in the data folder (without --db).</summary>
    public const string DatabaseFile = "central.db";

    public static WebApplication Build(CentralSettings settings, Action<WebApplicationBuilder>? configure = null)
    {
        Directory.CreateDirectory(settings.DataDir);
        var database = DatabaseSettings.Resolve(settings.Db, settings.DataDir, DatabaseFile);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(CentralApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.WebHost.UseUrls(settings.Urls);
        builder.UseServerCertificate(settings.Urls, settings.DataDir, settings.CertificateFile, "ektp central");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = settings.MaxChunkBytes + 64 * 1024);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Ektp", LogLevel.Information);

        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(_ => CentralKeys.Load(settings.DataDir));
        builder.Services.AddScoped(_ => CentralDbContext.Create(database));
        builder.Services.AddSingleton(new MasterKeySource(settings.DataDir, settings.MasterKeyFile));
        builder.Services.AddSingleton<DataCipher>(); // keys loaded by PrepareDatabaseAsync
        builder.Services.AddScoped<IntakeService>();
        AddGallery(builder, settings);
        builder.Services.AddScoped<PipelineProcessor>();
        builder.Services.AddScoped<CaseRulings>();
        builder.Services.AddScoped<CaseDossiers>();
        if (settings.RunPipeline)
        {
            builder.Services.AddHostedService<PipelineWorker>();
        }

        builder.Services.AddEktpSecurity<CentralDbContext>(ServerKind.Central, settings.DataDir);
        builder.Services.AddEktpAudit(_ => CentralDbContext.Create(database));
        builder.Services.AddEktpProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddCentralWeb();
        builder.Services.AddCentralCoverage();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseEktpProblemDetails();
        app.UseCentralWeb();
        app.UseOfficeAuthentication();
        app.MapOpenApi().AllowAnonymous();
        app.MapAccounts();
        app.MapAudit();
        app.MapEktpHealth<CentralDbContext>("central");
        app.MapGet("/api/keys", (CentralKeys keys) => keys.ToResponse()).AllowAnonymous()
            .WithName("CentralKeys")
            .WithSummary("The centre's public keys: packets are encrypted for `encryptionKey`, permits signed by `signingKey`")
            .WithTags("Keys");
        app.MapIntake();
        app.MapDecisionFeed();
        app.MapCases();
        app.MapStats();
        app.MapCentralCoverage();
        app.MapCentralPages();
        return app;
    }

    // The embedded default keeps the gallery in this process with no Orleans and no Redis; --gallery-cluster makes
    // this server an Orleans client of the gallery silos (docs/scale.md).
    private static void AddGallery(WebApplicationBuilder builder, CentralSettings settings)
    {
        if (settings.GalleryCluster is not { } redis)
        {
            builder.Services.AddSingleton<InProcessGallery>();
            builder.Services.AddSingleton<IGallery>(sp => sp.GetRequiredService<InProcessGallery>());
            return;
        }

        // Start-up waits until a silo answers; "no gateway yet" is said once a second until then, so only errors.
        builder.Logging.AddFilter("Orleans", LogLevel.Error);
        builder.UseOrleansClient(client => GalleryCluster.ConfigureClient(client, redis));
        builder.Services.AddSingleton<ClusterGallery>();
        builder.Services.AddSingleton<IGallery>(sp => sp.GetRequiredService<ClusterGallery>());
    }

    /// <summary>
    /// Migrates the database, makes the key files on first start, and opens the data keys (sealing, once, the
    /// biometrics a database from before encryption at rest holds in plaintext).
    /// </summary>
    /// <exception cref="AtRestException">A missing or wrong master key.</exception>
    public static async Task PrepareDatabaseAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await MigrateAsync(services, ct);
        await using var scope = services.CreateAsyncScope();
        var report = await DataKeyStore.OpenAsync(scope.ServiceProvider.GetRequiredService<CentralDbContext>(),
            scope.ServiceProvider.GetRequiredService<MasterKeySource>(),
            scope.ServiceProvider.GetRequiredService<DataCipher>(), CentralAtRest.Columns,
            scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, ct);
        DataProtectionLog.Opened(scope.ServiceProvider.GetRequiredService<ILoggerFactory>(), report);
        var settings = scope.ServiceProvider.GetRequiredService<CentralSettings>();
        await GalleryShardIndex.EnsureAsync(scope.ServiceProvider.GetRequiredService<CentralDbContext>(),
            scope.ServiceProvider.GetRequiredService<DatabaseSettings>().Provider,
            settings.GalleryCluster is null ? 1 : settings.GalleryShards, ct);
    }

    /// <summary>Migrates the database and makes the key files on first start (what the administrative commands
    /// that touch no biometrics need).</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CentralDbContext>().Database.MigrateAsync(ct);
        _ = scope.ServiceProvider.GetRequiredService<CentralKeys>(); // create the key files on first start
    }
}
