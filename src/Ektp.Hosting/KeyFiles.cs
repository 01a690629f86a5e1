using System.Security.Cryptography;

namespace Ektp.Hosting;

/// <summary>
/// Key pairs kept as PKCS#8 PEM files in a server's data folder, created on first start. The private key never
/// leaves the folder; the public key is what `ektp keys show` prints and the other side registers. A rotated key pair
/// is kept in <c>keys/archive/&lt;name&gt;-&lt;key id&gt;.pem</c>, so what was encrypted for it still opens.
/// </summary>
public static class KeyFiles
{
    /// <summary>The id of a public key: the first 16 bytes of SHA-256 of its SubjectPublicKeyInfo, in hex (the id the
    /// packet envelope and the signed requests use).</summary>
    public static string KeyId(AsymmetricAlgorithm key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..32];
    }

    /// <summary>Where the key pairs rotated out of <paramref name="path"/>'s folder are kept.</summary>
    public static string ArchiveFolder(string path) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "archive");

    /// <summary>
    /// Puts a new key pair in place of the one at <paramref name="path"/>, after copying that one to the archive
    /// (owner-only) under its key id. Nothing happens to a key that does not exist yet but its creation.
    /// </summary>
    /// <returns>The archived file, or null when there was no key yet.</returns>
    public static string? RotateSigningKey(string path) =>
        Rotate(path, () => ECDsa.Create(ECCurve.NamedCurves.nistP256), k => k.ExportPkcs8PrivateKeyPem(),
            (k, pem) => k.ImportFromPem(pem));

    /// <inheritdoc cref="RotateSigningKey"/>
    public static string? RotateAgreementKey(string path) =>
        Rotate(path, () => ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256), k => k.ExportPkcs8PrivateKeyPem(),
            (k, pem) => k.ImportFromPem(pem));

    /// <summary>The ECDH key pairs rotated out of <paramref name="path"/> (newest first).</summary>
    public static List<ECDiffieHellman> LoadArchivedAgreementKeys(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var folder = ArchiveFolder(path);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return [.. Directory.GetFiles(folder, Path.GetFileNameWithoutExtension(path) + "-*.pem")
            .OrderByDescending(File.GetLastWriteTimeUtc).ThenBy(f => f, StringComparer.Ordinal)
            .Select(file =>
            {
                var key = ECDiffieHellman.Create();
                key.ImportFromPem(File.ReadAllText(file));
                return key;
            })];
    }

    public static ECDsa LoadOrCreateSigningKey(string path) =>
        LoadOrCreate(path, () => ECDsa.Create(ECCurve.NamedCurves.nistP256), k => k.ExportPkcs8PrivateKeyPem(),
            (k, pem) => k.ImportFromPem(pem));

    public static ECDiffieHellman LoadOrCreateAgreementKey(string path) =>
        LoadOrCreate(path, () => ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256), k => k.ExportPkcs8PrivateKeyPem(),
            (k, pem) => k.ImportFromPem(pem));

    private static T LoadOrCreate<T>(string path, Func<T> create, Func<T, string> export, Action<T, string> import)
        where T : AsymmetricAlgorithm
    {
        var key = create();
        if (File.Exists(path))
        {
            import(key, File.ReadAllText(path));
            return key;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        WriteOwnerOnly(path, export(key), overwrite: false);
        return key;
    }

    private static string? Rotate<T>(string path, Func<T> create, Func<T, string> export, Action<T, string> import)
        where T : AsymmetricAlgorithm
    {
        ArgumentNullException.ThrowIfNull(path);
        string? archived = null;
        if (File.Exists(path))
        {
            using var old = create();
            var pem = File.ReadAllText(path);
            import(old, pem);
            archived = Path.Combine(ArchiveFolder(path), $"{Path.GetFileNameWithoutExtension(path)}-{KeyId(old)}.pem");
            Directory.CreateDirectory(ArchiveFolder(path));
            WriteOwnerOnly(archived, pem, overwrite: true); // archived before it is replaced: never lost in between
        }

        using var key = create();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        WriteOwnerOnly(path, export(key), overwrite: true);
        return archived;
    }

    private static void WriteOwnerOnly(string path, string content, bool overwrite)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, path, overwrite);
    }
}
