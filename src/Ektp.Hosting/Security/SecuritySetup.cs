using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ektp.Hosting.Security;

/// <summary>
/// Accounts and sign-in for both servers: ASP.NET Core Identity over the server's own EF Core database (hashed
/// passwords, lockout after failed attempts, forced change of a one-time password, optional TOTP), a cookie for the
/// browser pages and a bearer token for API clients (`POST /api/auth/token`), and the authorization policies with
/// deny as the default. The data-protection keys that seal cookies and tokens live in the server's data folder, so
/// sign-ins survive a restart and a token of one server means nothing to another.
/// </summary>
public static class SecuritySetup
{
    /// <summary>The default scheme: a bearer token when the request carries one, else the sign-in cookie.</summary>
    public const string Scheme = "ektp";

    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan LockoutTime = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(8);

    public static IServiceCollection AddEktpSecurity<TContext>(this IServiceCollection services, ServerKind kind,
        string dataDir)
        where TContext : DbContext
    {
        // The key ring is a file in the data folder, beside the office's private keys and protected the same way
        // (file permissions); the "no XML encryptor" warning at every start says only that.
        services.AddLogging(b => b.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error));
        services.AddDataProtection()
            .SetApplicationName(kind == ServerKind.Central ? "ektp-central" : "ektp-regional")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDir, "keys", "data-protection")));
        services.AddSingleton(new SecurityInfo(kind));
        services.AddIdentityCore<EktpUser>(ConfigureIdentity)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<TContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Scheme;
                o.DefaultChallengeScheme = Scheme;
            })
            .AddPolicyScheme(Scheme, "Cookie or bearer token", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? IdentityConstants.BearerScheme
                    : IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, o =>
            {
                o.BearerTokenExpiration = TokenLifetime;
                o.TimeProvider = TimeProvider.System; // sign-ins expire on the wall clock, whatever clock the app runs on
            })
            .AddCookie(IdentityConstants.ApplicationScheme, o =>
            {
                o.TimeProvider = TimeProvider.System;
                o.Cookie.Name = kind == ServerKind.Central ? "ektp.pusat" : "ektp.daerah";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TokenLifetime;
                o.SlidingExpiration = true;
                o.LoginPath = AccountPages.LoginPath;
                o.AccessDeniedPath = AccountPages.DeniedPath;
                o.Events = new CookieAuthenticationEvents
                {
                    // An API call gets 401/403 problem details, never a redirect to the sign-in page.
                    OnRedirectToLogin = context => IsApi(context.Request)
                        ? WriteStatusAsync(context.HttpContext, StatusCodes.Status401Unauthorized)
                        : Redirect(context),
                    OnRedirectToAccessDenied = context => IsApi(context.Request)
                        ? WriteStatusAsync(context.HttpContext, StatusCodes.Status403Forbidden)
                        : Redirect(context),
                };
            });
        services.AddAuthorization(EktpPolicies.AddTo);
        services.AddScoped<TokenIssuer>();
        return services;
    }

    /// <summary>The password, lockout and user-name rules, the same for the servers and for `ektp user`.</summary>
    public static void ConfigureIdentity(IdentityOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        o.Password.RequiredLength = 10;
        o.Password.RequireNonAlphanumeric = false;
        o.Password.RequireUppercase = false;
        o.Password.RequireLowercase = true;
        o.Password.RequireDigit = true;
        o.Lockout.MaxFailedAccessAttempts = MaxFailedAttempts;
        o.Lockout.DefaultLockoutTimeSpan = LockoutTime;
        o.Lockout.AllowedForNewUsers = true;
        o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_@";
    }

    /// <summary>Authentication, then authorization: after <c>UseRouting</c>, before the antiforgery check.</summary>
    public static WebApplication UseEktpSecurity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(async (context, next) =>
        {
            SecurityHeaders.Apply(context.Response.Headers);
            if (CrossSiteRequests.IsRefused(context.Request))
            {
                await Problems.Of(StatusCodes.Status403Forbidden, "cross-site-request",
                    "A request from another site was refused.",
                    "This server accepts changes sent with its sign-in cookie only from its own pages; API clients " +
                    "send a bearer token instead.").ExecuteAsync(context);
                return;
            }

            await next(context);
        });
        app.UseAuthentication();
        app.UseMiddleware<PasswordChangeGate>();
        app.UseAuthorization();
        return app;
    }

    private static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    private static Task WriteStatusAsync(HttpContext context, int status)
    {
        context.Response.StatusCode = status; // the status-code pages write the problem details
        return Task.CompletedTask;
    }
}

/// <summary>
/// Cross-site request forgery, second line (the first: antiforgery tokens on every form of the pages, and the
/// SameSite=Lax sign-in cookie): a state-changing request that carries cookies is refused when the browser says it
/// comes from another site (<c>Sec-Fetch-Site: cross-site|same-site</c>) or names another origin (<c>Origin</c>).
/// This covers the API endpoints, which take JSON or multipart without a form token. Requests with a bearer token or
/// a kit/office signature carry no cookie of ours and are not concerned.
/// </summary>
internal static class CrossSiteRequests
{
    public static bool IsRefused(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) ||
            HttpMethods.IsOptions(request.Method) || request.Headers.Cookie.Count == 0 ||
            request.Headers.Authorization.Count > 0)
        {
            return false;
        }

        // Fetch metadata first (every current browser sends it): a page of this server posts "same-origin",
        // an address typed or bookmarked by the user is "none". Another site's page is "cross-site" or "same-site".
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site is "same-origin" or "none")
        {
            return false;
        }

        if (site is "cross-site" or "same-site")
        {
            return true;
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return false; // not sent by browsers on same-origin GET navigations; older clients, curl
        }

        return !string.Equals(origin, $"{request.Scheme}://{request.Host.Value}", StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>Which server this is, for the account pages and the CLI.</summary>
public sealed record SecurityInfo(ServerKind Kind);

/// <summary>Headers every response carries: no framing, no MIME sniffing, no referrer leaks, a strict CSP.</summary>
internal static class SecurityHeaders
{
    public static void Apply(IHeaderDictionary headers)
    {
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin"; // "no-referrer" would make browsers send "Origin: null" on form posts
        headers.ContentSecurityPolicy =
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'";
    }
}
