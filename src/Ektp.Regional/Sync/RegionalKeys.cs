using System.Security.Cryptography;
using Ektp.Hosting;

namespace Ektp.Regional.Sync;

/// <summary>
/// This office's ECDSA P-256 key pair (`keys/office.pem`, created on first start; `ektp keys show` prints the public
/// half for registration at the centre) and the centre's encryption key, pinned in `keys/central-encryption.pub` the
/// first time it is fetched (trust on first use; replace the file to trust another centre key).
/// </summary>
internal sealed class RegionalKeys(string dataDir) : IDisposable
{
    private readonly Lazy<ECDsa> _office = new(() =>
        KeyFiles.LoadOrCreateSigningKey(Path.Combine(dataDir, "keys", "office.pem")));

    public ECDsa Office => _office.Value;

    public string CentralKeyPath { get; } = Path.Combine(dataDir, "keys", "central-encryption.pub");

    /// <summary>The centre's permit-signing key, pinned the same way in `keys/central-signing.pub`.</summary>
    public string CentralSigningKeyPath { get; } = Path.Combine(dataDir, "keys", "central-signing.pub");

    public static string PublicPem(ECDsa key) => key.ExportSubjectPublicKeyInfoPem();

    public ECDiffieHellman? LoadCentralKey()
    {
        if (!File.Exists(CentralKeyPath))
        {
            return null;
        }

        var key = ECDiffieHellman.Create();
        key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(File.ReadAllText(CentralKeyPath).Trim()), out _);
        return key;
    }

    public void PinCentralKey(string subjectPublicKeyInfoBase64)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(CentralKeyPath)!);
        File.WriteAllText(CentralKeyPath, subjectPublicKeyInfoBase64);
    }

    public ECDsa? LoadCentralSigningKey()
    {
        if (!File.Exists(CentralSigningKeyPath))
        {
            return null;
        }

        var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(File.ReadAllText(CentralSigningKeyPath).Trim()), out _);
        return key;
    }

    public void PinCentralSigningKey(string subjectPublicKeyInfoBase64)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(CentralSigningKeyPath)!);
        File.WriteAllText(CentralSigningKeyPath, subjectPublicKeyInfoBase64);
    }

    public void Dispose()
    {
        if (_office.IsValueCreated)
        {
            _office.Value.Dispose();
        }
    }
}
