using System.Security.Cryptography;
using Ektp.Central.Data;
using Ektp.Core.Packets;
using Ektp.Hosting;
using Ektp.Hosting.Crypto;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Ektp.Central.Intake;

/// <summary>
/// The centre's side of the resumable upload protocol (Hosting's <see cref="ResumableUploads{TReceiver}"/>,
/// docs/transport.md): uploads in progress live in the `uploads` table, and when the last byte arrives the envelope
/// is verified (sender, region, signature, hashes, manifest) and the packet stored exactly once; a refused envelope
/// leaves nothing behind.
/// </summary>
internal sealed partial class IntakeService(
    CentralDbContext db,
    CentralKeys keys,
    CentralSettings settings,
    TimeProvider clock,
    DataCipher cipher,
    ILogger<IntakeService> logger) : IUploadReceiver
{
    public UploadLimits Limits { get; } =
        new(Path.Combine(settings.DataDir, "uploads"), settings.MaxPacketBytes, settings.MaxChunkBytes);

    public async Task<UploadOutcome?> FindAsync(Guid packetId, string? envelopeSha256, CancellationToken ct)
    {
        var received = await db.Packets.AsNoTracking().Where(p => p.PacketId == packetId)
            .Select(p => new { p.EnvelopeSha256, p.Size, p.ReceivedAt }).SingleOrDefaultAsync(ct);
        if (received is null)
        {
            return null;
        }

        return envelopeSha256 is null || received.EnvelopeSha256 == envelopeSha256
            ? new UploadOutcome.Received(packetId, received.Size, received.ReceivedAt, AlreadyHad: true)
            : Replay(packetId);
    }

    public async Task<PendingUpload?> FindPendingAsync(Guid packetId, CancellationToken ct) =>
        await db.Uploads.AsNoTracking().Where(u => u.PacketId == packetId)
            .Select(u => new PendingUpload(u.PacketId, u.Size, u.EnvelopeSha256)).SingleOrDefaultAsync(ct);

    public async Task ReplacePendingAsync(PendingUpload upload, CancellationToken ct)
    {
        await db.Uploads.Where(u => u.PacketId == upload.PacketId).ExecuteDeleteAsync(ct);
        db.Uploads.Add(new UploadRecord
        {
            PacketId = upload.PacketId,
            Size = upload.Size,
            EnvelopeSha256 = upload.EnvelopeSha256,
            StartedAt = clock.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
    }

    public async Task RemovePendingAsync(Guid packetId, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await db.Uploads.Where(u => u.PacketId == packetId).ExecuteDeleteAsync(ct);
    }

    public async Task<UploadOutcome> AcceptAsync(PendingUpload upload, byte[] envelope, UploadOutcome.Refused? refused,
        string remote, CancellationToken ct)
    {
        var outcome = refused ?? await VerifyAndStoreAsync(upload, envelope, ct);
        if (outcome is UploadOutcome.Refused refusal)
        {
            LogRefused(logger, upload.PacketId, refusal.Code, remote);
        }
        else
        {
            LogReceived(logger, upload.PacketId, envelope.Length);
        }

        return outcome;
    }

    private async Task<UploadOutcome> VerifyAndStoreAsync(PendingUpload upload, byte[] envelope, CancellationToken ct)
    {
        ParsedEnvelope parsed;
        VerifiedPacket packet;
        byte[] plain;
        Offices.OfficeRecord? office;
        try
        {
            parsed = PacketEnvelope.Parse(envelope);
            if (parsed.Header.PacketId != upload.PacketId)
            {
                throw new EnvelopeException("packet-id-mismatch", "The envelope carries another packet id than declared.");
            }

            office = await db.Offices.AsNoTracking().SingleOrDefaultAsync(o => o.KeyId == parsed.Header.SenderKeyId, ct);
            if (office is null)
            {
                return Refuse(StatusCodes.Status403Forbidden, "packet-sender-unknown", "The sending office is not registered.",
                    $"No office with key {parsed.Header.SenderKeyId} is registered at the centre (ektp central add-office).",
                    upload.PacketId);
            }

            if (office.RevokedAt is not null)
            {
                return Refuse(StatusCodes.Status403Forbidden, "packet-sender-revoked", "The sending office's key is revoked.",
                    $"The key {office.KeyId} of region {office.RegionCode} was revoked on {office.RevokedAt:yyyy-MM-dd}.",
                    upload.PacketId);
            }

            if (parsed.Header.RegionCode != office.RegionCode)
            {
                return Refuse(StatusCodes.Status403Forbidden, "packet-region-mismatch",
                    "The packet's region is not the sender's.",
                    $"The office of region {office.RegionCode} sent a packet for region {parsed.Header.RegionCode}.",
                    upload.PacketId);
            }

            using var senderKey = ECDsa.Create();
            senderKey.ImportSubjectPublicKeyInfo(office.PublicKey, out _);
            plain = PacketEnvelope.Open(parsed, senderKey, keys.DecryptionKeys);
            packet = PacketReader.Read(plain);
            if (packet.Manifest.Header.PacketId != upload.PacketId || packet.Manifest.Header.RegionCode != office.RegionCode)
            {
                throw new EnvelopeException("packet-manifest-invalid",
                    "The manifest names another packet or region than its signed envelope.");
            }

            if (!PacketKinds.IsKnown(PacketKinds.Of(packet.Manifest.Header)))
            {
                throw new EnvelopeException("packet-kind-unknown",
                    $"The packet is of kind '{packet.Manifest.Header.Kind}', which this centre does not know.");
            }
        }
        catch (EnvelopeException ex)
        {
            return Refuse(StatusCodes.Status422UnprocessableEntity, ex.Code, "The packet was refused.", ex.Message,
                upload.PacketId);
        }

        var header = packet.Manifest.Header;
        var now = clock.GetUtcNow().UtcDateTime;
        db.Packets.Add(new ReceivedPacket
        {
            PacketId = upload.PacketId,
            EnvelopeSha256 = upload.EnvelopeSha256,
            PacketSha256 = parsed.Header.PacketSha256,
            RegionCode = office.RegionCode,
            SenderKeyId = office.KeyId,
            Nik = header.Nik,
            RecordedAt = header.RecordedAt.UtcDateTime,
            ReceivedAt = now,
            Size = envelope.LongLength,
            Content = cipher.SealPacket(upload.PacketId, plain),
        });

        // The pipeline job is born with the packet: a stored enrollment always has its way to a decision. A change
        // packet (docs/packet.md) carries no biometrics: it is recorded, not deduplicated, and decides nothing.
        if (PacketKinds.Of(header) == PacketKinds.Enrollment)
        {
            db.PipelineJobs.Add(new Pipeline.PipelineJob
            {
                PacketId = upload.PacketId,
                Stage = Pipeline.PipelineStage.Validate,
                CreatedAt = now,
                UpdatedAt = now,
            });
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another request stored the same packet id a moment earlier.
            db.ChangeTracker.Clear();
            var stored = await db.Packets.AsNoTracking().SingleAsync(p => p.PacketId == upload.PacketId, ct);
            return stored.EnvelopeSha256 == upload.EnvelopeSha256
                ? new UploadOutcome.Received(upload.PacketId, stored.Size, stored.ReceivedAt, AlreadyHad: true)
                : Replay(upload.PacketId);
        }

        return new UploadOutcome.Received(upload.PacketId, envelope.LongLength, now, AlreadyHad: false);
    }

    private static UploadOutcome.Refused Replay(Guid packetId) =>
        Refuse(StatusCodes.Status409Conflict, "packet-replay", "This packet id was already received with other content.",
            $"Packet {packetId} is stored with a different hash; a packet is immutable and its id is never reused.",
            packetId);

    private static UploadOutcome.Refused Refuse(int status, string code, string title, string detail, Guid packetId) =>
        new(status, code, title, detail, packetId);

    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Packet {PacketId} received ({Size} bytes)")]
    private static partial void LogReceived(ILogger logger, Guid packetId, int size);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning,
        Message = "Packet {PacketId} refused: {Code} (from {RemoteAddress})")]
    private static partial void LogRefused(ILogger logger, Guid packetId, string code, string remoteAddress);
}
