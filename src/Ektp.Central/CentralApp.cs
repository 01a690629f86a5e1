using Ektp.Central.Adjudication;
using Ektp.Central.Data;
using Ektp.Central.Decisions;
using Ektp.Central.Intake;
using Ektp.Central.Offices;
using Ektp.Central.Pipeline;
using Ektp.Central.Reports;
using Ektp.Central.Statistics;
using Ektp.Central.Web;
using Ektp.Hosting;
using Ektp.Hosting.Audit;
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
        builder.Services.AddScoped<IntakeService>();
        builder.Services.AddSingleton<NationalGallery>();
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

    public static async Task PrepareDatabaseAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CentralDbContext>().Database.MigrateAsync(ct);
        _ = scope.ServiceProvider.GetRequiredService<CentralKeys>(); // create the key files on first start
    }
}
