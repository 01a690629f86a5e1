using Ektp.Hosting;
using Ektp.Hosting.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Ektp.Regional.Web;

/// <summary>
/// Server-rendered operator pages (Razor Pages): every page works as a plain HTML form post, so a slow or dropping
/// link costs a reload, never a broken live connection.
/// </summary>
internal static class WebSetup
{
    public static IServiceCollection AddRegionalWeb(this IServiceCollection services)
    {
        services.AddRazorPages(o => o.RootDirectory = "/Web/Pages");
        services.AddHttpContextAccessor();
        services.AddScoped<UiText>();
        services.AddScoped<QueueText>();
        return services;
    }

    public static WebApplication UseRegionalWeb(this WebApplication app)
    {
        app.UseLanguageCookie();
        app.UseRouting();
        app.UseEktpSecurity();
        app.UseAntiforgery();
        return app;
    }

    public static IEndpointRouteBuilder MapRegionalPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapRazorPages();
        return endpoints;
    }
}
