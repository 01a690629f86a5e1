using System.Security.Cryptography;
using Ektp.Core.Packets;
using Ektp.Regional.Data;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.FieldKits;

/// <summary>
/// Registration and revocation of this regional server's field kits (`ektp regional add-office` and
/// `revoke-office`), as the centre registers regional servers. Refusals carry a stable code and an English message.
/// </summary>
internal static class FieldKitRegistry
{
    public const int MaxName = 120;
    public const int MaxBy = 120;
    public const int MaxRevokedReason = 400;

    /// <summary>
    /// Registers a kit's public key (PEM, ECDSA P-256). A key already registered is returned as it is
    /// (<see cref="FieldKitOutcome.Done.Existing"/>), revoked or not; a name given again renames it.
    /// </summary>
    public static async Task<FieldKitOutcome> RegisterAsync(RegionalDbContext db, string? publicKeyPem, string? name,
        string? by, DateTime now, CancellationToken ct)
    {
        if (name is not null && (string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxName))
        {
            return Refuse("name-invalid", $"A kit's name has 1 to {MaxName} characters.");
        }

        if (by is { Length: > MaxBy })
        {
            return Refuse("by-too-long", $"The name of who registers has at most {MaxBy} characters.");
        }

        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(publicKeyPem ?? "");
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            return Refuse("key-invalid",
                "The key file is not an EC public key in PEM form (`ektp keys show --data KITDIR` prints one).");
        }

        if (key.KeySize != 256)
        {
            return Refuse("key-not-p256", "Field kit keys are ECDSA P-256.");
        }

        var keyId = PacketEnvelope.KeyId(key);
        var existing = await db.FieldKits().FindAsync([keyId], ct);
        if (existing is not null)
        {
            if (name is not null && existing.Name != name.Trim())
            {
                existing.Name = name.Trim();
                await db.SaveChangesAsync(ct);
            }

            return new FieldKitOutcome.Done(existing, Existing: true);
        }

        var kit = new FieldKitRecord
        {
            KeyId = keyId,
            Name = name?.Trim() ?? $"Field kit {keyId[..8]}",
            PublicKey = key.ExportSubjectPublicKeyInfo(),
            RegisteredAt = now,
            RegisteredBy = string.IsNullOrWhiteSpace(by) ? null : by.Trim(),
        };
        db.FieldKits().Add(kit);
        await db.SaveChangesAsync(ct);
        return new FieldKitOutcome.Done(kit, Existing: false);
    }

    /// <summary>Revokes a kit: from now on the regional server refuses its requests and its packets.</summary>
    public static async Task<FieldKitOutcome> RevokeAsync(RegionalDbContext db, string? keyId, string? by,
        string? reason, DateTime now, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(by) || by.Trim().Length > MaxBy)
        {
            return Refuse("by-missing", $"Say who revokes the kit (at most {MaxBy} characters).");
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > MaxRevokedReason)
        {
            return Refuse("reason-missing", $"Say why the kit is revoked (at most {MaxRevokedReason} characters).");
        }

        var kit = string.IsNullOrEmpty(keyId) ? null : await db.FieldKits().FindAsync([keyId], ct);
        if (kit is null)
        {
            return Refuse("kit-unknown", $"No field kit has the key {keyId}.");
        }

        if (kit.RevokedAt is not null)
        {
            return Refuse("kit-already-revoked", $"The kit {kit.Name} was revoked on {kit.RevokedAt:yyyy-MM-dd HH:mm} UTC.");
        }

        kit.RevokedAt = now;
        kit.RevokedBy = by.Trim();
        kit.RevokedReason = reason.Trim();
        await db.SaveChangesAsync(ct);
        return new FieldKitOutcome.Done(kit, Existing: true);
    }

    /// <summary>The key id of a PEM public key, or null when it is not one.</summary>
    public static string? KeyIdOf(string pem)
    {
        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            return PacketEnvelope.KeyId(key);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            return null;
        }
    }

    private static FieldKitOutcome.Refused Refuse(string code, string message) => new(code, message);
}

internal abstract record FieldKitOutcome
{
    /// <summary>Registered (or found already registered: <paramref name="Existing"/>), or revoked.</summary>
    public sealed record Done(FieldKitRecord Kit, bool Existing) : FieldKitOutcome;

    /// <summary>Nothing was stored; <paramref name="Code"/> is stable, <paramref name="Message"/> English.</summary>
    public sealed record Refused(string Code, string Message) : FieldKitOutcome;
}
