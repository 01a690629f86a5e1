using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ektp.Hosting.Audit;

/// <summary>The audit log of a server: one writer (<see cref="AuditLog"/>) per database, the request's
/// <see cref="AuditTrail"/>, the reader behind the API and the page, and their texts.</summary>
internal static class AuditSetup
{
    /// <param name="open">A new context of the server's database (for entries written on their own, and reads).</param>
    public static IServiceCollection AddEktpAudit<TContext>(this IServiceCollection services,
        Func<IServiceProvider, TContext> open)
        where TContext : DbContext
    {
        services.AddHttpContextAccessor();
        services.AddSingleton<AuditLog>();
        services.AddScoped(sp => new AuditTrail(sp.GetRequiredService<AuditLog>(), sp.GetRequiredService<TContext>(),
            () => open(sp), sp.GetRequiredService<IHttpContextAccessor>()));
        services.AddScoped(sp => new AuditReader(() => open(sp)));
        services.AddScoped<AuditText>();
        return services;
    }
}
