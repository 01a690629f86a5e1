using System.Security.Cryptography;
using Ektp.Hosting;

namespace Ektp.Central;

/// <summary>
/// The centre's two key pairs: ECDH P-256 that offices encrypt packets for, and ECDSA P-256 that signs print permits
/// and decisions. Separate keys, so one use can never be turned against the other.
/// </summary>
internal sealed class CentralKeys(ECDiffieHellman encryption, ECDsa signing) : IDisposable
{
    public ECDiffieHellman Encryption { get; } = encryption;
    public ECDsa Signing { get; } = signing;

    public static CentralKeys Load(string dataDir) => new(
        KeyFiles.LoadOrCreateAgreementKey(Path.Combine(dataDir, "keys", "central-encryption.pem")),
        KeyFiles.LoadOrCreateSigningKey(Path.Combine(dataDir, "keys", "central-signing.pem")));

    public CentralKeysResponse ToResponse() => new(
        Convert.ToBase64String(Encryption.ExportSubjectPublicKeyInfo()),
        Convert.ToBase64String(Signing.ExportSubjectPublicKeyInfo()));

    public void Dispose()
    {
        Encryption.Dispose();
        Signing.Dispose();
    }
}

/// <summary>Public keys of the centre (SubjectPublicKeyInfo, base64).</summary>
internal sealed record CentralKeysResponse(string EncryptionKey, string SigningKey);
