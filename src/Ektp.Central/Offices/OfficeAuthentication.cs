using Ektp.Central.Data;
using Ektp.Hosting.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ektp.Central.Offices;

/// <summary>Endpoint metadata: only a registered, unrevoked office (a regional server) may call it, with a request
/// signed by its key (<see cref="SignatureScheme.Office"/>).</summary>
internal sealed class OfficeOnly;

/// <summary>
/// Checks the office signature of every request to an <see cref="OfficeOnly"/> endpoint before the endpoint runs:
/// server-to-server calls carry the office's key, never a user's password (docs/security.md). Refusals are `office-*`
/// problems, which the regional server treats as "the centre refuses this office" (retry later, nothing set aside).
/// The office is put in <see cref="HttpContext.Items"/> for the endpoint.
/// </summary>
internal static class OfficeAuthentication
{
    public const string OfficeItem = "ektp.office";

    /// <summary>How far an office's clock may be from the centre's.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(15);

    private static readonly SignedCallerRules Rules = new(SignatureScheme.Office, "office", "office",
        "A central admin registers it at /kantor or with `ektp central add-office --data DIR --region CODE --key office.pem` " +
        "(the regional server's `ektp keys show` prints the key).", ClockSkew);

    /// <summary>The office that signed this request (only on <see cref="OfficeOnly"/> endpoints).</summary>
    public static OfficeRecord Office(this HttpContext context) =>
        context.Items[OfficeItem] as OfficeRecord ?? throw new InvalidOperationException("Not an office endpoint");

    public static WebApplication UseOfficeAuthentication(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<OfficeOnly>() is null)
            {
                await next(context);
                return;
            }

            var services = context.RequestServices;
            var db = services.GetRequiredService<CentralDbContext>();
            OfficeRecord? office = null;
            var (refusal, _) = await SignedCallers.CheckAsync(context, Rules,
                services.GetRequiredService<TimeProvider>().GetUtcNow(), async (keyId, ct) =>
                {
                    office = await db.Offices.AsNoTracking().SingleOrDefaultAsync(o => o.KeyId == keyId, ct);
                    return office is null
                        ? null
                        : new SignedCaller(office.KeyId, office.Name, office.PublicKey, office.RevokedAt, office.RevokedReason);
                }, context.RequestAborted);
            if (refusal is not null)
            {
                await refusal.ExecuteAsync(context);
                return;
            }

            context.Items[OfficeItem] = office;
            await next(context);
        });
        return app;
    }
}
