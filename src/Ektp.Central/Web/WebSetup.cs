using System.Text.Encodings.Web;
using System.Text.Unicode;
using Ektp.Central.Adjudication;
using Ektp.Hosting;
using Ektp.Hosting.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.WebEncoders;

namespace Ektp.Central.Web;

/// <summary>
/// The centre's pages (Razor Pages, as the regional operator UI): national statistics at `/` (and `/statistik`),
/// adjudication at `/kasus`, office keys at `/kantor`. Plain HTML forms and inline CSS, nothing loaded from the web.
/// </summary>
internal static class WebSetup
{
    public static IServiceCollection AddCentralWeb(this IServiceCollection services)
    {
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Web/Pages";
            o.Conventions.AddPageRoute("/Statistics", "statistik");
        });
        services.AddHttpContextAccessor();
        services.AddScoped<UiText>();

        // Indonesian and English text as it is (— → …), not as numeric character references.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        return services;
    }

    public static WebApplication UseCentralWeb(this WebApplication app)
    {
        app.UseLanguageCookie();
        app.UseRouting();
        app.UseEktpSecurity();
        app.UseAntiforgery();
        return app;
    }

    public static IEndpointRouteBuilder MapCentralPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapRazorPages();
        endpoints.MapCaseImages();
        return endpoints;
    }
}
