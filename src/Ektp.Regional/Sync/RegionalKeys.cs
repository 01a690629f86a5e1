using System.Security.Cryptography;
using Ektp.Hosting;

namespace Ektp.Regional.Sync;

/// <summary>
/// This office's ECDSA P-256 key pair (`keys/office.pem`, created on first start; `ektp keys show` prints the public
/// half for registration at the centre, or, for a field kit, at its regional server) and the centre's encryption key,
/// pinned in `keys/central-encryption.pub` the first time it is fetched (trust on first use; replace the file to
/// trust another centre key). A regional server also has an ECDH P-256 key pair that its field kits encrypt packets
/// for (`keys/office-encryption.pem`); a field kit pins that key in `keys/regional-encryption.pub`.
/// </summary>
internal sealed class RegionalKeys(string dataDir) : IDisposable
{
    private readonly Lazy<ECDsa> _office = new(() =>
        KeyFiles.LoadOrCreateSigningKey(Path.Combine(dataDir, "keys", OfficeFile)));

    private readonly Lazy<ECDiffieHellman> _encryption = new(() =>
        KeyFiles.LoadOrCreateAgreementKey(Path.Combine(dataDir, "keys", EncryptionFile)));

    private readonly Lazy<List<ECDiffieHellman>> _archived = new(() =>
        KeyFiles.LoadArchivedAgreementKeys(Path.Combine(dataDir, "keys", EncryptionFile)));

    public const string OfficeFile = "office.pem";
    public const string EncryptionFile = "office-encryption.pem";

    public ECDsa Office => _office.Value;

    /// <summary>The key this regional server's field kits encrypt their packets for (`GET /api/keys`).</summary>
    public ECDiffieHellman Encryption => _encryption.Value;

    /// <summary>The keys a field kit's packet may be encrypted for: the current one, then those rotated out by
    /// `ektp keys rotate --packet-keys` (kept in `keys/archive/`).</summary>
    public IReadOnlyList<ECDiffieHellman> DecryptionKeys => [Encryption, .. _archived.Value];

    /// <summary>A field kit's pin of its regional server's encryption key.</summary>
    public string RegionalKeyPath { get; } = Path.Combine(dataDir, "keys", "regional-encryption.pub");

    /// <summary>Where the encryption key of this server's upstream is pinned: the centre's, or for a field kit the
    /// regional server's.</summary>
    public string UpstreamKeyPath(bool fieldKit) => fieldKit ? RegionalKeyPath : CentralKeyPath;

    public ECDiffieHellman? LoadUpstreamKey(bool fieldKit) => LoadPinned(UpstreamKeyPath(fieldKit), ECDiffieHellman.Create);

    public void PinUpstreamKey(bool fieldKit, string subjectPublicKeyInfoBase64) =>
        Pin(UpstreamKeyPath(fieldKit), subjectPublicKeyInfoBase64);

    public string CentralKeyPath { get; } = Path.Combine(dataDir, "keys", "central-encryption.pub");

    /// <summary>The centre's permit-signing key, pinned the same way in `keys/central-signing.pub`.</summary>
    public string CentralSigningKeyPath { get; } = Path.Combine(dataDir, "keys", "central-signing.pub");

    public static string PublicPem(ECDsa key) => key.ExportSubjectPublicKeyInfoPem();

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

        if (_encryption.IsValueCreated)
        {
            _encryption.Value.Dispose();
        }

        if (_archived.IsValueCreated)
        {
            _archived.Value.ForEach(k => k.Dispose());
        }
    }
}
