using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ektp.Regional.Printing;

/// <summary>
/// What is written to the card's chip (`ektp-chip/1`, docs/printing.md): the printed fields, the cropped photo, the
/// signature and two fingerprint templates (ISO/IEC 19794-2:2005), signed by the office key (ECDSA P-256, SHA-256,
/// IEEE P1363 r‖s, base64) over the exact UTF-8 JSON bytes. The card's PNG and PDF are drawn from this content, so
/// a card can be drawn again years later exactly as it was printed.
/// </summary>
internal sealed record ChipContent
{
    public const string FormatName = "ektp-chip/1";

    public string Format { get; init; } = FormatName;
    public required Guid CardId { get; init; }
    public required long BlankSerial { get; init; }
    public required DateOnly IssuedOn { get; init; }

    /// <summary>The place of issue printed under the photo (the kab/kota), e.g. "KOTA DUMAI".</summary>
    public required string IssuedAt { get; init; }

    public required string Office { get; init; }
    public required string OfficeKeyId { get; init; }
    public required CardFields Card { get; init; }
    public required string Photo { get; init; }
    public required string Signature { get; init; }
    public required IReadOnlyList<ChipFinger> Fingers { get; init; }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static ChipContent Parse(byte[] bytes) =>
        JsonSerializer.Deserialize<ChipContent>(bytes, Json) ?? throw new InvalidDataException("Empty chip content.");

    public static string Sign(byte[] chip, ECDsa officeKey) =>
        Convert.ToBase64String(officeKey.SignData(chip, HashAlgorithmName.SHA256));

    public static bool Verify(byte[] chip, string signature, ECDsa officeKey)
    {
        try
        {
            return officeKey.VerifyData(chip, Convert.FromBase64String(signature), HashAlgorithmName.SHA256);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

/// <summary>The fields printed on the front of the e-KTP, as printed (upper case, official wording).</summary>
internal sealed record CardFields(
    string Provinsi,
    string KabupatenKota,
    string Nik,
    string Nama,
    string TempatLahir,
    string TanggalLahir,
    string JenisKelamin,
    string GolDarah,
    string Alamat,
    string RtRw,
    string KelDesa,
    string Kecamatan,
    string Agama,
    string StatusPerkawinan,
    string Pekerjaan,
    string Kewarganegaraan,
    string BerlakuHingga);

/// <summary>One fingerprint on the chip: its position (1 = right thumb … 10 = left little) and ISO template.</summary>
internal sealed record ChipFinger(int Position, string Format, string Template);
