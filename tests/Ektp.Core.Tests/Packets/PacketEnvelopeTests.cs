using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ektp.Core.Packets;

namespace Ektp.Core.Tests.Packets;

public sealed class PacketEnvelopeTests : IDisposable
{
    private readonly ECDsa _office = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDiffieHellman _centre = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
    private readonly byte[] _packet = RandomNumberGenerator.GetBytes(50_000);
    private readonly Guid _id = Guid.CreateVersion7();

    public void Dispose()
    {
        _office.Dispose();
        _centre.Dispose();
    }

    [Fact]
    public void Sealed_packet_opens_to_the_same_bytes_for_the_centre()
    {
        var envelope = PacketEnvelope.Seal(_packet, _id, "1472", _office, _centre);

        var parsed = PacketEnvelope.Parse(envelope);

        Assert.Equal(_id, parsed.Header.PacketId);
        Assert.Equal("1472", parsed.Header.RegionCode);
        Assert.Equal(PacketEnvelope.KeyId(_office), parsed.Header.SenderKeyId);
        Assert.Equal(_packet, PacketEnvelope.Open(parsed, _office, _centre));
    }

    [Fact]
    public void Content_is_not_readable_in_the_envelope()
    {
        var envelope = PacketEnvelope.Seal(_packet, _id, "1472", _office, _centre);

        Assert.Equal(-1, envelope.AsSpan().IndexOf(_packet.AsSpan(1000, 32)));
    }

    [Fact]
    public void A_flipped_bit_in_the_content_is_a_hash_mismatch()
    {
        var envelope = PacketEnvelope.Seal(_packet, _id, "1472", _office, _centre);
        envelope[^100] ^= 0x01;

        var ex = Assert.Throws<EnvelopeException>(() => PacketEnvelope.Open(PacketEnvelope.Parse(envelope), _office, _centre));

        Assert.Equal("packet-hash-mismatch", ex.Code);
    }

    [Fact]
    public void Another_office_key_does_not_verify_the_signature()
    {
        var parsed = PacketEnvelope.Parse(PacketEnvelope.Seal(_packet, _id, "1472", _office, _centre));
        using var impostor = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var ex = Assert.Throws<EnvelopeException>(() => PacketEnvelope.Open(parsed, impostor, _centre));

        Assert.Equal("packet-signature-invalid", ex.Code);
    }

    [Fact]
    public void An_edited_header_breaks_the_signature()
    {
        var envelope = PacketEnvelope.Seal(_packet, _id, "1472", _office, _centre);
        var at = envelope.AsSpan().IndexOf("\"1472\""u8);
        "\"6172\""u8.CopyTo(envelope.AsSpan(at));

        var ex = Assert.Throws<EnvelopeException>(() => PacketEnvelope.Open(PacketEnvelope.Parse(envelope), _office, _centre));

        Assert.Equal("packet-signature-invalid", ex.Code);
    }

    [Fact]
    public void A_packet_sealed_for_another_centre_cannot_be_opened()
    {
        using var otherCentre = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var parsed = PacketEnvelope.Parse(PacketEnvelope.Seal(_packet, _id, "1472", _office, otherCentre));

        var ex = Assert.Throws<EnvelopeException>(() => PacketEnvelope.Open(parsed, _office, _centre));

        Assert.Equal("packet-undecryptable", ex.Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(13)]
    [InlineData(200)]
    public void Truncated_or_foreign_bytes_are_malformed_never_a_crash(int length)
    {
        var envelope = PacketEnvelope.Seal(_packet, _id, "1472", _office, _centre);

        var ex = Assert.Throws<EnvelopeException>(() => PacketEnvelope.Parse(envelope.AsSpan(0, length)));

        Assert.Equal("packet-malformed", ex.Code);
        Assert.Equal("packet-malformed",
            Assert.Throws<EnvelopeException>(() => PacketEnvelope.Parse(RandomNumberGenerator.GetBytes(length + 20))).Code);
    }

    [Fact]
    public void The_envelope_names_the_receiver_key_it_was_encrypted_for()
    {
        var parsed = PacketEnvelope.Parse(PacketEnvelope.Seal(_packet, _id, "1472", _office, _centre));

        Assert.Equal(PacketEnvelope.KeyId(_centre), parsed.Header.RecipientKeyId);
    }

    [Fact]
    public void A_receiver_that_rotated_its_key_opens_a_packet_sealed_for_the_old_one()
    {
        using var rotated = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var parsed = PacketEnvelope.Parse(PacketEnvelope.Seal(_packet, _id, "1472", _office, _centre));

        Assert.Equal(_packet, PacketEnvelope.Open(parsed, _office, [rotated, _centre]));
        var ex = Assert.Throws<EnvelopeException>(() => PacketEnvelope.Open(parsed, _office, [rotated]));
        Assert.Equal("packet-undecryptable", ex.Code);
        Assert.Contains(PacketEnvelope.KeyId(_centre), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_envelope_sealed_before_receivers_named_their_key_is_opened_with_each_key_in_turn()
    {
        using var rotated = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var parsed = WithoutRecipientKeyId(PacketEnvelope.Seal(_packet, _id, "1472", _office, _centre));

        Assert.Null(parsed.Header.RecipientKeyId);
        Assert.Equal(_packet, PacketEnvelope.Open(parsed, _office, [rotated, _centre]));
        Assert.Equal("packet-undecryptable",
            Assert.Throws<EnvelopeException>(() => PacketEnvelope.Open(parsed, _office, [rotated])).Code);
    }

    /// <summary>The envelope as a sender before recipientKeyId wrote it: the header without it, signed again.</summary>
    private ParsedEnvelope WithoutRecipientKeyId(byte[] envelope)
    {
        var parsed = PacketEnvelope.Parse(envelope);
        var header = JsonNode.Parse(parsed.HeaderBytes)!.AsObject();
        header.Remove("recipientKeyId");
        var headerBytes = JsonSerializer.SerializeToUtf8Bytes(header);
        var signature = _office.SignData(headerBytes, HashAlgorithmName.SHA256);
        var rebuilt = new byte[8 + 4 + headerBytes.Length + 2 + signature.Length + parsed.Ciphertext.Length];
        PacketEnvelope.Magic.CopyTo(rebuilt);
        BinaryPrimitives.WriteUInt32BigEndian(rebuilt.AsSpan(8), (uint)headerBytes.Length);
        headerBytes.CopyTo(rebuilt, 12);
        BinaryPrimitives.WriteUInt16BigEndian(rebuilt.AsSpan(12 + headerBytes.Length), (ushort)signature.Length);
        signature.CopyTo(rebuilt, 14 + headerBytes.Length);
        parsed.Ciphertext.CopyTo(rebuilt, 14 + headerBytes.Length + signature.Length);
        return PacketEnvelope.Parse(rebuilt);
    }
}
