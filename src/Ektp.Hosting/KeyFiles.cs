using System.Security.Cryptography;

namespace Ektp.Hosting;

/// <summary>
/// Key pairs kept as PKCS#8 PEM files in a server's data folder, created on first start. The private key never
/// leaves the folder; the public key is what `ektp keys show` prints and the other side registers.
/// </summary>
public static class KeyFiles
{
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
        var temp = path + ".tmp";
        File.WriteAllText(temp, export(key));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, path);
        return key;
    }
}
