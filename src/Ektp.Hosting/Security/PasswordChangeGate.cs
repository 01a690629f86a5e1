using Microsoft.AspNetCore.Http;

namespace Ektp.Hosting.Security;

/// <summary>
/// A browser signed in with a one-time password may open only the change-password form (and sign out) until the
/// password is changed; every other page sends it there.
/// </summary>
internal sealed class PasswordChangeGate(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!context.User.HasClaim(c => c.Type == TokenIssuer.MustChangePasswordClaim) ||
            context.Request.Path.StartsWithSegments(AccountPages.PasswordPath, StringComparison.OrdinalIgnoreCase) ||
            context.Request.Path.StartsWithSegments(AccountPages.LogoutPath, StringComparison.OrdinalIgnoreCase) ||
            context.Request.Path.StartsWithSegments(AccountPages.LoginPath, StringComparison.OrdinalIgnoreCase))
        {
            return next(context);
        }

        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        }

        context.Response.Redirect(AccountPages.PasswordPath);
        return Task.CompletedTask;
    }
}
