using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ektp.Hosting.Audit;

/// <summary>
/// The hash chain of the audit log. An entry's hash is the SHA-256 (lower-case hex) of its canonical encoding:
/// the label <c>ektp-audit-v1</c>, then seq, at, user, roles, remote, action, nik, detail and prev hash, each as a
/// 4-byte big-endian length and its UTF-8 bytes (length -1 for an absent value, so "" and null differ and no field
/// can run into the next). Seq is decimal, at is <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>. The first entry's prev hash is
/// 64 zeros.
/// </summary>
internal static class AuditChain
{
    public const string Label = "ektp-audit-v1";
    public static readonly string Genesis = new('0', AuditEntry.HashLength);

    /// <summary>The instant as the log keeps it: UTC, truncated to whole microseconds.</summary>
    public static DateTime Instant(DateTimeOffset at)
    {
        var ticks = at.UtcTicks;
        return new DateTime(ticks - ticks % 10, DateTimeKind.Utc);
    }

    public static byte[] Encode(AuditEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        using var buffer = new MemoryStream(256);
        Write(buffer, Label);
        Write(buffer, e.Seq.ToString(CultureInfo.InvariantCulture));
        Write(buffer, DateTime.SpecifyKind(e.At, DateTimeKind.Utc)
            .ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        Write(buffer, e.User);
        Write(buffer, e.Roles);
        Write(buffer, e.Remote);
        Write(buffer, e.Action);
        Write(buffer, e.Nik);
        Write(buffer, e.Detail);
        Write(buffer, e.PrevHash);
        return buffer.ToArray();
    }

    public static string HashOf(AuditEntry e) => Convert.ToHexStringLower(SHA256.HashData(Encode(e)));

    /// <summary>Numbers the entry after <paramref name="previous"/> (null: the first) and seals it.</summary>
    public static AuditEntry Seal(AuditEntry e, AuditHead? previous)
    {
        ArgumentNullException.ThrowIfNull(e);
        e.Seq = (previous?.Seq ?? 0) + 1;
        e.PrevHash = previous?.Hash ?? Genesis;
        e.Hash = HashOf(e);
        return e;
    }

    private static void Write(MemoryStream buffer, string? value)
    {
        Span<byte> length = stackalloc byte[4];
        if (value is null)
        {
            BinaryPrimitives.WriteInt32BigEndian(length, -1);
            buffer.Write(length);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        buffer.Write(length);
        buffer.Write(bytes);
    }
}

/// <summary>The last entry of the log: what the next one links to, and what an operator writes down as an anchor
/// (<c>SEQ:HASH</c>).</summary>
internal sealed record AuditHead(long Seq, string Hash)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Seq}:{Hash}");

    /// <summary>Parses <c>SEQ:HASH</c> (64 hex digits); null when it is not one.</summary>
    public static AuditHead? TryParse(string? text)
    {
        var parts = text?.Trim().Split(':');
        if (parts is not [var seq, var hash] ||
            !long.TryParse(seq, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1 ||
            hash.Length != AuditEntry.HashLength || !hash.All(char.IsAsciiHexDigit))
        {
            return null;
        }

        return new AuditHead(number, hash.ToLowerInvariant());
    }
}

/// <summary>Where the chain first breaks, and why (in English, for the operator).</summary>
internal sealed record AuditBreak(long Seq, string Reason);

/// <summary>What a walk of the chain found: entries checked, the head, and the first break if any.</summary>
internal sealed record AuditVerification(long Checked, AuditHead? Head, AuditBreak? Break)
{
    public bool Intact => Break is null;
}

/// <summary>
/// Walks entries in seq order, one at a time (so a log of millions is checked in batches, never loaded whole), and
/// keeps the first break: a gap in the numbers (an entry removed), a hash that is not the entry's own (an entry
/// edited), a prev hash that is not the previous entry's hash (an entry removed, or edited and re-sealed), and, with
/// an anchor, an anchor entry that differs or is gone (the log cut back or rewritten).
/// </summary>
internal sealed class AuditVerifier(AuditHead? anchor = null)
{
    private AuditHead? _head;
    private long _checked;
    private bool _anchorSeen;

    public AuditBreak? Break { get; private set; }

    /// <summary>Checks the next entry; false once the chain is broken (the walk may stop).</summary>
    public bool Add(AuditEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (Break is not null)
        {
            return false;
        }

        var expected = (_head?.Seq ?? 0) + 1;
        if (e.Seq != expected)
        {
            Break = e.Seq > expected
                ? new AuditBreak(expected, e.Seq == expected + 1
                    ? $"entry {expected} is missing (the next entry is {e.Seq}): it was deleted"
                    : $"entries {expected} to {e.Seq - 1} are missing: they were deleted")
                : new AuditBreak(e.Seq, $"entry {e.Seq} comes after entry {expected - 1}: the order was changed");
            return false;
        }

        if (!string.Equals(e.PrevHash, _head?.Hash ?? AuditChain.Genesis, StringComparison.Ordinal))
        {
            Break = new AuditBreak(e.Seq, expected == 1
                ? "entry 1 does not start the chain (its prev hash is not the genesis value)"
                : $"entry {e.Seq} does not follow entry {expected - 1} (prev hash differs): an entry was removed, " +
                  "or entry " + (expected - 1) + " was changed and re-sealed");
            return false;
        }

        if (!string.Equals(AuditChain.HashOf(e), e.Hash, StringComparison.Ordinal))
        {
            Break = new AuditBreak(e.Seq, $"entry {e.Seq} was changed after it was written (its hash does not match its content)");
            return false;
        }

        if (anchor is not null && e.Seq == anchor.Seq)
        {
            _anchorSeen = true;
            if (!string.Equals(e.Hash, anchor.Hash, StringComparison.Ordinal))
            {
                Break = new AuditBreak(e.Seq,
                    $"entry {e.Seq} is not the one anchored ({anchor}): the log up to it was rewritten");
                return false;
            }
        }

        _head = new AuditHead(e.Seq, e.Hash);
        _checked++;
        return true;
    }

    /// <summary>The result once every entry was given.</summary>
    public AuditVerification Finish()
    {
        if (Break is null && anchor is not null && !_anchorSeen)
        {
            Break = new AuditBreak(anchor.Seq, _head is null
                ? $"the log is empty, but the anchor names entry {anchor.Seq}: it was emptied"
                : $"the log ends at entry {_head.Seq}, before the anchored entry {anchor.Seq}: its tail was cut off");
        }

        return new AuditVerification(_checked, _head, Break);
    }
}
