using System.Security.Cryptography;
using Ektp.Hosting;

namespace Ektp.Central;

/// <summary>
/// The centre's two key pairs: ECDH P-256 that offices encrypt packets for, and ECDSA P-256 that signs print permits
/// and decisions. Separate keys, so one use can never be turned against the other. The encryption key pairs rotated
/// out by `ektp keys rotate --packet-keys` stay in `keys/archive/`, so a packet an office sealed for one of them
/// (pinned before the rotation, or waiting in its outbox) still opens.
/// </summary>
internal sealed class CentralKeys(ECDiffieHellman encryption, ECDsa signing, IReadOnlyList<ECDiffieHellman>? archived = null)
    : IDisposable
{
    public const string EncryptionFile = "central-encryption.pem";
    public const string SigningFile = "central-signing.pem";

    public ECDiffieHellman Encryption { get; } = encryption;
    public ECDsa Signing { get; } = signing;

    /// <summary>The keys packets may be encrypted for: the current one, then the archived ones.</summary>
    public IReadOnlyList<ECDiffieHellman> DecryptionKeys { get; } = [encryption, .. archived ?? []];

    public static CentralKeys Load(string dataDir)
    {
        var encryption = Path.Combine(dataDir, "keys", EncryptionFile);
        return new CentralKeys(KeyFiles.LoadOrCreateAgreementKey(encryption),
            KeyFiles.LoadOrCreateSigningKey(Path.Combine(dataDir, "keys", SigningFile)),
            KeyFiles.LoadArchivedAgreementKeys(encryption));
    }

    public CentralKeysResponse ToResponse() => new(
        Convert.ToBase64String(Encryption.ExportSubjectPublicKeyInfo()),
        Convert.ToBase64String(Signing.ExportSubjectPublicKeyInfo()));

    public void Dispose()
    {
        foreach (var key in DecryptionKeys)
        {
            key.Dispose();
        }

        Signing.Dispose();
    }
}

/// <summary>Public keys of the centre (SubjectPublicKeyInfo, base64).</summary>
internal sealed record CentralKeysResponse(string EncryptionKey, string SigningKey);
