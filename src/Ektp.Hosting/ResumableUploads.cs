using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Ektp.Hosting;

/// <summary>
/// The receiving side of the resumable upload protocol (docs/transport.md), shared by the centre (packets from
/// regional servers) and a regional server (packets from its field kits): the sender declares size and SHA-256,
/// sends chunks at offsets, and may resume after any break. The bytes so far are staged in
/// <c>&lt;staging&gt;/&lt;id&gt;.part</c>; what an upload is, and what to do with a complete envelope, is the
/// <see cref="IUploadReceiver"/>'s business.
/// </summary>
public sealed class ResumableUploads<TReceiver>(TReceiver receiver) where TReceiver : IUploadReceiver
{
    /// <summary>
    /// Requests for the same packet are serialised by a fixed set of striped locks (a packet id always maps to the
    /// same stripe), so memory stays flat however many packets pass; unrelated packets rarely share a stripe. One
    /// set per receiver type, so the centre and a regional server in one process never wait on each other.
    /// </summary>
    private static readonly SemaphoreSlim[] Stripes = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    private static SemaphoreSlim StripeOf(Guid packetId) =>
        Stripes[(int)((uint)packetId.GetHashCode() % (uint)Stripes.Length)];

    private string PartPath(Guid id) => Path.Combine(receiver.Limits.StagingDir, $"{id:N}.part");

    public async Task<UploadOutcome> StartAsync(UploadRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Size <= 0 || request.Sha256 is not { Length: 64 })
        {
            return Refuse(StatusCodes.Status400BadRequest, "upload-invalid", "The upload declaration is incomplete.",
                "Declare packetId, size (bytes, > 0) and sha256 (64 hex digits) of the envelope.", request.PacketId);
        }

        if (request.Size > receiver.Limits.MaxPacketBytes)
        {
            return Refuse(StatusCodes.Status413PayloadTooLarge, "packet-too-large", "The packet is too large.",
                $"The envelope has {request.Size:N0} bytes; at most {receiver.Limits.MaxPacketBytes:N0} are accepted.",
                request.PacketId);
        }

        var gate = StripeOf(request.PacketId);
        await gate.WaitAsync(ct);
        try
        {
            if (await receiver.FindAsync(request.PacketId, request.Sha256, ct) is { } known)
            {
                return known;
            }

            var pending = await receiver.FindPendingAsync(request.PacketId, ct);
            var path = PartPath(request.PacketId);
            if (pending is not null && pending.EnvelopeSha256 == request.Sha256 && pending.Size == request.Size)
            {
                return new UploadOutcome.Uploading(request.PacketId, CurrentLength(path), pending.Size);
            }

            // A new upload, or a declaration that changed: start from byte 0.
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Delete(path);
            await receiver.ReplacePendingAsync(new PendingUpload(request.PacketId, request.Size, request.Sha256), ct);
            return new UploadOutcome.Uploading(request.PacketId, 0, request.Size);
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task<UploadOutcome> StatusAsync(Guid packetId, CancellationToken ct)
    {
        if (await receiver.FindAsync(packetId, null, ct) is { } known)
        {
            return known;
        }

        var pending = await receiver.FindPendingAsync(packetId, ct);
        return pending is null
            ? Refuse(StatusCodes.Status404NotFound, "upload-unknown", "No upload of this packet is in progress.",
                "Declare the upload again with POST /api/uploads.", packetId)
            : new UploadOutcome.Uploading(packetId, CurrentLength(PartPath(packetId)), pending.Size);
    }

    /// <summary>Appends a chunk at <paramref name="offset"/>; bytes that arrive before a break are kept.</summary>
    public async Task<UploadOutcome> AppendAsync(Guid packetId, long offset, Stream body, string remote,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        var gate = StripeOf(packetId);
        await gate.WaitAsync(ct);
        try
        {
            var pending = await receiver.FindPendingAsync(packetId, ct);
            if (pending is null)
            {
                return await StatusAsync(packetId, ct);
            }

            var path = PartPath(packetId);
            var length = CurrentLength(path);
            if (offset != length)
            {
                return new UploadOutcome.OffsetMismatch(packetId, length, pending.Size);
            }

            await using (var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.None))
            {
                var buffer = new byte[64 * 1024];
                long written = 0;
                int read;
                while ((read = await body.ReadAsync(buffer, ct)) > 0)
                {
                    if (length + written + read > pending.Size || written + read > receiver.Limits.MaxChunkBytes)
                    {
                        await file.FlushAsync(ct);
                        return Refuse(StatusCodes.Status413PayloadTooLarge, "upload-overflow",
                            "The chunk goes past the declared size or the chunk limit.",
                            $"At most {Math.Min(pending.Size - length - written, receiver.Limits.MaxChunkBytes - written):N0} more bytes fit.",
                            packetId);
                    }

                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                    written += read;
                }

                await file.FlushAsync(ct);
                length += written;
            }

            if (length < pending.Size)
            {
                return new UploadOutcome.Uploading(packetId, length, pending.Size);
            }

            var envelope = await File.ReadAllBytesAsync(path, ct);
            var refused = !string.Equals(Convert.ToHexStringLower(SHA256.HashData(envelope)),
                pending.EnvelopeSha256, StringComparison.Ordinal)
                ? Refuse(StatusCodes.Status422UnprocessableEntity, "packet-hash-mismatch",
                    "The packet does not match its declared SHA-256.",
                    "The bytes received differ from those declared: the upload was corrupted; send it again.", packetId)
                : null;
            var outcome = await receiver.AcceptAsync(pending, envelope, refused, remote, ct);

            // Accepted or refused, the staged bytes have served their purpose: nothing of a refused packet remains.
            await receiver.RemovePendingAsync(packetId, ct);
            File.Delete(path);
            return outcome;
        }
        finally
        {
            gate.Release();
        }
    }

    private static long CurrentLength(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    private static UploadOutcome.Refused Refuse(int status, string code, string title, string detail, Guid packetId) =>
        new(status, code, title, detail, packetId);
}

/// <summary>
/// What one server does with uploads: where they are staged and how large they may be, the bookkeeping of uploads in
/// progress, and the verification and storage of a complete envelope.
/// </summary>
public interface IUploadReceiver
{
    UploadLimits Limits { get; }

    /// <summary>
    /// What the receiver already holds under this packet id: null when nothing, otherwise the answer to give again
    /// (<see cref="UploadOutcome.Received"/> when it is the same envelope, or when <paramref name="envelopeSha256"/>
    /// is null; a refusal such as a replay when another envelope is declared under a stored id).
    /// </summary>
    Task<UploadOutcome?> FindAsync(Guid packetId, string? envelopeSha256, CancellationToken ct);

    Task<PendingUpload?> FindPendingAsync(Guid packetId, CancellationToken ct);

    /// <summary>Records a declaration, replacing any earlier one of the same packet id.</summary>
    Task ReplacePendingAsync(PendingUpload upload, CancellationToken ct);

    Task RemovePendingAsync(Guid packetId, CancellationToken ct);

    /// <summary>
    /// Verifies and stores a complete envelope, exactly once. <paramref name="refused"/> is the protocol's own
    /// refusal (the bytes do not have the declared hash), to be logged and returned as it is.
    /// </summary>
    Task<UploadOutcome> AcceptAsync(PendingUpload upload, byte[] envelope, UploadOutcome.Refused? refused,
        string remote, CancellationToken ct);
}

/// <param name="StagingDir">Folder of the `.part` files of uploads in progress.</param>
/// <param name="MaxPacketBytes">Largest envelope accepted; anything bigger is refused before a byte is stored.</param>
/// <param name="MaxChunkBytes">Largest chunk of one PATCH request.</param>
public sealed record UploadLimits(string StagingDir, long MaxPacketBytes, int MaxChunkBytes);

/// <summary>A declared upload: the envelope's size and SHA-256 (hex).</summary>
public sealed record PendingUpload(Guid PacketId, long Size, string EnvelopeSha256);

/// <summary>`POST /api/uploads` body.</summary>
public sealed record UploadRequest(Guid PacketId, long Size, string? Sha256);

/// <summary>The answer to every upload request that is not a problem.</summary>
public sealed record UploadStatusResponse(Guid PacketId, string Status, long Offset, long Size,
    DateTimeOffset? ReceivedAt);

public abstract record UploadOutcome
{
    public sealed record Uploading(Guid PacketId, long Offset, long Size) : UploadOutcome;

    public sealed record OffsetMismatch(Guid PacketId, long Offset, long Size) : UploadOutcome;

    public sealed record Received(Guid PacketId, long Size, DateTime ReceivedAt, bool AlreadyHad) : UploadOutcome;

    public sealed record Refused(int Status, string Code, string Title, string Detail, Guid PacketId) : UploadOutcome;
}
