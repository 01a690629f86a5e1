using Ektp.Central.Gallery;
using Ektp.Central.Intake;
using Ektp.Central.Pipeline;
using Ektp.Hosting.Crypto;

namespace Ektp.Central.Data;

/// <summary>
/// The central columns that hold biometrics and are sealed at rest (docs/security.md, "Data protection"): the
/// received packets (photo, signature, finger images and templates: what the adjudication pages show) and the
/// national gallery's templates (<see cref="EnrolledPerson.TemplatesColumn"/>, packed and sealed next to their
/// format in <see cref="EnrolledPerson"/>), and the gallery log's copies of them.
/// </summary>
internal static class CentralAtRest
{
    public static readonly ProtectedColumn PacketContent = new(typeof(ReceivedPacket), nameof(ReceivedPacket.PacketId),
        nameof(ReceivedPacket.Content), "packets", "content");

    public static readonly IReadOnlyList<ProtectedColumn> Columns =
        [PacketContent, EnrolledPerson.TemplatesColumn, GalleryLogEntry.TemplatesColumn];

    public static byte[] SealPacket(this DataCipher cipher, Guid packetId, byte[] zip) =>
        cipher.Seal(PacketContent.Cell(packetId), zip);

    public static byte[] OpenPacket(this DataCipher cipher, Guid packetId, byte[] stored) =>
        cipher.Open(PacketContent.Cell(packetId), stored);
}
