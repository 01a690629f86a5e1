using System.Security.Cryptography;
using Ektp.Hosting.Crypto;

namespace Ektp.Regional.Tests.Security;

/// <summary>The sealed value at rest and the master key that wraps the data keys (Ektp.Hosting.Crypto).</summary>
public sealed class AtRestEnvelopeTests
{
    private static readonly CellAddress Packet = new("packets", "content", "0199ab00-0000-7000-8000-000000000001");
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _plain = RandomNumberGenerator.GetBytes(5000);

    [Fact]
    public void A_sealed_value_opens_to_the_same_bytes_and_hides_them()
    {
        var sealedValue = AtRestEnvelope.Seal(_key, 7, Packet, _plain);

        Assert.Equal(_plain, AtRestEnvelope.Open(_key, Packet, sealedValue));
        Assert.Equal(_plain.Length + AtRestEnvelope.Overhead, sealedValue.Length);
        Assert.Equal(AtRestEnvelope.Format, sealedValue[0]);
        Assert.Equal(7, AtRestEnvelope.KeyIdOf(sealedValue));
        Assert.True(sealedValue.AsSpan().IndexOf(_plain.AsSpan(100, 32)) < 0);
    }

    [Fact]
    public void The_same_value_sealed_twice_differs_by_its_nonce()
    {
        Assert.NotEqual(AtRestEnvelope.Seal(_key, 1, Packet, _plain), AtRestEnvelope.Seal(_key, 1, Packet, _plain));
    }

    [Fact]
    public void An_empty_value_seals_and_opens()
    {
        var sealedValue = AtRestEnvelope.Seal(_key, 1, Packet, []);

        Assert.Empty(AtRestEnvelope.Open(_key, Packet, sealedValue));
    }

    [Theory]
    [InlineData(0)] // the format byte
    [InlineData(3)] // the key id
    [InlineData(10)] // the nonce
    [InlineData(2000)] // the ciphertext
    [InlineData(-1)] // the tag
    public void A_value_changed_anywhere_is_refused(int at)
    {
        var sealedValue = AtRestEnvelope.Seal(_key, 1, Packet, _plain);
        sealedValue[at < 0 ? sealedValue.Length + at : at] ^= 0x01;

        Assert.Throws<AtRestException>(() => AtRestEnvelope.Open(_key, Packet, sealedValue));
    }

    [Fact]
    public void A_value_moved_to_another_row_column_or_table_is_refused()
    {
        var sealedValue = AtRestEnvelope.Seal(_key, 1, Packet, _plain);

        Assert.Throws<AtRestException>(() =>
            AtRestEnvelope.Open(_key, Packet with { RowKey = "0199ab00-0000-7000-8000-000000000002" }, sealedValue));
        Assert.Throws<AtRestException>(() => AtRestEnvelope.Open(_key, Packet with { Column = "chip" }, sealedValue));
        Assert.Throws<AtRestException>(() => AtRestEnvelope.Open(_key, Packet with { Table = "kit_packets" }, sealedValue));
    }

    [Fact]
    public void Another_key_does_not_open_a_value()
    {
        var sealedValue = AtRestEnvelope.Seal(_key, 1, Packet, _plain);

        Assert.Throws<AtRestException>(() =>
            AtRestEnvelope.Open(RandomNumberGenerator.GetBytes(32), Packet, sealedValue));
    }

    [Fact]
    public void Plaintext_is_not_taken_for_a_sealed_value()
    {
        byte[] zip = [(byte)'P', (byte)'K', 3, 4, .. new byte[100]];
        byte[] json = [(byte)'{', .. new byte[100]];
        byte[] templates = [1, .. new byte[100]];

        Assert.False(AtRestEnvelope.IsSealed(zip));
        Assert.False(AtRestEnvelope.IsSealed(json));
        Assert.False(AtRestEnvelope.IsSealed(templates));
        Assert.Throws<AtRestException>(() => AtRestEnvelope.Open(_key, Packet, zip));
    }

    [Fact]
    public void The_cipher_opens_values_of_every_key_it_holds_and_seals_with_the_current_one()
    {
        var cipher = new DataCipher();
        var old = RandomNumberGenerator.GetBytes(32);
        var current = RandomNumberGenerator.GetBytes(32);
        var sealedByOld = AtRestEnvelope.Seal(old, 1, Packet, _plain);
        cipher.Load(new Dictionary<int, byte[]> { [1] = old, [2] = current }, current: 2);

        Assert.Equal(_plain, cipher.Open(Packet, sealedByOld));
        Assert.Equal(2, AtRestEnvelope.KeyIdOf(cipher.Seal(Packet, _plain)));
        var stranger = AtRestEnvelope.Seal(RandomNumberGenerator.GetBytes(32), 3, Packet, _plain);
        Assert.Contains("data key 3", Assert.Throws<AtRestException>(() => cipher.Open(Packet, stranger)).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_data_key_unwraps_only_with_its_master_key_and_its_id()
    {
        using var master = MasterKey.Generate();
        using var other = MasterKey.Generate();
        var wrapped = master.Wrap(4, _key);

        Assert.Equal(_key, master.Unwrap(4, wrapped));
        Assert.Throws<AtRestException>(() => other.Unwrap(4, wrapped));
        Assert.Throws<AtRestException>(() => master.Unwrap(5, wrapped));
        Assert.NotEqual(master.Id, other.Id);
    }

    [Fact]
    public void The_default_master_key_file_is_made_once_readable_by_its_owner_only()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ektp-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var source = new MasterKeySource(dir);
            if (Environment.GetEnvironmentVariable(MasterKey.EnvironmentVariable) is { Length: > 0 })
            {
                return; // the variable would win over the file; nothing to check on this machine
            }

            Assert.Throws<AtRestException>(() => source.Load(createDefault: false));
            using var made = source.Load(createDefault: true);
            using var again = source.Load(createDefault: false);

            Assert.Equal(made.Id, again.Id);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite,
                    File.GetUnixFileMode(MasterKey.DefaultPath(dir)));
            }

            Assert.Throws<AtRestException>(() => MasterKey.CreateFile(MasterKey.DefaultPath(dir)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_master_key_file_may_hold_base64_or_the_raw_32_bytes_and_nothing_else()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ektp-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var key = RandomNumberGenerator.GetBytes(32);
            File.WriteAllText(Path.Combine(dir, "b64"), Convert.ToBase64String(key) + "\n");
            File.WriteAllBytes(Path.Combine(dir, "raw"), key);
            File.WriteAllText(Path.Combine(dir, "short"), Convert.ToBase64String(key[..16]));

            using var fromText = MasterKey.ReadFile(Path.Combine(dir, "b64"));
            using var fromRaw = MasterKey.ReadFile(Path.Combine(dir, "raw"));
            Assert.Equal(fromText.Id, fromRaw.Id);
            Assert.Contains("16 bytes", Assert.Throws<AtRestException>(() =>
                MasterKey.ReadFile(Path.Combine(dir, "short"))).Message, StringComparison.Ordinal);
            Assert.Throws<AtRestException>(() => MasterKey.ReadFile(Path.Combine(dir, "missing")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
