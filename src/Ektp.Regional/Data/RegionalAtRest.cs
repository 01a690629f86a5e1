using Ektp.Hosting.Crypto;
using Ektp.Regional.Enrollment;
using Ektp.Regional.FieldKits;
using Ektp.Regional.Printing;

namespace Ektp.Regional.Data;

/// <summary>
/// The regional columns that hold biometrics and are sealed at rest (docs/security.md, "Data protection"): the
/// packets (photo, signature, finger images and templates), the packets of field kits set aside, and the cards' chip
/// data (photo and two templates). Every read and write of them goes through these helpers.
/// </summary>
internal static class RegionalAtRest
{
    public static readonly ProtectedColumn PacketContent = new(typeof(PacketRecord), nameof(PacketRecord.Id),
        nameof(PacketRecord.Content), "packets", "content");

    public static readonly ProtectedColumn KitPacketContent = new(typeof(KitPacketRecord),
        nameof(KitPacketRecord.PacketId), nameof(KitPacketRecord.Content), "kit_packets", "content");

    public static readonly ProtectedColumn CardChip = new(typeof(CardRecord), nameof(CardRecord.Id),
        nameof(CardRecord.Chip), "cards", "chip");

    public static readonly IReadOnlyList<ProtectedColumn> Columns = [PacketContent, KitPacketContent, CardChip];

    public static byte[] SealPacket(this DataCipher cipher, Guid packetId, byte[] zip) =>
        cipher.Seal(PacketContent.Cell(packetId), zip);

    public static byte[] OpenPacket(this DataCipher cipher, Guid packetId, byte[] stored) =>
        cipher.Open(PacketContent.Cell(packetId), stored);

    public static byte[] SealKitPacket(this DataCipher cipher, Guid packetId, byte[] zip) =>
        cipher.Seal(KitPacketContent.Cell(packetId), zip);

    public static byte[] OpenKitPacket(this DataCipher cipher, Guid packetId, byte[] stored) =>
        cipher.Open(KitPacketContent.Cell(packetId), stored);

    public static byte[] SealChip(this DataCipher cipher, Guid cardId, byte[] chip) =>
        cipher.Seal(CardChip.Cell(cardId), chip);

    public static byte[] OpenChip(this DataCipher cipher, Guid cardId, byte[] stored) =>
        cipher.Open(CardChip.Cell(cardId), stored);
}
