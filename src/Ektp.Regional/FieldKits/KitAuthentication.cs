using Ektp.Hosting.Security;
using Ektp.Regional.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ektp.Regional.FieldKits;

/// <summary>Endpoint metadata: only a registered, unrevoked field kit may call it, with a signed request.</summary>
internal sealed class KitOnly;

/// <summary>
/// Checks the signature (<see cref="SignatureScheme.Kit"/>) of every request to a <see cref="KitOnly"/> endpoint before the
/// endpoint (and its body binding) runs: a missing or malformed header, a clock too far off, an unknown or revoked
/// kit, or a signature that does not verify is refused with a `kit-*` problem and nothing happens. The kit is put in
/// <see cref="HttpContext.Items"/> for the endpoint.
/// </summary>
internal static class KitAuthentication
{
    public const string KitItem = "ektp.kit";

    public static WebApplication UseKitAuthentication(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<KitOnly>() is null)
            {
                await next(context);
                return;
            }

            var refusal = await AuthenticateAsync(context, context.RequestAborted);
            if (refusal is not null)
            {
                await refusal.ExecuteAsync(context);
                return;
            }

            await next(context);
        });
        return app;
    }

    private static async Task<ProblemHttpResult?> AuthenticateAsync(HttpContext context, CancellationToken ct)
    {
        var services = context.RequestServices;
        var settings = services.GetRequiredService<RegionalSettings>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var db = services.GetRequiredService<RegionalDbContext>();
        FieldKitRecord? kit = null;
        var rules = new SignedCallerRules(SignatureScheme.Kit, "kit", "field kit",
            "Its supervisor registers it with `ektp regional add-office --data DIR --key kit.pem` " +
            "(the kit's `ektp keys show` prints the key).", settings.KitClockSkew);
        var (refusal, _) = await SignedCallers.CheckAsync(context, rules, now, async (keyId, token) =>
        {
            kit = await db.FieldKits().SingleOrDefaultAsync(k => k.KeyId == keyId, token);
            return kit is null ? null : new SignedCaller(kit.KeyId, kit.Name, kit.PublicKey, kit.RevokedAt, kit.RevokedReason);
        }, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        if (kit!.LastSeenAt is not { } seen || now.UtcDateTime - seen > TimeSpan.FromMinutes(1))
        {
            kit.LastSeenAt = now.UtcDateTime;
            await db.SaveChangesAsync(ct);
        }

        context.Items[KitItem] = kit;
        return null;
    }
}
