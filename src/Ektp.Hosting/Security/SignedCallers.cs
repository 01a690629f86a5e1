using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ektp.Hosting.Security;

/// <summary>A registered caller's key as the receiving server knows it.</summary>
public sealed record SignedCaller(string KeyId, string Name, byte[] PublicKey, DateTime? RevokedAt, string? RevokedReason);

/// <summary>
/// Who may send signed requests to some endpoints, and how a refusal reads: <see cref="Prefix"/> starts every problem
/// code (`kit-…`, `office-…`), <see cref="Kind"/> names the caller in messages, <see cref="RegisterHint"/> says how an
/// unknown caller gets registered.
/// </summary>
public sealed record SignedCallerRules(SignatureScheme Scheme, string Prefix, string Kind, string RegisterHint,
    TimeSpan ClockSkew);

/// <summary>
/// Checks a signed request (<see cref="SignatureScheme"/>) before the endpoint (and its body binding) runs: a missing
/// or malformed header, a clock too far off, an unknown or revoked key, or a signature that does not verify is refused
/// with a problem and nothing happens.
/// </summary>
public static class SignedCallers
{
    /// <summary>The refusal, or null and the caller when the request is good.</summary>
    public static async Task<(ProblemHttpResult? Refusal, SignedCaller? Caller)> CheckAsync(HttpContext context,
        SignedCallerRules rules, DateTimeOffset now, Func<string, CancellationToken, Task<SignedCaller?>> find,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(find);
        var scheme = rules.Scheme;
        var header = context.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return Refuse(rules, StatusCodes.Status401Unauthorized, "auth-missing", "The request is not signed.",
                $"Only a registered {rules.Kind} may call this endpoint, with a signed `Authorization: {scheme.Name} …` header.");
        }

        if (!scheme.TryParse(header, out var keyId, out var time, out var signature))
        {
            return Refuse(rules, StatusCodes.Status401Unauthorized, "auth-invalid", "The request signature is malformed.",
                $"The Authorization header must read `{scheme.Name} keyId=<32 hex>,time=<unix seconds>,sig=<base64>`.");
        }

        var callerTime = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(time, 0, 253_402_300_799));
        if ((callerTime - now).Duration() > rules.ClockSkew)
        {
            return Refuse(rules, StatusCodes.Status401Unauthorized, "clock-skew", $"The {rules.Kind}'s clock is wrong.",
                $"The {rules.Kind}'s clock reads {callerTime:yyyy-MM-dd HH:mm} UTC, this server's {now:yyyy-MM-dd HH:mm} UTC; " +
                $"set the clock right (they may differ by at most {rules.ClockSkew.TotalMinutes:0} minutes).");
        }

        var caller = await find(keyId, ct);
        if (caller is null)
        {
            return Refuse(rules, StatusCodes.Status403Forbidden, "unknown", $"This {rules.Kind} is not registered.",
                $"No {rules.Kind} with key {keyId} is registered at this server. {rules.RegisterHint}");
        }

        if (caller.RevokedAt is not null)
        {
            return Refuse(rules, StatusCodes.Status403Forbidden, "revoked", $"This {rules.Kind}'s key is revoked.",
                $"The key of {caller.Name} was revoked on {caller.RevokedAt:yyyy-MM-dd HH:mm} UTC: {caller.RevokedReason}");
        }

        var bodySha256 = await SignatureScheme.BodySha256Async(context.Request, ct);
        if (!scheme.Verify(caller.PublicKey, context.Request.Method, context.Request.GetEncodedPathAndQuery(), time,
                bodySha256, signature))
        {
            return Refuse(rules, StatusCodes.Status401Unauthorized, "signature-invalid",
                "The request signature does not verify.",
                $"The signature does not verify with the registered key {keyId} over this request.");
        }

        return (null, caller);
    }

    private static (ProblemHttpResult?, SignedCaller?) Refuse(SignedCallerRules rules, int status, string code,
        string title, string detail) => (Problems.Of(status, $"{rules.Prefix}-{code}", title, detail), null);
}
