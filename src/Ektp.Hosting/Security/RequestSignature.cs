using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Ektp.Hosting.Security;

/// <summary>
/// Server-to-server requests are signed with the caller's office key, never with a user's password
/// (docs/security.md): a field kit towards its regional server (<see cref="Kit"/>), a regional server towards the
/// centre (<see cref="Office"/>). The header reads
/// <code>Authorization: &lt;NAME&gt; keyId=&lt;32 hex&gt;,time=&lt;unix seconds&gt;,sig=&lt;base64&gt;</code>
/// where <c>sig</c> is ECDSA P-256 / SHA-256 (IEEE P1363) by the caller's key over the UTF-8 bytes of
/// <code>&lt;label&gt; \n METHOD \n path?query \n time \n sha256-hex(body)</code>
/// The label differs per scheme, so a kit's signature can never pass as an office's. The time bounds how long a
/// captured request can be replayed; the body hash ties the signature to the content.
/// </summary>
public sealed record SignatureScheme(string Name, string Label)
{
    public static readonly SignatureScheme Kit = new("EKTP-KIT", "ektp-kit-v1");
    public static readonly SignatureScheme Office = new("EKTP-OFFICE", "ektp-office-v1");

    public string Canonical(string method, string pathAndQuery, long time, string bodySha256) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Label}\n{method.ToUpperInvariant()}\n{pathAndQuery}\n{time}\n{bodySha256}");

    /// <summary>The Authorization header value for one request.</summary>
    public string Header(ECDsa key, string method, string pathAndQuery, long time, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(key);
        var signature = key.SignData(Encoding.UTF8.GetBytes(Canonical(method, pathAndQuery, time,
            Convert.ToHexStringLower(SHA256.HashData(body)))), HashAlgorithmName.SHA256);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Name} keyId={KeyId(key)},time={time},sig={Convert.ToBase64String(signature)}");
    }

    /// <summary>The key id of a public key: the first 16 bytes of the SHA-256 of its SubjectPublicKeyInfo, in hex
    /// (the same id the packet envelope names its sender by).</summary>
    public static string KeyId(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo())[..16]);
    }

    /// <summary>Reads the three fields of the header; false when it is not a header of this scheme.</summary>
    public bool TryParse(string? header, out string keyId, out long time, out byte[] signature)
    {
        keyId = "";
        time = 0;
        signature = [];
        if (header is null || !header.StartsWith(Name + " ", StringComparison.Ordinal))
        {
            return false;
        }

        string? id = null, when = null, sig = null;
        foreach (var field in header[(Name.Length + 1)..].Split(',', StringSplitOptions.TrimEntries))
        {
            var equals = field.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return false;
            }

            var value = field[(equals + 1)..];
            switch (field[..equals])
            {
                case "keyId": id = value; break;
                case "time": when = value; break;
                case "sig": sig = value; break;
                default: return false;
            }
        }

        if (id is not { Length: 32 } || !long.TryParse(when, NumberStyles.None, CultureInfo.InvariantCulture, out time) ||
            sig is null)
        {
            return false;
        }

        try
        {
            signature = Convert.FromBase64String(sig);
        }
        catch (FormatException)
        {
            return false;
        }

        keyId = id;
        return true;
    }

    public bool Verify(byte[] subjectPublicKeyInfo, string method, string pathAndQuery, long time, string bodySha256,
        byte[] signature)
    {
        using var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
            return key.VerifyData(Encoding.UTF8.GetBytes(Canonical(method, pathAndQuery, time, bodySha256)), signature,
                HashAlgorithmName.SHA256);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>The SHA-256 (hex) of a request's body; the body stays readable for the endpoint.</summary>
    public static async Task<string> BodySha256Async(HttpRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.EnableBuffering();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
        {
            sha.AppendData(buffer, 0, read);
        }

        request.Body.Position = 0;
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}

/// <summary>Signs every request of an <see cref="HttpClient"/> with an office or kit key.</summary>
public class RequestSigner(SignatureScheme scheme, Func<ECDsa> key, TimeProvider clock) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", scheme.Header(key(), request.Method.Method,
            request.RequestUri!.PathAndQuery, clock.GetUtcNow().ToUnixTimeSeconds(), body));
        return await base.SendAsync(request, cancellationToken);
    }
}
