using System.Security.Cryptography;
using Ektp.Core.Packets;
using Ektp.Hosting;
using Ektp.Regional.Sync;

namespace Ektp.Regional.Tests.Security;

/// <summary>A regional server's packet keys rotate without losing anything: a field kit's packet sealed for the old
/// encryption key still opens, and what the old office key signed still verifies with the archived key file.</summary>
public sealed class PacketKeyRotationTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ektp-tests", Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_kit_packet_sealed_for_the_rotated_encryption_key_still_opens()
    {
        using var kit = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var packet = RandomNumberGenerator.GetBytes(10_000);
        var id = Guid.CreateVersion7();
        byte[] envelope;
        string oldKey;
        using (var before = new RegionalKeys(_dir))
        {
            envelope = PacketEnvelope.Seal(packet, id, "1472", kit, before.Encryption);
            oldKey = PacketEnvelope.KeyId(before.Encryption);
        }

        var archived = KeyFiles.RotateAgreementKey(Path.Combine(_dir, "keys", RegionalKeys.EncryptionFile));
        using var after = new RegionalKeys(_dir);

        Assert.NotEqual(oldKey, PacketEnvelope.KeyId(after.Encryption));
        Assert.Equal(Path.Combine(_dir, "keys", "archive", $"office-encryption-{oldKey}.pem"), archived);
        Assert.Equal(2, after.DecryptionKeys.Count);
        Assert.Equal(packet, PacketEnvelope.Open(PacketEnvelope.Parse(envelope), kit, after.DecryptionKeys));
    }

    [Fact]
    public void What_the_old_office_key_signed_verifies_with_its_archived_key_file()
    {
        var chip = "{\"format\":\"ektp-chip/1\"}"u8.ToArray();
        byte[] signature;
        string oldKey;
        using (var before = new RegionalKeys(_dir))
        {
            signature = before.Office.SignData(chip, HashAlgorithmName.SHA256);
            oldKey = PacketEnvelope.KeyId(before.Office);
        }

        var archived = KeyFiles.RotateSigningKey(Path.Combine(_dir, "keys", RegionalKeys.OfficeFile))!;
        using var after = new RegionalKeys(_dir);
        using var old = ECDsa.Create();
        old.ImportFromPem(File.ReadAllText(archived));

        Assert.NotEqual(oldKey, PacketEnvelope.KeyId(after.Office));
        Assert.Equal(oldKey, PacketEnvelope.KeyId(old));
        Assert.True(old.VerifyData(chip, signature, HashAlgorithmName.SHA256));
        Assert.False(after.Office.VerifyData(chip, signature, HashAlgorithmName.SHA256));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(archived));
        }
    }
}
