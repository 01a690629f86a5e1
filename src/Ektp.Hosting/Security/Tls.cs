using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Ektp.Hosting.Security;

/// <summary>
/// HTTPS for the servers (docs/security.md). A server listening on an https:// address uses the certificate given
/// with <c>--certificate FILE</c> (PKCS#12 with the password in <c>EKTP_CERTIFICATE_PASSWORD</c>, or PEM with the
/// certificate and its private key in one file); without one it makes a self-signed certificate on first start and
/// keeps it in its data folder (<c>keys/tls/server.pfx</c>, owner-only; the public part as
/// <c>keys/tls/server.crt</c>, which the other side is given to trust with <c>--central-certificate</c> or
/// <c>--regional-certificate</c>).
/// </summary>
public static class Tls
{
    public const string PasswordVariable = "EKTP_CERTIFICATE_PASSWORD";

    /// <summary>The public certificate (PEM) of a server's self-signed certificate in its data folder.</summary>
    public static string SelfSignedCertificatePath(string dataDir) => Path.Combine(dataDir, "keys", "tls", "server.crt");

    /// <summary>True when one of the (semicolon-separated) addresses is https.</summary>
    public static bool IsHttps(string urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        return urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(u => u.StartsWith("https://", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Gives Kestrel its certificate when <paramref name="urls"/> has an https address: the file, or the data
    /// folder's self-signed one (made now if missing). Nothing happens for http-only addresses.
    /// </summary>
    public static void UseServerCertificate(this WebApplicationBuilder builder, string urls, string dataDir,
        string? certificateFile, string commonName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!IsHttps(urls))
        {
            return;
        }

        var certificate = certificateFile is null
            ? LoadOrCreateSelfSigned(dataDir, commonName)
            : Load(certificateFile);
        builder.WebHost.UseKestrelHttpsConfiguration(); // a slim builder leaves HTTPS out unless asked
        builder.WebHost.ConfigureKestrel(k => k.ConfigureHttpsDefaults(h => h.ServerCertificate = certificate));
    }

    /// <summary>Loads a server certificate with its private key: PKCS#12 (.pfx/.p12) or PEM.</summary>
    public static X509Certificate2 Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The certificate file {path} does not exist.");
        }

        try
        {
            var extension = Path.GetExtension(path).ToLowerInvariant();
            var certificate = extension is ".pfx" or ".p12"
                ? X509CertificateLoader.LoadPkcs12FromFile(path, Environment.GetEnvironmentVariable(PasswordVariable))
                : X509Certificate2.CreateFromPemFile(path);
            return certificate.HasPrivateKey
                ? certificate
                : throw new InvalidOperationException($"The certificate file {path} holds no private key.");
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException(
                $"The certificate file {path} could not be read ({ex.Message.TrimEnd('.')}); give a PKCS#12 file " +
                $"(password in {PasswordVariable}) or a PEM file with the certificate and its private key.", ex);
        }
    }

    /// <summary>The self-signed certificate of a data folder, made on first use: ECDSA P-256, for localhost,
    /// 127.0.0.1, ::1 and this machine's name, valid for two years.</summary>
    public static X509Certificate2 LoadOrCreateSelfSigned(string dataDir, string commonName)
    {
        var folder = Path.Combine(dataDir, "keys", "tls");
        var pfx = Path.Combine(folder, "server.pfx");
        if (File.Exists(pfx))
        {
            var existing = X509CertificateLoader.LoadPkcs12FromFile(pfx, null);
            if (existing.NotAfter > DateTime.Now.AddDays(30))
            {
                return existing;
            }
        }

        Directory.CreateDirectory(folder);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}, O=ektp (self-signed)", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        var host = Dns.GetHostName();
        if (!string.IsNullOrWhiteSpace(host) && Uri.CheckHostName(host) == UriHostNameType.Dns && host != "localhost")
        {
            names.AddDnsName(host);
        }

        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1")], false)); // server authentication
        var now = DateTimeOffset.UtcNow;
        using var made = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(730));
        WriteOwnerOnly(pfx, made.Export(X509ContentType.Pkcs12));
        File.WriteAllText(Path.Combine(folder, "server.crt"), made.ExportCertificatePem());
        return X509CertificateLoader.LoadPkcs12FromFile(pfx, null);
    }

    /// <summary>
    /// The handler of a client of another ektp server: normal certificate validation, and in addition the one
    /// certificate in <paramref name="trustedCertificateFile"/> (PEM or DER; typically the other server's
    /// self-signed <c>server.crt</c>) is accepted when the server presents exactly it.
    /// </summary>
    public static HttpClientHandler ClientHandler(string? trustedCertificateFile)
    {
        var handler = new HttpClientHandler();
        if (trustedCertificateFile is null)
        {
            return handler;
        }

        var pinned = LoadPublic(trustedCertificateFile);
        handler.ServerCertificateCustomValidationCallback = (_, presented, _, errors) =>
            errors == SslPolicyErrors.None ||
            (presented is not null && presented.RawData.AsSpan().SequenceEqual(pinned.RawData));
        return handler;
    }

    /// <summary>A certificate without its key, from PEM or DER, for trusting it.</summary>
    public static X509Certificate2 LoadPublic(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException)
        {
            throw new InvalidOperationException(
                $"The certificate to trust, {path}, could not be read: {ex.Message.TrimEnd('.')}.", ex);
        }
    }

    private static void WriteOwnerOnly(string path, byte[] content)
    {
        var temp = path + ".tmp";
        File.WriteAllBytes(temp, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, path, overwrite: true);
    }
}
