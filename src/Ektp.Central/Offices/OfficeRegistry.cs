using System.Security.Cryptography;
using Ektp.Central.Data;
using Ektp.Core.Packets;
using Ektp.Core.Regions;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Central.Offices;

/// <summary>
/// Registration and revocation of sending offices: one logic for `ektp central add-office` and the admin page
/// `/kantor`. Refusals carry a stable code the page translates; the command prints the English message.
/// </summary>
internal static class OfficeRegistry
{
    public const int MaxBy = 120;
    public const int MaxRevokedReason = 400;

    /// <summary>`ektp central add-office`: registers the key or throws <see cref="ArgumentException"/>.</summary>
    public static async Task<OfficeRecord> AddAsync(CentralDbContext db, string regionCode, string publicKeyPem,
        DateTime now, CancellationToken ct) =>
        await RegisterAsync(db, regionCode, publicKeyPem, by: null, now, ct) switch
        {
            OfficeOutcome.Done done => done.Office,
            OfficeOutcome.Refused refused => throw new ArgumentException(refused.Message,
                refused.Code == "region-unknown" ? nameof(regionCode) : nameof(publicKeyPem)),
            _ => throw new InvalidOperationException("Unknown office outcome"),
        };

    /// <summary>
    /// Registers an office's public key (PEM, ECDSA P-256) for a kab/kota. A key already registered for the same
    /// region is returned as it is (<see cref="OfficeOutcome.Done.Existing"/>), revoked or not.
    /// </summary>
    public static async Task<OfficeOutcome> RegisterAsync(CentralDbContext db, string? regionCode,
        string? publicKeyPem, string? by, DateTime now, CancellationToken ct)
    {
        var region = string.IsNullOrWhiteSpace(regionCode) ? null : RegionCatalog.Official.Find(regionCode.Trim());
        if (region is not { Level: RegionLevel.KabupatenKota })
        {
            return Refuse("region-unknown",
                $"Region {regionCode} is not a kabupaten/kota of the official list.");
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
                "The key file is not an EC public key in PEM form (`ektp keys show` prints one).");
        }

        if (key.KeySize != 256)
        {
            return Refuse("key-not-p256", "Office keys are ECDSA P-256.");
        }

        var keyId = PacketEnvelope.KeyId(key);
        var existing = await db.Offices.FindAsync([keyId], ct);
        if (existing is not null)
        {
            return existing.RegionCode == region.Digits
                ? new OfficeOutcome.Done(existing, Existing: true)
                : Refuse("key-other-region", $"This key is already registered for region {existing.RegionCode}.");
        }

        var office = new OfficeRecord
        {
            KeyId = keyId,
            RegionCode = region.Digits,
            Name = $"Disdukcapil {region.Name}",
            PublicKey = key.ExportSubjectPublicKeyInfo(),
            RegisteredAt = now,
            RegisteredBy = string.IsNullOrWhiteSpace(by) ? null : by.Trim(),
        };
        db.Offices.Add(office);
        await db.SaveChangesAsync(ct);
        return new OfficeOutcome.Done(office, Existing: false);
    }

    /// <summary>Revokes an office's key: from now on the centre refuses its packets (`packet-sender-revoked`).</summary>
    public static async Task<OfficeOutcome> RevokeAsync(CentralDbContext db, string? keyId, string? by,
        string? reason, DateTime now, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(by) || by.Trim().Length > MaxBy)
        {
            return Refuse("by-missing", $"Say who revokes the key (at most {MaxBy} characters).");
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > MaxRevokedReason)
        {
            return Refuse("reason-missing", $"Say why the key is revoked (at most {MaxRevokedReason} characters).");
        }

        var office = string.IsNullOrEmpty(keyId) ? null : await db.Offices.FindAsync([keyId], ct);
        if (office is null)
        {
            return Refuse("office-unknown", $"No office has the key {keyId}.");
        }

        if (office.RevokedAt is not null)
        {
            return Refuse("office-already-revoked",
                $"The key {office.KeyId} was revoked on {office.RevokedAt:yyyy-MM-dd HH:mm} UTC.");
        }

        office.RevokedAt = now;
        office.RevokedBy = by.Trim();
        office.RevokedReason = reason.Trim();
        await db.SaveChangesAsync(ct);
        return new OfficeOutcome.Done(office, Existing: true);
    }

    /// <summary>Every registered office, active ones first, then by region.</summary>
    public static Task<List<OfficeRecord>> ListAsync(CentralDbContext db, CancellationToken ct) =>
        db.Offices.AsNoTracking().OrderBy(o => o.RevokedAt != null).ThenBy(o => o.RegionCode)
            .ThenBy(o => o.RegisteredAt).ToListAsync(ct);

    private static OfficeOutcome.Refused Refuse(string code, string message) => new(code, message);
}

internal abstract record OfficeOutcome
{
    /// <summary>Registered (or found already registered: <paramref name="Existing"/>), or revoked.</summary>
    public sealed record Done(OfficeRecord Office, bool Existing) : OfficeOutcome;

    /// <summary>Nothing was stored; <paramref name="Code"/> is stable, <paramref name="Message"/> English.</summary>
    public sealed record Refused(string Code, string Message) : OfficeOutcome;
}
