using System.Security.Cryptography;
using Ektp.Hosting;
using Ektp.Regional.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ektp.Regional.FieldKits;

/// <summary>Endpoint metadata: only a registered, unrevoked field kit may call it, with a signed request.</summary>
internal sealed class KitOnly;

/// <summary>
/// Checks the <see cref="KitSignature"/> of every request to a <see cref="KitOnly"/> endpoint before the
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
        var header = context.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return Problem(StatusCodes.Status401Unauthorized, "kit-auth-missing", "The request is not signed.",
                $"Only a registered field kit may call this endpoint, with a signed `Authorization: {KitSignature.Scheme} …` header.");
        }

        if (!KitSignature.TryParse(header, out var keyId, out var time, out var signature))
        {
            return Problem(StatusCodes.Status401Unauthorized, "kit-auth-invalid", "The request signature is malformed.",
                $"The Authorization header must read `{KitSignature.Scheme} keyId=<32 hex>,time=<unix seconds>,sig=<base64>`.");
        }

        var services = context.RequestServices;
        var settings = services.GetRequiredService<RegionalSettings>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var kitTime = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(time, 0, 253_402_300_799));
        if ((kitTime - now).Duration() > settings.KitClockSkew)
        {
            return Problem(StatusCodes.Status401Unauthorized, "kit-clock-skew", "The field kit's clock is wrong.",
                $"The kit's clock reads {kitTime:yyyy-MM-dd HH:mm} UTC, the regional server's {now:yyyy-MM-dd HH:mm} UTC; " +
                $"set the kit's clock right (they may differ by at most {settings.KitClockSkew.TotalMinutes:0} minutes).");
        }

        var db = services.GetRequiredService<RegionalDbContext>();
        var kit = await db.FieldKits().SingleOrDefaultAsync(k => k.KeyId == keyId, ct);
        if (kit is null)
        {
            return Problem(StatusCodes.Status403Forbidden, "kit-unknown", "This field kit is not registered.",
                $"No field kit with key {keyId} is registered at this regional server. Its supervisor registers it with " +
                "`ektp regional add-office --data DIR --key kit.pem` (the kit's `ektp keys show` prints the key).");
        }

        if (kit.RevokedAt is not null)
        {
            return Problem(StatusCodes.Status403Forbidden, "kit-revoked", "This field kit's key is revoked.",
                $"The key of {kit.Name} was revoked on {kit.RevokedAt:yyyy-MM-dd HH:mm} UTC: {kit.RevokedReason}");
        }

        context.Request.EnableBuffering();
        string bodySha256;
        using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer, ct)) > 0)
            {
                sha.AppendData(buffer, 0, read);
            }

            bodySha256 = Convert.ToHexStringLower(sha.GetHashAndReset());
        }

        context.Request.Body.Position = 0;
        if (!KitSignature.Verify(kit.PublicKey, context.Request.Method, context.Request.GetEncodedPathAndQuery(), time,
                bodySha256, signature))
        {
            return Problem(StatusCodes.Status401Unauthorized, "kit-signature-invalid",
                "The request signature does not verify.",
                $"The signature does not verify with the registered key {keyId} over this request.");
        }

        if (kit.LastSeenAt is not { } seen || now.UtcDateTime - seen > TimeSpan.FromMinutes(1))
        {
            kit.LastSeenAt = now.UtcDateTime;
            await db.SaveChangesAsync(ct);
        }

        context.Items[KitItem] = kit;
        return null;
    }

    private static ProblemHttpResult Problem(int status, string code, string title, string detail) =>
        Problems.Of(status, code, title, detail);
}
