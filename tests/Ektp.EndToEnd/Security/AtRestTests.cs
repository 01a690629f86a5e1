using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ektp.Central.Data;
using Ektp.Core.Lifecycle;
using Ektp.Core.Packets;
using Ektp.Hosting;
using Ektp.Hosting.Crypto;
using Ektp.Regional.Data;
using Ektp.Regional.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ektp.EndToEnd.Security;

/// <summary>
/// Issue 7, "no biometric bytes readable in the database file": real fingerprints recorded at the regional server,
/// deduplicated at the centre and printed on a card; then neither server's database holds a finger image, a
/// template, the photo, the signature or even a PNG signature anywhere in its stored bytes.
/// </summary>
[Trait("Category", "Database")]
public sealed class AtRestTests : IAsyncLifetime
{
    private TwoServers _servers = null!;

    public async Task InitializeAsync() => _servers = await TwoServers.StartAsync();

    public async Task DisposeAsync() => await _servers.DisposeAsync();

    [Fact]
    public async Task After_recording_deduplication_and_printing_no_biometric_bytes_are_readable_in_either_database()
    {
        var nik = await _servers.AddResidentAsync("DEWI LESTARI");
        await _servers.EnrollAsync(nik);
        await _servers.WaitForStatusAsync(nik, RecordStatus.PrintReadyRecord);
        (await _servers.RegionalClient.PostAsJsonAsync("/api/printing/stock/deliveries",
            new { office = TwoServers.Region, firstSerial = 1, lastSerial = 10, receivedBy = "gudang" })).EnsureSuccessStatusCode();
        var printed = await _servers.RegionalClient.PostAsJsonAsync("/api/printing/next", new { @operator = "op.cetak" });
        Assert.True(printed.IsSuccessStatusCode, await printed.Content.ReadAsStringAsync());

        var needles = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["PNG signature"] = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A],
            ["PNG signature in base64"] = "iVBORw0KGgo"u8.ToArray(),
            ["ZIP entry of a finger image"] = "fingers/01."u8.ToArray(),
            ["ZIP entry of a template"] = "templates/01.tpl"u8.ToArray(),
            ["photo as uploaded"] = StoredBytes.Distinctive(TestImages.FacePhoto()),
            ["finger 1 as uploaded"] = StoredBytes.Distinctive(TestFingerprints.Image(1)),
        };
        var regionalCipher = _servers.Regional.Services.GetRequiredService<DataCipher>();
        await using (var db = _servers.NewRegionalDb())
        {
            var stored = await db.Packets.SingleAsync(p => p.Nik == nik);
            var packet = PacketReader.Read(RegionalAtRest.OpenPacket(regionalCipher, stored.Id, stored.Content));
            foreach (var (name, bytes) in packet.Parts.Where(p => p.Key != "demographics.json" &&
                                                                  p.Key != "missing-fingers.json"))
            {
                needles[name] = StoredBytes.Distinctive(bytes);
            }

            var card = await db.Cards.SingleAsync(c => c.Nik == nik);
            var chip = JsonDocument.Parse(regionalCipher.OpenChip(card.Id, card.Chip)).RootElement;
            needles["chip photo (base64)"] = Encoding.ASCII.GetBytes(Middle(chip.GetProperty("photo").GetString()!));
            needles["chip finger template (base64)"] = Encoding.ASCII.GetBytes(
                Middle(chip.GetProperty("fingers")[0].GetProperty("template").GetString()!));
        }

        Assert.Contains(needles.Keys, k => k.StartsWith("templates/", StringComparison.Ordinal));
        Assert.Contains(needles.Keys, k => k.StartsWith("fingers/", StringComparison.Ordinal));
        Assert.Contains(needles.Keys, k => k.StartsWith("photo.", StringComparison.Ordinal));
        Assert.Contains(needles.Keys, k => k.StartsWith("signature.", StringComparison.Ordinal));
        await AssertCentreHoldsTheSamePacketAsync(nik, needles);

        Assert.Empty(await StoredBytes.FindAsync(_servers.RegionalDb, "regional.db", needles));
        Assert.Empty(await StoredBytes.FindAsync(_servers.CentralDb, "central.db", needles));
    }

    /// <summary>The needles are really there in what the centre decrypts (so the scan would find plaintext), and
    /// the gallery's templates open only through the cipher.</summary>
    private async Task AssertCentreHoldsTheSamePacketAsync(string nik, Dictionary<string, byte[]> needles)
    {
        var cipher = _servers.Central.Services.GetRequiredService<DataCipher>();
        await using var db = CentralDbContext.Create(_servers.Central.Services.GetRequiredService<DatabaseSettings>());
        var stored = await db.Packets.SingleAsync(p => p.Nik == nik);
        var plain = CentralAtRest.OpenPacket(cipher, stored.PacketId, stored.Content);
        Assert.True(AtRestEnvelope.IsSealed(stored.Content));
        foreach (var (name, needle) in needles.Where(n => !n.Key.StartsWith("chip", StringComparison.Ordinal) &&
                                                           n.Key != "PNG signature in base64"))
        {
            Assert.True(plain.AsSpan().IndexOf(needle) >= 0, $"{name} is not in the packet as decrypted");
        }

        var person = await db.Persons.SingleAsync(p => p.Nik == nik);
        Assert.True(AtRestEnvelope.IsSealed(person.Templates));
        Assert.NotEmpty(Central.Pipeline.EnrolledPerson.UnpackTemplates(cipher, person.PacketId, person.Templates));
    }

    private static string Middle(string base64) => base64.Substring((base64.Length / 2) - 20, 40);
}
