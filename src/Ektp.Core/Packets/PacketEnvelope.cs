using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Ektp.Core.Packets;

/// <summary>
/// The envelope a packet travels in: signed by the sending office (ECDSA P-256 over SHA-256) and encrypted for the
/// centre (ephemeral ECDH P-256 → HKDF-SHA256 → AES-256-GCM). Layout (docs/packet.md):
/// <c>"EKTPENV1" | u32 header length | header JSON | u16 signature length | signature | ciphertext | 16-byte tag</c>.
/// The signature covers the header bytes exactly as sent, and the header carries the SHA-256 of ciphertext + tag, so
/// a receiver can check who sent what before it spends anything on decryption. The header names the receiver's key
/// the packet was encrypted for (<c>recipientKeyId</c>), so a receiver that rotated its key pair opens it with that
/// one of its current and archived keys.
/// </summary>
public static class PacketEnvelope
{
    /// <summary>The first eight bytes of every envelope.</summary>
    public static ReadOnlySpan<byte> Magic => "EKTPENV1"u8;

    private const int TagSize = 16;
    private const int NonceSize = 12;
    private const int MaxHeaderBytes = 16 * 1024;
    private static readonly byte[] HkdfInfo = "ektp-packet-envelope-v1"u8.ToArray();

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Signs and encrypts <paramref name="packet"/> for the centre.</summary>
    /// <param name="packet">The packet ZIP.</param>
    /// <param name="packetId">The packet id (from its manifest).</param>
    /// <param name="regionCode">The sender's kab/kota code.</param>
    /// <param name="sender">The sending office's ECDSA P-256 private key.</param>
    /// <param name="centre">The centre's ECDH P-256 public key.</param>
    /// <returns>The envelope bytes.</returns>
    public static byte[] Seal(ReadOnlySpan<byte> packet, Guid packetId, string regionCode, ECDsa sender,
        ECDiffieHellman centre)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(centre);
        using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var key = DeriveKey(ephemeral, centre.PublicKey, packetId);
        var ciphertext = new byte[packet.Length + TagSize];
        using (var aes = new AesGcm(key, TagSize))
        {
            aes.Encrypt(nonce, packet, ciphertext.AsSpan(0, packet.Length), ciphertext.AsSpan(packet.Length),
                AssociatedData(packetId, regionCode));
        }

        var header = new EnvelopeHeader(1, packetId, regionCode, KeyId(sender), Hex(SHA256.HashData(packet)),
            packet.Length, Convert.ToBase64String(ephemeral.ExportSubjectPublicKeyInfo()), Convert.ToBase64String(nonce),
            Hex(SHA256.HashData(ciphertext)), KeyId(centre));
        var headerBytes = JsonSerializer.SerializeToUtf8Bytes(header, Json);
        var signature = sender.SignData(headerBytes, HashAlgorithmName.SHA256);

        var envelope = new byte[Magic.Length + 4 + headerBytes.Length + 2 + signature.Length + ciphertext.Length];
        var span = envelope.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt32BigEndian(span[8..], (uint)headerBytes.Length);
        headerBytes.CopyTo(span[12..]);
        var offset = 12 + headerBytes.Length;
        BinaryPrimitives.WriteUInt16BigEndian(span[offset..], (ushort)signature.Length);
        signature.CopyTo(span[(offset + 2)..]);
        ciphertext.CopyTo(span[(offset + 2 + signature.Length)..]);
        return envelope;
    }

    /// <summary>Reads the header of an envelope without trusting it (no signature check yet).</summary>
    /// <param name="envelope">The envelope bytes.</param>
    /// <returns>The parsed envelope parts.</returns>
    /// <exception cref="EnvelopeException">The bytes are not a well-formed envelope (code <c>packet-malformed</c>).</exception>
    public static ParsedEnvelope Parse(ReadOnlySpan<byte> envelope)
    {
        if (envelope.Length < 14 || !envelope[..8].SequenceEqual(Magic))
        {
            throw new EnvelopeException("packet-malformed", "The body is not an ektp packet envelope.");
        }

        var headerLength = BinaryPrimitives.ReadUInt32BigEndian(envelope[8..]);
        if (headerLength is 0 or > MaxHeaderBytes || 12 + headerLength + 2 > envelope.Length)
        {
            throw new EnvelopeException("packet-malformed", "The envelope header is truncated or too long.");
        }

        var headerBytes = envelope.Slice(12, (int)headerLength).ToArray();
        var offset = 12 + (int)headerLength;
        var signatureLength = BinaryPrimitives.ReadUInt16BigEndian(envelope[offset..]);
        if (offset + 2 + signatureLength + TagSize > envelope.Length)
        {
            throw new EnvelopeException("packet-malformed", "The envelope is truncated.");
        }

        EnvelopeHeader? header;
        try
        {
            header = JsonSerializer.Deserialize<EnvelopeHeader>(headerBytes, Json);
        }
        catch (JsonException)
        {
            header = null;
        }

        if (header is null || header.Version != 1 || header.RegionCode is null || header.SenderKeyId is null)
        {
            throw new EnvelopeException("packet-malformed", "The envelope header is not readable.");
        }

        var signature = envelope.Slice(offset + 2, signatureLength).ToArray();
        var ciphertext = envelope[(offset + 2 + signatureLength)..].ToArray();
        return new ParsedEnvelope(header, headerBytes, signature, ciphertext);
    }

    /// <summary>Verifies the sender's signature and the ciphertext hash, then decrypts and checks the packet hash.</summary>
    /// <param name="envelope">The parsed envelope.</param>
    /// <param name="sender">The registered public key of the office named in the header.</param>
    /// <param name="centre">The centre's ECDH private key.</param>
    /// <returns>The packet ZIP.</returns>
    /// <exception cref="EnvelopeException">Codes <c>packet-signature-invalid</c>, <c>packet-hash-mismatch</c>,
    /// <c>packet-undecryptable</c>.</exception>
    public static byte[] Open(ParsedEnvelope envelope, ECDsa sender, ECDiffieHellman centre)
    {
        ArgumentNullException.ThrowIfNull(centre);
        return Open(envelope, sender, [centre]);
    }

    /// <summary>
    /// As <see cref="Open(ParsedEnvelope, ECDsa, ECDiffieHellman)"/>, for a receiver that holds several key pairs (its
    /// current one and those it rotated out): the one the header names as <c>recipientKeyId</c>, or, for an envelope
    /// from a sender that does not name it, each in turn.
    /// </summary>
    /// <param name="envelope">The parsed envelope.</param>
    /// <param name="sender">The registered public key of the office named in the header.</param>
    /// <param name="recipients">The receiver's ECDH private keys, current first.</param>
    /// <returns>The packet ZIP.</returns>
    /// <exception cref="EnvelopeException">Codes <c>packet-signature-invalid</c>, <c>packet-hash-mismatch</c>,
    /// <c>packet-undecryptable</c>.</exception>
    public static byte[] Open(ParsedEnvelope envelope, ECDsa sender, IReadOnlyList<ECDiffieHellman> recipients)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(recipients);
        if (!sender.VerifyData(envelope.HeaderBytes, envelope.Signature, HashAlgorithmName.SHA256))
        {
            throw new EnvelopeException("packet-signature-invalid",
                "The packet's signature does not verify with the sending office's registered key.");
        }

        var header = envelope.Header;
        if (!string.Equals(Hex(SHA256.HashData(envelope.Ciphertext)), header.CiphertextSha256, StringComparison.Ordinal))
        {
            throw new EnvelopeException("packet-hash-mismatch", "The packet's content does not match its signed hash.");
        }

        var candidates = header.RecipientKeyId is null
            ? recipients
            : [.. recipients.Where(r => string.Equals(KeyId(r), header.RecipientKeyId, StringComparison.Ordinal))];
        if (candidates.Count == 0)
        {
            throw new EnvelopeException("packet-undecryptable",
                $"The packet was encrypted for key {header.RecipientKeyId}, which this receiver does not hold " +
                "(sealed for another centre, or for a key pair it no longer keeps).");
        }

        byte[]? plain = null;
        foreach (var recipient in candidates)
        {
            plain = TryDecrypt(envelope, recipient);
            if (plain is not null)
            {
                break;
            }
        }

        if (plain is null)
        {
            throw new EnvelopeException("packet-undecryptable",
                "The packet cannot be decrypted with the centre's key (sealed for another centre, or damaged).");
        }

        if (plain.LongLength != header.PacketSize ||
            !string.Equals(Hex(SHA256.HashData(plain)), header.PacketSha256, StringComparison.Ordinal))
        {
            throw new EnvelopeException("packet-hash-mismatch", "The decrypted packet does not match its signed SHA-256.");
        }

        return plain;
    }

    /// <summary>The id of a public key: the first 16 bytes of SHA-256 of its SubjectPublicKeyInfo, in hex.</summary>
    /// <param name="key">An ECDSA or ECDH key (public or private).</param>
    /// <returns>32 lower-case hex digits.</returns>
    public static string KeyId(AsymmetricAlgorithm key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Hex(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..32];
    }

    private static byte[]? TryDecrypt(ParsedEnvelope envelope, ECDiffieHellman recipient)
    {
        var header = envelope.Header;
        var plain = new byte[envelope.Ciphertext.Length - TagSize];
        try
        {
            using var ephemeral = ECDiffieHellman.Create();
            ephemeral.ImportSubjectPublicKeyInfo(Convert.FromBase64String(header.EphemeralKey), out _);
            var key = DeriveKey(recipient, ephemeral.PublicKey, header.PacketId);
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(Convert.FromBase64String(header.Nonce), envelope.Ciphertext.AsSpan(0, plain.Length),
                envelope.Ciphertext.AsSpan(plain.Length), plain, AssociatedData(header.PacketId, header.RegionCode));
            return plain;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return null;
        }
    }

    private static byte[] DeriveKey(ECDiffieHellman own, ECDiffieHellmanPublicKey other, Guid packetId)
    {
        var secret = own.DeriveRawSecretAgreement(other);
        return HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, packetId.ToByteArray(), HkdfInfo);
    }

    private static byte[] AssociatedData(Guid packetId, string regionCode) =>
        [.. packetId.ToByteArray(), .. Encoding.UTF8.GetBytes(regionCode)];

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}

/// <summary>The signed header of an envelope.</summary>
/// <param name="Version">Envelope format version (1).</param>
/// <param name="PacketId">The packet id.</param>
/// <param name="RegionCode">The sending office's kab/kota code.</param>
/// <param name="SenderKeyId">Id of the sender's public key (<see cref="PacketEnvelope.KeyId"/>).</param>
/// <param name="PacketSha256">SHA-256 of the plaintext packet, hex.</param>
/// <param name="PacketSize">Size of the plaintext packet in bytes.</param>
/// <param name="EphemeralKey">The sender's one-time ECDH public key (SubjectPublicKeyInfo, base64).</param>
/// <param name="Nonce">The AES-GCM nonce, base64.</param>
/// <param name="CiphertextSha256">SHA-256 of ciphertext and tag, hex.</param>
/// <param name="RecipientKeyId">Id of the receiver's ECDH public key the packet was encrypted for
/// (<see cref="PacketEnvelope.KeyId"/>); absent in envelopes sealed before receivers could rotate their keys.</param>
public sealed record EnvelopeHeader(int Version, Guid PacketId, string RegionCode, string SenderKeyId,
    string PacketSha256, long PacketSize, string EphemeralKey, string Nonce, string CiphertextSha256,
    string? RecipientKeyId = null);

/// <summary>An envelope split into its parts; nothing in it is trusted until it is opened
/// (<see cref="PacketEnvelope.Open(ParsedEnvelope, ECDsa, IReadOnlyList{ECDiffieHellman})"/>).</summary>
/// <param name="Header">The header as parsed.</param>
/// <param name="HeaderBytes">The header bytes as sent (what the signature covers).</param>
/// <param name="Signature">The sender's signature.</param>
/// <param name="Ciphertext">Ciphertext followed by the 16-byte tag.</param>
public sealed record ParsedEnvelope(EnvelopeHeader Header, byte[] HeaderBytes, byte[] Signature, byte[] Ciphertext);

/// <summary>An envelope refused, with a stable code for the problem details.</summary>
/// <param name="code">Stable code, e.g. <c>packet-signature-invalid</c>.</param>
/// <param name="message">The reason in words.</param>
public sealed class EnvelopeException(string code, string message) : Exception(message)
{
    /// <summary>Stable code of the refusal.</summary>
    public string Code { get; } = code;
}
