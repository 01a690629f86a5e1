using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Ektp.Hosting.Crypto;

/// <summary>
/// Where a stored value lives: its table, column and row key. It is the associated data of the value's encryption,
/// so a ciphertext copied into another row or column does not open there.
/// </summary>
public readonly record struct CellAddress(string Table, string Column, string RowKey)
{
    public override string ToString() => $"{Table}.{Column}[{RowKey}]";
}

/// <summary>
/// One encrypted value at rest (AES-256-GCM under a data key):
/// <c>format (1 byte, 0xE1) | data key id (u32, big-endian) | nonce (12 bytes) | ciphertext | tag (16 bytes)</c>.
/// The associated data is <c>"ektp-at-rest/1" 0 table 0 column 0 row-key 0</c> followed by the first five header
/// bytes, so neither the address nor the key id can be changed without the tag failing. 33 bytes of overhead.
/// </summary>
public static class AtRestEnvelope
{
    /// <summary>The first byte of every sealed value. None of the plaintext formats stored before encryption starts
    /// with it (a ZIP starts with 'P', JSON with '{', packed templates with a finger position 1–10).</summary>
    public const byte Format = 0xE1;

    public const int KeySize = 32;
    public const int NonceSize = 12;
    public const int TagSize = 16;
    public const int HeaderSize = 1 + 4 + NonceSize;
    public const int Overhead = HeaderSize + TagSize;

    private static readonly byte[] Label = "ektp-at-rest/1"u8.ToArray();

    public static byte[] Seal(ReadOnlySpan<byte> key, int keyId, CellAddress cell, ReadOnlySpan<byte> plain)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException("A data key is 32 bytes.", nameof(key));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(keyId);
        var sealedValue = new byte[Overhead + plain.Length];
        var span = sealedValue.AsSpan();
        span[0] = Format;
        BinaryPrimitives.WriteInt32BigEndian(span[1..], keyId);
        RandomNumberGenerator.Fill(span.Slice(5, NonceSize));
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(span.Slice(5, NonceSize), plain, span.Slice(HeaderSize, plain.Length), span[^TagSize..],
            AssociatedData(cell, span[..5]));
        return sealedValue;
    }

    /// <exception cref="AtRestException">The value is not sealed, or it does not open with this key at this address
    /// (another key, another row, or altered).</exception>
    public static byte[] Open(ReadOnlySpan<byte> key, CellAddress cell, ReadOnlySpan<byte> sealedValue)
    {
        if (!IsSealed(sealedValue))
        {
            throw new AtRestException($"The stored value {cell} is not encrypted.");
        }

        var plain = new byte[sealedValue.Length - Overhead];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(sealedValue.Slice(5, NonceSize), sealedValue[HeaderSize..^TagSize], sealedValue[^TagSize..],
                plain, AssociatedData(cell, sealedValue[..5]));
        }
        catch (CryptographicException)
        {
            CryptographicOperations.ZeroMemory(plain);
            throw new AtRestException(
                $"The stored value {cell} does not decrypt with data key {KeyIdOf(sealedValue)}: it was altered, " +
                "moved from another row, or the key is not the one it was sealed with.");
        }

        return plain;
    }

    /// <summary>True when <paramref name="value"/> has the sealed layout (format byte and room for header and tag).</summary>
    public static bool IsSealed(ReadOnlySpan<byte> value) => value.Length >= Overhead && value[0] == Format;

    /// <summary>The data key id in a sealed value's header.</summary>
    public static int KeyIdOf(ReadOnlySpan<byte> sealedValue) =>
        IsSealed(sealedValue)
            ? BinaryPrimitives.ReadInt32BigEndian(sealedValue[1..])
            : throw new ArgumentException("The value is not sealed.", nameof(sealedValue));

    private static byte[] AssociatedData(CellAddress cell, ReadOnlySpan<byte> header)
    {
        var table = Encoding.UTF8.GetBytes(cell.Table);
        var column = Encoding.UTF8.GetBytes(cell.Column);
        var row = Encoding.UTF8.GetBytes(cell.RowKey);
        var data = new byte[Label.Length + 1 + table.Length + 1 + column.Length + 1 + row.Length + 1 + header.Length];
        var span = data.AsSpan();
        var at = 0;
        foreach (var part in new[] { Label, table, column, row })
        {
            part.CopyTo(span[at..]);
            at += part.Length + 1; // the zero byte after each part is already there
        }

        header.CopyTo(span[at..]);
        return data;
    }
}

/// <summary>A stored value that cannot be opened, or a key that does not fit; the message is one line for the
/// operator and names no resident.</summary>
public sealed class AtRestException(string message) : InvalidOperationException(message);
