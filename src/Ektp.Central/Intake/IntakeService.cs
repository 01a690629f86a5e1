using System.Security.Cryptography;
using Ektp.Central.Data;
using Ektp.Core.Packets;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Ektp.Central.Intake;

/// <summary>
/// Receives envelopes by resumable upload (docs/transport.md): the sender declares size and SHA-256, sends chunks at
/// offsets, and may resume after any break. When the last byte arrives the envelope is verified (sender, region,
/// signature, hashes, manifest) and the packet stored exactly once; a refused envelope leaves nothing behind.
/// </summary>
internal sealed partial class IntakeService(
    CentralDbContext db,
    CentralKeys keys,
    CentralSettings settings,
    TimeProvider clock,
    ILogger<IntakeService> logger)
{
    /// <summary>
    /// Requests for the same packet are serialised by a fixed set of striped locks (a packet id always maps to the
    /// same stripe), so memory stays flat however many packets pass; unrelated packets rarely share a stripe.
    /// </summary>
    private static readonly SemaphoreSlim[] Stripes = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    private static SemaphoreSlim StripeOf(Guid packetId) =>
        Stripes[(int)((uint)packetId.GetHashCode() % (uint)Stripes.Length)];

    private string PartPath(Guid id) => Path.Combine(settings.DataDir, "uploads", $"{id:N}.part");

    public async Task<IntakeOutcome> StartAsync(UploadRequest request, CancellationToken ct)
    {
        if (request.Size <= 0 || request.Sha256 is not { Length: 64 })
        {
            return Refuse(StatusCodes.Status400BadRequest, "upload-invalid", "The upload declaration is incomplete.",
                "Declare packetId, size (bytes, > 0) and sha256 (64 hex digits) of the envelope.", request.PacketId);
        }

        if (request.Size > settings.MaxPacketBytes)
        {
            return Refuse(StatusCodes.Status413PayloadTooLarge, "packet-too-large", "The packet is too large.",
                $"The envelope has {request.Size:N0} bytes; the centre accepts at most {settings.MaxPacketBytes:N0}.",
                request.PacketId);
        }

        var gate = StripeOf(request.PacketId);
        await gate.WaitAsync(ct);
        try
        {
            var received = await db.Packets.AsNoTracking().Where(p => p.PacketId == request.PacketId)
                .Select(p => new { p.EnvelopeSha256, p.ReceivedAt }).SingleOrDefaultAsync(ct);
            if (received is not null)
            {
                return received.EnvelopeSha256 == request.Sha256
                    ? new IntakeOutcome.Received(request.PacketId, request.Size, received.ReceivedAt, AlreadyHad: true)
                    : Replay(request.PacketId);
            }

            var upload = await db.Uploads.FindAsync([request.PacketId], ct);
            var path = PartPath(request.PacketId);
            if (upload is not null && upload.EnvelopeSha256 == request.Sha256 && upload.Size == request.Size)
            {
                return new IntakeOutcome.Uploading(request.PacketId, CurrentLength(path), upload.Size);
            }

            // A new upload, or a declaration that changed: start from byte 0.
            if (upload is not null)
            {
                db.Uploads.Remove(upload);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Delete(path);
            db.Uploads.Add(new UploadRecord
            {
                PacketId = request.PacketId,
                Size = request.Size,
                EnvelopeSha256 = request.Sha256,
                StartedAt = clock.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync(ct);
            return new IntakeOutcome.Uploading(request.PacketId, 0, request.Size);
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task<IntakeOutcome> StatusAsync(Guid packetId, CancellationToken ct)
    {
        var received = await db.Packets.AsNoTracking().Where(p => p.PacketId == packetId)
            .Select(p => new { p.Size, p.ReceivedAt }).SingleOrDefaultAsync(ct);
        if (received is not null)
        {
            return new IntakeOutcome.Received(packetId, received.Size, received.ReceivedAt, AlreadyHad: true);
        }

        var upload = await db.Uploads.AsNoTracking().SingleOrDefaultAsync(u => u.PacketId == packetId, ct);
        return upload is null
            ? Refuse(StatusCodes.Status404NotFound, "upload-unknown", "No upload of this packet is in progress.",
                "Declare the upload again with POST /api/uploads.", packetId)
            : new IntakeOutcome.Uploading(packetId, CurrentLength(PartPath(packetId)), upload.Size);
    }

    /// <summary>Appends a chunk at <paramref name="offset"/>; bytes that arrive before a break are kept.</summary>
    public async Task<IntakeOutcome> AppendAsync(Guid packetId, long offset, Stream body, string remote,
        CancellationToken ct)
    {
        var gate = StripeOf(packetId);
        await gate.WaitAsync(ct);
        try
        {
            var upload = await db.Uploads.AsNoTracking().SingleOrDefaultAsync(u => u.PacketId == packetId, ct);
            if (upload is null)
            {
                return await StatusAsync(packetId, ct);
            }

            var path = PartPath(packetId);
            var length = CurrentLength(path);
            if (offset != length)
            {
                return new IntakeOutcome.OffsetMismatch(packetId, length, upload.Size);
            }

            await using (var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.None))
            {
                var buffer = new byte[64 * 1024];
                long written = 0;
                int read;
                while ((read = await body.ReadAsync(buffer, ct)) > 0)
                {
                    if (length + written + read > upload.Size || written + read > settings.MaxChunkBytes)
                    {
                        await file.FlushAsync(ct);
                        return Refuse(StatusCodes.Status413PayloadTooLarge, "upload-overflow",
                            "The chunk goes past the declared size or the chunk limit.",
                            $"At most {Math.Min(upload.Size - length - written, settings.MaxChunkBytes - written):N0} more bytes fit.",
                            packetId);
                    }

                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                    written += read;
                }

                await file.FlushAsync(ct);
                length += written;
            }

            if (length < upload.Size)
            {
                return new IntakeOutcome.Uploading(packetId, length, upload.Size);
            }

            return await CompleteAsync(upload, path, remote, ct);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<IntakeOutcome> CompleteAsync(UploadRecord upload, string path, string remote, CancellationToken ct)
    {
        var envelope = await File.ReadAllBytesAsync(path, ct);
        var outcome = await VerifyAndStoreAsync(upload, envelope, ct);
        if (outcome is IntakeOutcome.Refused refused)
        {
            LogRefused(logger, upload.PacketId, refused.Code, remote);
        }
        else
        {
            LogReceived(logger, upload.PacketId, envelope.Length);
        }

        // Accepted or refused, the staged bytes have served their purpose: nothing of a refused packet remains.
        db.ChangeTracker.Clear();
        await db.Uploads.Where(u => u.PacketId == upload.PacketId).ExecuteDeleteAsync(ct);
        File.Delete(path);
        return outcome;
    }

    private async Task<IntakeOutcome> VerifyAndStoreAsync(UploadRecord upload, byte[] envelope, CancellationToken ct)
    {
        if (!string.Equals(PacketBuilder.Sha256Hex(envelope), upload.EnvelopeSha256, StringComparison.Ordinal))
        {
            return Refuse(StatusCodes.Status422UnprocessableEntity, "packet-hash-mismatch",
                "The packet does not match its declared SHA-256.",
                "The bytes received differ from those declared: the upload was corrupted; send it again.", upload.PacketId);
        }

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
            plain = PacketEnvelope.Open(parsed, senderKey, keys.Encryption);
            packet = PacketReader.Read(plain);
            if (packet.Manifest.Header.PacketId != upload.PacketId || packet.Manifest.Header.RegionCode != office.RegionCode)
            {
                throw new EnvelopeException("packet-manifest-invalid",
                    "The manifest names another packet or region than its signed envelope.");
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
            Content = plain,
        });

        // The pipeline job is born with the packet: a stored packet always has its way to a decision.
        db.PipelineJobs.Add(new Pipeline.PipelineJob
        {
            PacketId = upload.PacketId,
            Stage = Pipeline.PipelineStage.Validate,
            CreatedAt = now,
            UpdatedAt = now,
        });
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
                ? new IntakeOutcome.Received(upload.PacketId, stored.Size, stored.ReceivedAt, AlreadyHad: true)
                : Replay(upload.PacketId);
        }

        return new IntakeOutcome.Received(upload.PacketId, envelope.LongLength, now, AlreadyHad: false);
    }

    private static long CurrentLength(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    private static IntakeOutcome.Refused Replay(Guid packetId) =>
        Refuse(StatusCodes.Status409Conflict, "packet-replay", "This packet id was already received with other content.",
            $"Packet {packetId} is stored with a different hash; a packet is immutable and its id is never reused.",
            packetId);

    private static IntakeOutcome.Refused Refuse(int status, string code, string title, string detail, Guid packetId) =>
        new(status, code, title, detail, packetId);

    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Packet {PacketId} received ({Size} bytes)")]
    private static partial void LogReceived(ILogger logger, Guid packetId, int size);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning,
        Message = "Packet {PacketId} refused: {Code} (from {RemoteAddress})")]
    private static partial void LogRefused(ILogger logger, Guid packetId, string code, string remoteAddress);
}

internal sealed record UploadRequest(Guid PacketId, long Size, string? Sha256);

internal abstract record IntakeOutcome
{
    public sealed record Uploading(Guid PacketId, long Offset, long Size) : IntakeOutcome;

    public sealed record OffsetMismatch(Guid PacketId, long Offset, long Size) : IntakeOutcome;

    public sealed record Received(Guid PacketId, long Size, DateTime ReceivedAt, bool AlreadyHad) : IntakeOutcome;

    public sealed record Refused(int Status, string Code, string Title, string Detail, Guid PacketId) : IntakeOutcome;
}
