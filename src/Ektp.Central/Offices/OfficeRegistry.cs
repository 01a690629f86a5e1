using System.Security.Cryptography;
using Ektp.Central.Data;
using Ektp.Core.Packets;
using Ektp.Core.Regions;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Central.Offices;

/// <summary>Registration and revocation of sending offices (`ektp central add-office`).</summary>
internal static class OfficeRegistry
{
    public static async Task<OfficeRecord> AddAsync(CentralDbContext db, string regionCode, string publicKeyPem,
        DateTime now, CancellationToken ct)
    {
        var region = RegionCatalog.Official.Find(regionCode);
        if (region is not { Level: RegionLevel.KabupatenKota })
        {
            throw new ArgumentException($"Region {regionCode} is not a kabupaten/kota of the official list.", nameof(regionCode));
        }

        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(publicKeyPem);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            throw new ArgumentException("The key file is not an EC public key in PEM form (`ektp keys show` prints one).",
                nameof(publicKeyPem), ex);
        }

        if (key.KeySize != 256)
        {
            throw new ArgumentException("Office keys are ECDSA P-256.", nameof(publicKeyPem));
        }

        var keyId = PacketEnvelope.KeyId(key);
        var existing = await db.Offices.FindAsync([keyId], ct);
        if (existing is not null)
        {
            if (existing.RegionCode != region.Digits)
            {
                throw new ArgumentException($"This key is already registered for region {existing.RegionCode}.",
                    nameof(publicKeyPem));
            }

            return existing;
        }

        var office = new OfficeRecord
        {
            KeyId = keyId,
            RegionCode = region.Digits,
            Name = $"Disdukcapil {region.Name}",
            PublicKey = key.ExportSubjectPublicKeyInfo(),
            RegisteredAt = now,
        };
        db.Offices.Add(office);
        await db.SaveChangesAsync(ct);
        return office;
    }
}
