using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using QRCoder;

namespace Ektp.Regional.Printing;

/// <summary>
/// The QR code on the back of the card: `EKTP1.&lt;payload&gt;.&lt;signature&gt;` (both base64url), where the payload
/// is a short JSON object (NIK, name, birth date, blank serial, date and region of issue, office key id, SHA-256 of
/// the chip content) and the signature is the office's ECDSA P-256 signature over the payload bytes. A verifier
/// needs only the office's public key: no network, no database (`ektp card verify`).
/// </summary>
internal static class CardQr
{
    public const string Prefix = "EKTP1.";
    private const int MaxLength = 1000;

    private static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Create(QrPayload payload, ECDsa officeKey)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(payload, Json);
        var signature = officeKey.SignData(bytes, HashAlgorithmName.SHA256);
        return Prefix + Base64Url.EncodeToString(bytes) + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>Checks a scanned QR text against an office public key; never throws on bad input.</summary>
    public static QrCheck Verify(string? text, ECDsa officePublicKey)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxLength ||
            !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return new QrCheck(false, null, $"not an e-KTP QR text (it must start with {Prefix})");
        }

        var parts = text.Trim()[Prefix.Length..].Split('.');
        if (parts.Length != 2)
        {
            return new QrCheck(false, null, "malformed: expected payload.signature after the prefix");
        }

        try
        {
            var payload = Base64Url.DecodeFromChars(parts[0]);
            var signature = Base64Url.DecodeFromChars(parts[1]);
            var parsed = JsonSerializer.Deserialize<QrPayload>(payload, Json);
            if (parsed is null)
            {
                return new QrCheck(false, null, "malformed: empty payload");
            }

            return officePublicKey.VerifyData(payload, signature, HashAlgorithmName.SHA256)
                ? new QrCheck(true, parsed, null)
                : new QrCheck(false, parsed, "the signature does not verify against this office key");
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return new QrCheck(false, null, "malformed: not base64url JSON");
        }
    }

    /// <summary>The QR modules (true = dark), quiet zone included, error correction M.</summary>
    public static bool[][] Modules(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(Encoding.UTF8.GetBytes(text), QRCodeGenerator.ECCLevel.M);
        return [.. data.ModuleMatrix.Select(row => Enumerable.Range(0, row.Length).Select(i => row[i]).ToArray())];
    }
}

/// <summary>What the QR says, with short names to keep the code small.</summary>
internal sealed record QrPayload(
    [property: JsonPropertyName("nik")] string Nik,
    [property: JsonPropertyName("nama")] string Nama,
    [property: JsonPropertyName("lahir")] string BirthDate,
    [property: JsonPropertyName("seri")] long BlankSerial,
    [property: JsonPropertyName("terbit")] string IssuedOn,
    [property: JsonPropertyName("wil")] string Region,
    [property: JsonPropertyName("kid")] string OfficeKeyId,
    [property: JsonPropertyName("chip")] string ChipSha256);

internal sealed record QrCheck(bool Valid, QrPayload? Payload, string? Problem);
