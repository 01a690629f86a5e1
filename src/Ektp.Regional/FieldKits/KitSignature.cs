using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ektp.Core.Packets;

namespace Ektp.Regional.FieldKits;

/// <summary>
/// How a field kit signs its requests to the regional server (docs/field-kit.md):
/// <code>Authorization: EKTP-KIT keyId=&lt;32 hex&gt;,time=&lt;unix seconds&gt;,sig=&lt;base64&gt;</code>
/// where <c>sig</c> is ECDSA P-256 / SHA-256 (IEEE P1363) by the kit's key over the UTF-8 bytes of
/// <code>ektp-kit-v1 \n METHOD \n path?query \n time \n sha256-hex(body)</code>
/// The time bounds how long a captured request can be replayed; the body hash ties the signature to the content.
/// </summary>
internal static class KitSignature
{
    public const string Scheme = "EKTP-KIT";

    public static string Canonical(string method, string pathAndQuery, long time, string bodySha256) =>
        string.Create(CultureInfo.InvariantCulture,
            $"ektp-kit-v1\n{method.ToUpperInvariant()}\n{pathAndQuery}\n{time}\n{bodySha256}");

    public static string Header(ECDsa key, string method, string pathAndQuery, long time, ReadOnlySpan<byte> body)
    {
        var signature = key.SignData(Encoding.UTF8.GetBytes(Canonical(method, pathAndQuery, time,
            PacketBuilder.Sha256Hex(body))), HashAlgorithmName.SHA256);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Scheme} keyId={PacketEnvelope.KeyId(key)},time={time},sig={Convert.ToBase64String(signature)}");
    }

    /// <summary>Reads the three fields of the header; false when it is not an EKTP-KIT header.</summary>
    public static bool TryParse(string? header, out string keyId, out long time, out byte[] signature)
    {
        keyId = "";
        time = 0;
        signature = [];
        if (header is null || !header.StartsWith(Scheme + " ", StringComparison.Ordinal))
        {
            return false;
        }

        string? id = null, when = null, sig = null;
        foreach (var field in header[(Scheme.Length + 1)..].Split(',', StringSplitOptions.TrimEntries))
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

    public static bool Verify(byte[] subjectPublicKeyInfo, string method, string pathAndQuery, long time,
        string bodySha256, byte[] signature)
    {
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
        return key.VerifyData(Encoding.UTF8.GetBytes(Canonical(method, pathAndQuery, time, bodySha256)), signature,
            HashAlgorithmName.SHA256);
    }
}
