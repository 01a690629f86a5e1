using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ektp.Core.Lifecycle;
using Ektp.Regional.Data;
using Ektp.Regional.Printing;
using Ektp.Regional.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.Tests.Printing;

/// <summary>
/// An approved change of a printed field, or a lost or damaged card, puts the record back in the print queue (with
/// who and why, at the front); the reprint uses a new blank, and the card the resident held is recorded as withdrawn
/// and points at its replacement.
/// </summary>
[Trait("Category", "Database")]
public sealed class ReprintTests : IAsyncLifetime
{
    private static readonly DateTime Morning = RegionalServer.DefaultNow.UtcDateTime.AddDays(-3);
    private RegionalServer _server = null!;
    private PrintReady _ready = null!;

    public async Task InitializeAsync()
    {
        _server = await RegionalServer.StartAsync();
        _ready = new PrintReady(_server);
        await _ready.AddBlanksAsync(9001, 9100);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
    }

    private async Task<JsonElement> PrintOneAsync()
    {
        var response = await _server.Client.PostAsJsonAsync("/api/printing/next", new { @operator = "op.cetak" });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cards")[0];
    }

    private async Task ApproveAsync(string nik, object body)
    {
        var requested = await _server.Client.PostAsJsonAsync($"/api/residents/{nik}/changes", body);
        Assert.True(requested.StatusCode == HttpStatusCode.Created, await requested.Content.ReadAsStringAsync());
        var id = (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var supervisor = await _server.SupervisorClientAsync(); // not the requesting account
        var approved = await supervisor.PostAsJsonAsync($"/api/changes/{id}/approval",
            new { decision = "approve", by = "spv.dumai" });
        Assert.True(approved.StatusCode == HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> QueueAsync() =>
        await _server.Client.GetFromJsonAsync<JsonElement>("/api/printing/queue");

    [Fact]
    public async Task A_court_ordered_name_change_reprints_the_card_with_the_new_name_on_a_new_blank()
    {
        var (resident, _) = await _ready.AddAsync("BUDI SANTOSO", Morning);
        var waiting = await _ready.AddAsync("ANI WAITING", Morning.AddHours(1));
        var first = await PrintOneAsync();
        Assert.Equal(9001, first.GetProperty("blankSerial").GetInt64());
        var nik = resident.Nik.Value;

        await ApproveAsync(nik, new
        {
            field = "name",
            newValue = "BUDI SANTOSO PUTRA",
            courtDecision = new { number = "12/Pdt.P/2026/PN Dum", court = "Pengadilan Negeri Dumai", date = "2026-10-01" },
            requestedBy = "op.dumai",
        });

        // Back in the queue, ahead of a record that was waiting before it, with who and why.
        var queue = await QueueAsync();
        var entries = queue.GetProperty("items");
        Assert.Equal(nik, entries[0].GetProperty("nik").GetString());
        Assert.Equal(waiting.Resident.Nik.Value, entries[1].GetProperty("nik").GetString());
        var exception = entries[0].GetProperty("exception");
        Assert.Equal("reprint", exception.GetProperty("kind").GetString(), ignoreCase: true);
        Assert.Equal("spv.dumai", exception.GetProperty("by").GetString());
        Assert.Contains("name changed", exception.GetProperty("reason").GetString(), StringComparison.Ordinal);

        var reprint = await PrintOneAsync();

        Assert.Equal(nik, reprint.GetProperty("nik").GetString());
        Assert.Equal(9002, reprint.GetProperty("blankSerial").GetInt64());
        await using var db = _server.NewDbContext();
        var cards = await db.Cards.Where(c => c.Nik == nik).OrderBy(c => c.BlankSerial).ToListAsync();
        Assert.Equal([CardState.Withdrawn, CardState.Printed], cards.Select(c => c.State));
        var old = cards[0];
        Assert.Equal(cards[1].Id, old.ReplacedByCardId);
        Assert.Equal("op.cetak", old.WithdrawnBy);
        Assert.NotNull(old.WithdrawnAt);
        Assert.Contains("blank 9002", old.WithdrawnReason, StringComparison.Ordinal);
        Assert.Contains("name changed", old.WithdrawnReason, StringComparison.Ordinal);
        Assert.Contains("BUDI SANTOSO PUTRA", Encoding.UTF8.GetString(_server.Cipher.OpenChip(cards[1].Id, cards[1].Chip)), StringComparison.Ordinal);
        Assert.Equal(2, await db.BlankUses.CountAsync(u => u.Kind == BlankUseKind.Printed));
        Assert.Equal(0, await db.QueueExceptions.CountAsync(e => e.ResolvedAt == null));
        var record = await db.Residents.SingleAsync(r => r.Nik == nik);
        Assert.Equal(RecordStatus.Printed, record.Status);
        var moves = await db.StatusEvents.Where(e => e.Nik == nik && e.From != e.To).OrderBy(e => e.Id)
            .Select(e => e.To).ToListAsync();
        Assert.Equal([RecordStatus.Printed, RecordStatus.PrintReadyRecord, RecordStatus.Printed], moves);
    }

    [Fact]
    public async Task A_lost_card_is_withdrawn_at_once_and_its_replacement_is_recorded_when_printed()
    {
        var (resident, _) = await _ready.AddAsync("SITI AMINAH", Morning);
        var first = await PrintOneAsync();
        var firstId = first.GetProperty("id").GetGuid();
        var nik = resident.Nik.Value;
        await HandOverAsync(firstId);

        await ApproveAsync(nik, new { reprint = "lost", policeReport = "LP/B/77/XI/2026", requestedBy = "op.dumai" });

        await using (var db = _server.NewDbContext())
        {
            var lost = await db.Cards.SingleAsync(c => c.Id == firstId);
            Assert.Equal(CardState.Withdrawn, lost.State);
            Assert.Contains("LP/B/77/XI/2026", lost.WithdrawnReason, StringComparison.Ordinal);
            Assert.Null(lost.ReplacedByCardId);
            Assert.Equal(RecordStatus.PrintReadyRecord, (await db.Residents.SingleAsync(r => r.Nik == nik)).Status);
        }

        var reprint = await PrintOneAsync();

        await using var after = _server.NewDbContext();
        var replaced = await after.Cards.SingleAsync(c => c.Id == firstId);
        Assert.Equal(CardState.Withdrawn, replaced.State);
        Assert.Equal(reprint.GetProperty("id").GetGuid(), replaced.ReplacedByCardId);
        Assert.Contains("LP/B/77/XI/2026", replaced.WithdrawnReason, StringComparison.Ordinal); // reason kept
    }

    [Fact]
    public async Task A_damaged_delivered_card_is_withdrawn_when_the_new_one_is_printed()
    {
        var (resident, _) = await _ready.AddAsync("RUDI HARTONO", Morning);
        var firstId = (await PrintOneAsync()).GetProperty("id").GetGuid();
        await HandOverAsync(firstId);

        await ApproveAsync(resident.Nik.Value,
            new { reprint = "damaged", damagedCard = "chip cracked, handed in", requestedBy = "op.dumai" });

        await using (var db = _server.NewDbContext())
        {
            Assert.Equal(CardState.Delivered, (await db.Cards.SingleAsync(c => c.Id == firstId)).State);
        }

        var reprintId = (await PrintOneAsync()).GetProperty("id").GetGuid();

        await using var after = _server.NewDbContext();
        var old = await after.Cards.SingleAsync(c => c.Id == firstId);
        Assert.Equal((CardState.Withdrawn, reprintId), (old.State, old.ReplacedByCardId));
        Assert.Contains("chip cracked", old.WithdrawnReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_old_card_cannot_be_handed_over_once_a_reprint_is_approved_or_printed()
    {
        var (resident, _) = await _ready.AddAsync("DEWI LESTARI", Morning);
        var firstId = (await PrintOneAsync()).GetProperty("id").GetGuid();
        var batch = await _server.Client.PostAsJsonAsync("/api/printing/deliveries",
            new { kind = "office", destination = "Loket Disdukcapil", by = "op.kirim", cardIds = new[] { firstId } });
        Assert.Equal(HttpStatusCode.Created, batch.StatusCode);

        await ApproveAsync(resident.Nik.Value,
            new { field = "address", newValue = "JL. SUDIRMAN NO. 9", document = "SKPWNI-12", requestedBy = "op.dumai" });

        await ProblemAssert.IsProblemAsync(await _server.Client.PostAsJsonAsync(
                $"/api/printing/cards/{firstId}/handover", new { receivedBy = "DEWI", identification = "KK", by = "op" }),
            HttpStatusCode.Conflict, "card-not-deliverable");
        await PrintOneAsync();
        await ProblemAssert.IsProblemAsync(await _server.Client.PostAsJsonAsync(
                $"/api/printing/cards/{firstId}/handover", new { receivedBy = "DEWI", identification = "KK", by = "op" }),
            HttpStatusCode.Conflict, "card-not-deliverable");
    }

    private async Task HandOverAsync(Guid cardId)
    {
        var batch = await _server.Client.PostAsJsonAsync("/api/printing/deliveries",
            new { kind = "office", destination = "Loket Disdukcapil", by = "op.kirim", cardIds = new[] { cardId } });
        Assert.Equal(HttpStatusCode.Created, batch.StatusCode);
        var handOver = await _server.Client.PostAsJsonAsync($"/api/printing/cards/{cardId}/handover",
            new { receivedBy = "PEMILIK", identification = "KK 1472", by = "op.kirim" });
        Assert.Equal(HttpStatusCode.OK, handOver.StatusCode);
    }
}
