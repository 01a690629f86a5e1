using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Ektp.Hosting.Security;

/// <summary>For a page whose handlers need more than the page's policy (a supervisor's action on the print page).</summary>
public static class PolicyChecks
{
    public static async Task<bool> AllowsAsync(this HttpContext context, string policy)
    {
        ArgumentNullException.ThrowIfNull(context);
        var authorization = context.RequestServices.GetRequiredService<IAuthorizationService>();
        return (await authorization.AuthorizeAsync(context.User, policy)).Succeeded;
    }
}
