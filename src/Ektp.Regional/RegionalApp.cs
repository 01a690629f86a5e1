using Ektp.Core.Regions;
using Ektp.Faces;
using Ektp.Hosting;
using Ektp.Hosting.Audit;
using Ektp.Hosting.Crypto;
using Ektp.Hosting.Security;
using Ektp.Regional.Changes;
using Ektp.Regional.Data;
using Ektp.Regional.Enrollment;
using Ektp.Regional.Field;
using Ektp.Regional.FieldKits;
using Ektp.Regional.Outreach;
using Ektp.Regional.Planning;
using Ektp.Regional.Printing;
using Ektp.Regional.Registry;
using Ektp.Regional.Reports;
using Ektp.Regional.Status;
using Ektp.Regional.Sync;
using Ektp.Regional.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ektp.Regional;

/// <summary>Builds the regional server (a Disdukcapil, or a field kit) as an ASP.NET Core application.</summary>
internal static class RegionalApp
{
    public static WebApplication Build(RegionalSettings settings, Action<WebApplicationBuilder>? configure = null)
    {
        var regions = RegionCatalog.Official;
        var info = RegionalInfo.Resolve(settings.RegionCode, settings.OfficeName, regions);
        if (settings.IsFieldKit && settings.CentralUrl is not null)
        {
            throw new ArgumentException("A field kit forwards to its regional server only: give --regional or --central.",
                nameof(settings));
        }

        if (settings.Area is not null && (!settings.IsFieldKit || FieldKitsApi.AreaFilter(settings.Area, info) is null))
        {
            throw new ArgumentException(
                $"--area {settings.Area} is not a kecamatan (6 digits) or kelurahan/desa (10 digits) code of {info.Name}.",
                nameof(settings));
        }

        Directory.CreateDirectory(settings.DataDir);
        var database = DatabaseSettings.Resolve(settings.Db, settings.DataDir, "regional.db");

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(RegionalApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.WebHost.UseUrls(settings.Urls);
        builder.UseServerCertificate(settings.Urls, settings.DataDir, settings.CertificateFile,
            settings.IsFieldKit ? "ektp field kit" : $"ektp regional {settings.RegionCode}");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 40 * 1024 * 1024);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Ektp", LogLevel.Information);
        builder.Services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = 40 * 1024 * 1024);

        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(info);
        builder.Services.AddSingleton(regions);
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped(_ => RegionalDbContext.Create(database));
        builder.Services.AddSingleton(new MasterKeySource(settings.DataDir, settings.MasterKeyFile));
        builder.Services.AddSingleton<DataCipher>(); // keys loaded by PrepareDatabaseAsync
        builder.Services.AddScoped<EnrollmentService>();
        builder.Services.AddSingleton(FaceDetector.Shared); // loads and checks the embedded model at start
        builder.Services.AddScoped<ChangeService>();
        builder.Services.AddSingleton(_ => new RegionalKeys(settings.DataDir));
        builder.Services.AddSingleton<LinkMonitor>();
        builder.Services.AddSingleton<DecisionFeedState>();
        builder.Services.AddSingleton<RegistryPullState>();
        builder.Services.AddScoped<KitIntake>();
        if ((settings.RegionalUrl ?? settings.CentralUrl) is { } upstream)
        {
            // One upstream: the centre for a regional server, the regional server for a field kit.
            var http = builder.Services.AddHttpClient(OutboxSender.HttpClientName, http =>
            {
                http.BaseAddress = new Uri(upstream.TrimEnd('/') + "/");
                http.Timeout = settings.UpstreamTimeout;
            }).ConfigurePrimaryHttpMessageHandler(() => Tls.ClientHandler(settings.UpstreamCertificateFile));
            builder.Services.AddHostedService<OutboxSender>();
            if (settings.IsFieldKit)
            {
                builder.Services.AddTransient<KitRequestSigner>();
                http.AddHttpMessageHandler<KitRequestSigner>();
                builder.Services.AddHostedService<RegistryPuller>();
            }
            else
            {
                builder.Services.AddTransient<OfficeRequestSigner>();
                http.AddHttpMessageHandler<OfficeRequestSigner>();
                builder.Services.AddHostedService<DecisionPuller>();
            }
        }

        builder.Services.AddEktpSecurity<RegionalDbContext>(ServerKind.Regional, settings.DataDir);
        builder.Services.AddEktpAudit(_ => RegionalDbContext.Create(database));
        builder.Services.AddEktpProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddRegionalWeb();
        builder.Services.AddPrinting();
        builder.Services.AddPublicStatus(settings);
        builder.Services.AddCoverageReports();
        builder.Services.AddOutreach();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseEktpProblemDetails();
        app.UseRegionalWeb();
        app.UseRateLimiter(); // after routing (in UseRegionalWeb): the public status policy is per endpoint
        if (!settings.IsFieldKit)
        {
            app.UseKitAuthentication();
        }

        app.MapOpenApi().AllowAnonymous();
        app.MapAccounts();
        app.MapAudit();
        app.MapEktpHealth<RegionalDbContext>("regional");
        app.MapResidents();
        app.MapEnrollments();
        app.MapOutbox();
        app.MapPrinting();
        app.MapPublicStatus();
        app.MapCoverageReports();
        if (settings.IsFieldKit)
        {
            app.MapFieldKit();
        }
        else
        {
            app.MapFieldKits();
            app.MapChanges(); // data changes are made at the office; a kit's registry copy follows by its pulls
            app.MapOutreach(); // outreach and planning are the office's: a kit only records
            app.MapSessions();
        }

        app.MapRegionalPages();
        return app;
    }

    /// <summary>
    /// Applies migrations, checks that the database belongs to this region, and opens the data keys (sealing, once, the
    /// biometrics a database from before encryption at rest holds in plaintext).
    /// </summary>
    /// <exception cref="AtRestException">A missing or wrong master key.</exception>
    public static async Task PrepareDatabaseAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegionalDbContext>();
        var info = scope.ServiceProvider.GetRequiredService<RegionalInfo>();
        await db.Database.MigrateAsync(ct);
        var stored = await db.Settings.FindAsync([RegionKey], ct);
        if (stored is null)
        {
            db.Settings.Add(new SettingRecord { Key = RegionKey, Value = info.Digits });
            await db.SaveChangesAsync(ct);
        }
        else if (stored.Value != info.Digits)
        {
            throw new InvalidOperationException(
                $"This data folder holds the registry of region {stored.Value}, not {info.Digits}.");
        }

        var report = await DataKeyStore.OpenAsync(db, scope.ServiceProvider.GetRequiredService<MasterKeySource>(),
            scope.ServiceProvider.GetRequiredService<DataCipher>(), RegionalAtRest.Columns,
            scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, ct);
        DataProtectionLog.Opened(scope.ServiceProvider.GetRequiredService<ILoggerFactory>(), report);
    }

    public const string RegionKey = "region";
}
