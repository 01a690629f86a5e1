using System.Text.Json;
using Ektp.Biometrics;
using Ektp.Core.Identity;
using Ektp.Core.Packets;
using Ektp.Core.Residents;

namespace Ektp.Central.Tests;

/// <summary>
/// A whole enrollment as a regional server packs it (docs/packet.md): demographics, photo, signature, each
/// finger's image and template. Tests change single parts to show how the centre copes with gaps and damage.
/// </summary>
internal sealed record Recording(string Nik, string Name, Sex Sex = Sex.Male)
{
    /// <summary>Finger position → sample image path (data/fingerprints/sample), finger 1 first.</summary>
    public IReadOnlyList<string> Fingers { get; init; } = SampleFingers.PersonA;

    public byte[]? Photo { get; init; } = SampleFingers.Photo(new SkiaSharp.SKColor(200, 40, 40));
    public byte[]? Signature { get; init; } = SampleFingers.Photo(SkiaSharp.SKColors.White);

    /// <summary>Images that replace a finger's sample image (position → bytes), e.g. a damaged file.</summary>
    public IReadOnlyDictionary<int, byte[]> FingerImages { get; init; } = new Dictionary<int, byte[]>();

    /// <summary>Scanner resolution per finger position, when not 500 (the image is enlarged to match).</summary>
    public IReadOnlyDictionary<int, int> Dpi { get; init; } = new Dictionary<int, int>();

    public IReadOnlyList<PacketPart> Parts()
    {
        var resident = new Resident
        {
            Nik = Core.Identity.Nik.Parse(Nik),
            Kk = KkNumber.Parse(KkNumber.Compose(Nik[..6], new DateOnly(2010, 5, 1), 7).Value),
            Name = Name,
            BirthPlace = "DUMAI",
            BirthDate = new DateOnly(1991, 12, 4),
            Sex = Sex,
            Address = "JL. SULTAN SYARIF KASIM NO. 12",
            Rt = 3,
            Rw = 2,
            KelurahanCode = "1472011006",
            Religion = Religion.Islam,
            MaritalStatus = MaritalStatus.Kawin,
            Occupation = "WIRASWASTA",
            Education = Education.Slta,
            MotherName = "SITI AMINAH",
        };
        var parts = new List<PacketPart>
        {
            new("demographics.json", "application/json", JsonSerializer.SerializeToUtf8Bytes(resident, PacketBuilder.Json)),
        };
        if (Photo is not null)
        {
            parts.Add(new PacketPart("photo.png", "image/png", Photo));
        }

        if (Signature is not null)
        {
            parts.Add(new PacketPart("signature.png", "image/png", Signature));
        }

        for (var i = 0; i < Fingers.Count; i++)
        {
            var position = i + 1;
            var dpi = Dpi.GetValueOrDefault(position, 500);
            var image = dpi == 500 ? SampleFingers.Image(Fingers[i]) : SampleFingers.Enlarged(Fingers[i], dpi / 500);
            var template = FingerprintTemplate.Extract(FingerprintImage.Decode(image, dpi));
            parts.Add(new PacketPart($"fingers/{position:00}.png", "image/png",
                FingerImages.GetValueOrDefault(position, image)));
            parts.Add(new PacketPart($"templates/{position:00}.tpl", "application/vnd.ektp.fingerprint-template",
                template.ToBytes()));
        }

        return parts;
    }
}
