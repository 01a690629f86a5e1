using System.Security.Cryptography;
using System.Text.Json;
using Ektp.Core.Packets;
using Ektp.Core.Residents;
using Ektp.Regional.Field;
using Ektp.Regional.FieldKits;
using Ektp.Regional.Sync;
using Ektp.Regional.Tests.Infrastructure;

namespace Ektp.Regional.Tests.FieldKits;

/// <summary>A field kit's key pair and a client that signs its requests to a <see cref="RegionalServer"/>.</summary>
internal sealed class TestKit : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ektp-tests", "kit-" + Guid.NewGuid().ToString("N"));

    public TestKit(RegionalServer server)
    {
        Server = server;
        Keys = new RegionalKeys(_dir);
        Client = new HttpClient(new KitRequestSigner(Keys, server.Clock) { InnerHandler = new HttpClientHandler() })
        {
            BaseAddress = new Uri(server.Url + "/"),
        };
    }

    public RegionalServer Server { get; }
    public RegionalKeys Keys { get; }
    public HttpClient Client { get; }
    public string KeyId => PacketEnvelope.KeyId(Keys.Office);

    public async Task<FieldKitRecord> RegisterAsync(string name = "Mobil Sekolah 1")
    {
        await using var db = Server.NewDbContext();
        var outcome = await FieldKitRegistry.RegisterAsync(db, RegionalKeys.PublicPem(Keys.Office), name, "supervisor",
            DateTime.UtcNow, CancellationToken.None);
        return Assert.IsType<FieldKitOutcome.Done>(outcome).Kit;
    }

    /// <summary>A packet as a kit's enrollment builds it, for <paramref name="resident"/> as the kit's copy holds it.</summary>
    public BuiltPacket Packet(Resident resident, string location = "school", string regionCode = "1472",
        string? kind = null)
    {
        var now = Server.Clock.GetUtcNow();
        var header = new PacketHeader(Guid.CreateVersion7(now), Guid.CreateVersion7(now), regionCode,
            "Disdukcapil Kota Dumai (field kit)", "op.sekolah", "LAPTOP-1", now, location, resident.Nik.Value, kind);
        return PacketBuilder.Build(header,
        [
            new PacketPart("demographics.json", "application/json",
                JsonSerializer.SerializeToUtf8Bytes(resident, PacketBuilder.Json)),
            new PacketPart("photo.jpg", "image/jpeg", TestImages.Jpeg()),
            new PacketPart("missing-fingers.json", "application/json", "{\"3\":\"amputated\"}"u8.ToArray()),
        ]);
    }

    /// <summary>Signs the packet with this kit's key (or <paramref name="signer"/>) and encrypts it for the server.</summary>
    public async Task<byte[]> SealAsync(BuiltPacket packet, ECDsa? signer = null, string regionCode = "1472")
    {
        var keys = JsonDocument.Parse(await Client.GetStringAsync("api/keys")).RootElement;
        using var regional = ECDiffieHellman.Create();
        regional.ImportSubjectPublicKeyInfo(Convert.FromBase64String(keys.GetProperty("encryptionKey").GetString()!), out _);
        return PacketEnvelope.Seal(packet.Content, packet.PacketId, regionCode, signer ?? Keys.Office, regional);
    }

    public Hosting.UpstreamClient Upstream() => new(Client, "the regional server");

    public void Dispose()
    {
        Client.Dispose();
        Keys.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temp folder
        }
    }
}
