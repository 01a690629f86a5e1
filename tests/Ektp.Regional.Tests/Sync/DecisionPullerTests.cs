using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Ektp.Core.Lifecycle;
using Ektp.Regional.Data;
using Ektp.Regional.Enrollment;
using Ektp.Regional.Sync;
using Ektp.Regional.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ektp.Regional.Tests.Sync;

[Trait("Category", "Database")]
public sealed class DecisionPullerTests : IAsyncLifetime
{
    private RegionalServer _server = null!;
    private FakeDecisionFeed _feed = null!;
    private DecisionPuller _puller = null!;

    public async Task InitializeAsync()
    {
        _server = await RegionalServer.StartAsync();
        _feed = await FakeDecisionFeed.StartAsync();
        _puller = ActivatorUtilities.CreateInstance<DecisionPuller>(_server.App.Services,
            new FixedHttpClientFactory(_feed.Url));
    }

    public async Task DisposeAsync()
    {
        _puller.Dispose();
        await _feed.DisposeAsync();
        await _server.DisposeAsync();
    }

    /// <summary>A resident of this registry with a sent packet, at <paramref name="status"/>.</summary>
    private async Task<(string Nik, Guid PacketId)> RecordedAsync(string name, RecordStatus status)
    {
        var resident = await _server.AddAsync(TestResidents.Make(name, new DateOnly(1990, 4, 12)), status);
        var packetId = Guid.CreateVersion7();
        await using var db = _server.NewDbContext();
        db.Packets.Add(new PacketRecord
        {
            Id = packetId,
            EnrollmentId = Guid.CreateVersion7(),
            Nik = resident.Nik.Value,
            CreatedAt = RegionalServer.DefaultNow.UtcDateTime,
            Sha256 = new string('0', 64),
            Size = 1,
            Content = [1],
        });
        await db.SaveChangesAsync();
        return (resident.Nik.Value, packetId);
    }

    private async Task<RecordStatus> StatusAsync(string nik)
    {
        await using var db = _server.NewDbContext();
        return await db.Residents.Where(r => r.Nik == nik).Select(r => r.Status).SingleAsync();
    }

    private async Task<long> CursorAsync()
    {
        await using var db = _server.NewDbContext();
        return long.Parse(await db.Settings.Where(s => s.Key == DecisionPuller.CursorKey).Select(s => s.Value)
            .SingleAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_notice_is_written_to_the_history_and_moves_no_status()
    {
        var (nik, _) = await RecordedAsync("RUDI HARTONO", RecordStatus.Printed);
        _feed.Add(1, Guid.CreateVersion7(), nik, RecordLifecycle.NoticeKind,
            "Case 4: the person holding NIK … was recorded again; this should have been a transfer (pindah keluar).");

        Assert.Equal(1, await _puller.PullAsync(CancellationToken.None));

        Assert.Equal(RecordStatus.Printed, await StatusAsync(nik));
        await using var db = _server.NewDbContext();
        var note = await db.StatusEvents.SingleAsync(e => e.Nik == nik);
        Assert.Equal(RecordStatus.Printed, note.From);
        Assert.Equal(RecordStatus.Printed, note.To);
        Assert.Equal("central", note.By);
        Assert.Contains("pindah keluar", note.Reason, StringComparison.Ordinal);
        Assert.Equal(1, await CursorAsync());
        Assert.Empty(await DecisionPuller.SetAsideAsync(db, CancellationToken.None));
    }

    [Fact]
    public async Task Decisions_that_cannot_be_applied_are_set_aside_with_their_reason_and_the_rest_still_flow()
    {
        var waiting = await RecordedAsync("ANI SUSANTI", RecordStatus.SentForEnrollment);
        var printed = await RecordedAsync("BUDI SANTOSO", RecordStatus.Printed);
        var clean = await RecordedAsync("CICI PARAMIDA", RecordStatus.SentForEnrollment);
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _feed.Add(1, Guid.CreateVersion7(), "1472019999990001", "DUPLICATE_RECORD", "unknown packet and NIK");
        _feed.Add(2, printed.PacketId, printed.Nik, "DUPLICATE_RECORD", "a move the lifecycle forbids");
        _feed.AddPermit(3, waiting.PacketId, waiting.Nik, signer: forger);
        _feed.Add(new JsonObject { ["sequence"] = 4, ["packetId"] = "not-a-guid", ["kind"] = 42 });
        _feed.Add(5, clean.PacketId, clean.Nik, "FLYING_RECORD");
        _feed.Add(6, Guid.CreateVersion7(), "1472019999990002", RecordLifecycle.NoticeKind, "nobody here");
        _feed.AddPermit(7, clean.PacketId, clean.Nik);

        Assert.Equal(7, await _puller.PullAsync(CancellationToken.None));

        Assert.Equal(RecordStatus.PrintReadyRecord, await StatusAsync(clean.Nik));
        Assert.Equal(RecordStatus.SentForEnrollment, await StatusAsync(waiting.Nik));
        Assert.Equal(RecordStatus.Printed, await StatusAsync(printed.Nik));
        Assert.Equal(7, await CursorAsync());
        await using (var db = _server.NewDbContext())
        {
            var setAside = await DecisionPuller.SetAsideAsync(db, CancellationToken.None);
            Assert.Equal([1L, 2, 3, 4, 5, 6], setAside.Select(d => d.Sequence));
            Assert.Contains("no such packet", setAside[0].Reason, StringComparison.Ordinal);
            Assert.Contains("PRINTED cannot move to DUPLICATE_RECORD", setAside[1].Reason, StringComparison.Ordinal);
            Assert.Contains("signature does not verify", setAside[2].Reason, StringComparison.Ordinal);
            Assert.Contains("malformed", setAside[3].Reason, StringComparison.Ordinal);
            Assert.Contains("unknown decision kind FLYING_RECORD", setAside[4].Reason, StringComparison.Ordinal);
            Assert.Contains("not in this registry", setAside[5].Reason, StringComparison.Ordinal);

            // The supervisor sees why on the resident's history; the forged permit is kept, unverified.
            var note = await db.StatusEvents.SingleAsync(e => e.Nik == printed.Nik);
            Assert.Equal(RecordStatus.Printed, note.To);
            Assert.Contains("set aside", note.Reason, StringComparison.Ordinal);
            Assert.False((await db.Permits.SingleAsync(p => p.PacketId == waiting.PacketId)).Verified);
        }

        // Nothing is pulled, applied or set aside again.
        int events;
        await using (var before = _server.NewDbContext())
        {
            events = await before.StatusEvents.CountAsync();
        }

        Assert.Equal(0, await _puller.PullAsync(CancellationToken.None));
        await using var after = _server.NewDbContext();
        Assert.Equal(events, await after.StatusEvents.CountAsync());
        Assert.Equal(6, (await DecisionPuller.SetAsideAsync(after, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_decision_that_keeps_failing_is_set_aside_after_three_attempts_and_the_feed_goes_on()
    {
        var stuck = await RecordedAsync("DEDI IRAWAN", RecordStatus.SentForEnrollment);
        var next = await RecordedAsync("EKA PUTRI", RecordStatus.SentForEnrollment);
        await FailStatusEventsOfAsync(stuck.Nik);
        _feed.AddPermit(1, stuck.PacketId, stuck.Nik);
        _feed.AddPermit(2, next.PacketId, next.Nik);

        for (var attempt = 1; attempt < DecisionPuller.MaxAttempts; attempt++)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => _puller.PullAsync(CancellationToken.None));
            Assert.Equal(RecordStatus.SentForEnrollment, await StatusAsync(next.Nik));
        }

        Assert.Equal(2, await _puller.PullAsync(CancellationToken.None));

        Assert.Equal(RecordStatus.SentForEnrollment, await StatusAsync(stuck.Nik));
        Assert.Equal(RecordStatus.PrintReadyRecord, await StatusAsync(next.Nik));
        Assert.Equal(2, await CursorAsync());
        await using var db = _server.NewDbContext();
        var setAside = Assert.Single(await DecisionPuller.SetAsideAsync(db, CancellationToken.None));
        Assert.Equal(1, setAside.Sequence);
        Assert.Contains($"in {DecisionPuller.MaxAttempts} attempts", setAside.Reason, StringComparison.Ordinal);
    }

    /// <summary>Makes the database refuse every status event of one NIK, as a broken row or constraint would.</summary>
    private async Task FailStatusEventsOfAsync(string nik)
    {
        // The NIK is 16 digits of our own making, so it can be written into the trigger's text.
        Assert.True(nik.All(char.IsAsciiDigit));
        await using var db = _server.NewDbContext();
        var sql = db.Database.IsNpgsql()
            ? $"""
              CREATE FUNCTION refuse_events() RETURNS trigger AS $$
              BEGIN RAISE EXCEPTION 'status events of this NIK are refused'; END; $$ LANGUAGE plpgsql;
              CREATE TRIGGER refuse_events BEFORE INSERT ON status_events
              FOR EACH ROW WHEN (NEW."Nik" = '{nik}') EXECUTE FUNCTION refuse_events();
              """
            : $"""
              CREATE TRIGGER refuse_events BEFORE INSERT ON status_events
              WHEN NEW.Nik = '{nik}' BEGIN SELECT RAISE(ABORT, 'status events of this NIK are refused'); END;
              """;
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    private sealed class FixedHttpClientFactory(string url) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new() { BaseAddress = new Uri(url.TrimEnd('/') + "/") };
    }
}
