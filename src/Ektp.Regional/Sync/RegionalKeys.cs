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

    public ECDiffieHellman? LoadCentralKey() => LoadPinned(CentralKeyPath, ECDiffieHellman.Create);

    public void PinCentralKey(string subjectPublicKeyInfoBase64) => Pin(CentralKeyPath, subjectPublicKeyInfoBase64);

    public ECDsa? LoadCentralSigningKey() => LoadPinned(CentralSigningKeyPath, ECDsa.Create);

    public void PinCentralSigningKey(string subjectPublicKeyInfoBase64) =>
        Pin(CentralSigningKeyPath, subjectPublicKeyInfoBase64);

    private static T? LoadPinned<T>(string path, Func<T> create) where T : AsymmetricAlgorithm
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var key = create();
        key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(File.ReadAllText(path).Trim()), out _);
        return key;
    }

    private static void Pin(string path, string subjectPublicKeyInfoBase64)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, subjectPublicKeyInfoBase64);
    }

    public void Dispose()
    {
        if (_office.IsValueCreated)
        {
            _office.Value.Dispose();
        }
    }
}
