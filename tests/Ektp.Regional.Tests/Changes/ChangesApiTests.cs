using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ektp.Core.Identity;
using Ektp.Core.Lifecycle;
using Ektp.Core.Packets;
using Ektp.Core.Residents;
using Ektp.Regional.Changes;
using Ektp.Regional.Data;
using Ektp.Regional.Enrollment;
using Ektp.Regional.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.Tests.Changes;

[Trait("Category", "Database")]
public sealed class ChangesApiTests : IAsyncLifetime
{
    private static readonly object Court = new { number = "123/Pdt.P/2026/PN Dum", court = "Pengadilan Negeri Dumai", date = "2026-10-01" };

    private RegionalServer _server = null!;
    private HttpClient _supervisor = null!;

    public async Task InitializeAsync()
    {
        _server = await RegionalServer.StartAsync();
        _supervisor = await _server.SupervisorClientAsync();
    }

    public async Task DisposeAsync()
    {
        _supervisor.Dispose();
        await _server.DisposeAsync();
    }

    private Task<HttpResponseMessage> RequestAsync(Resident resident, object body) =>
        _server.Client.PostAsJsonAsync($"/api/residents/{resident.Nik.Value}/changes", body);

    /// <summary>Decides as the supervisor's own account; <paramref name="asRequester"/> decides with the account that
    /// sent the requests.</summary>
    private Task<HttpResponseMessage> DecideAsync(Guid id, string decision, string by, string? note = null,
        bool asRequester = false) =>
        (asRequester ? _server.Client : _supervisor).PostAsJsonAsync($"/api/changes/{id}/approval",
            new { decision, by, note });

    private async Task<Guid> RequestedAsync(Resident resident, object body)
    {
        var response = await RequestAsync(resident, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var view = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("requested", view.GetProperty("state").GetString());
        return view.GetProperty("id").GetGuid();
    }

    private async Task<JsonElement> ApprovedAsync(Guid id, string by = "spv.dumai")
    {
        var response = await DecideAsync(id, "approve", by);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Theory]
    [InlineData("nik", "1472011204910009")]
    [InlineData("birthPlace", "PEKANBARU")]
    [InlineData("birthDate", "13-04-1991")]
    [InlineData("bloodType", "A")]
    public async Task Nik_birth_place_and_date_and_blood_type_never_change(string field, string value)
    {
        var resident = await _server.AddAdultAsync();

        var response = await RequestAsync(resident,
            new { field, newValue = value, courtDecision = Court, document = "SK-1", requestedBy = "op.dumai" });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity,
            "change-immutable-field");
        Assert.Contains("never changes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertNoChangeRowsAsync();
    }

    [Theory]
    [InlineData("name", "BUDI SANTOSA")]
    [InlineData("sex", "P")]
    [InlineData("religion", "KRISTEN")]
    public async Task Name_sex_and_religion_need_a_court_decision(string field, string value)
    {
        var resident = await _server.AddAdultAsync();

        var response = await RequestAsync(resident,
            new { field, newValue = value, document = "Surat keterangan RT", requestedBy = "op.dumai" });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "change-needs-court-decision");
        await AssertNoChangeRowsAsync();
    }

    [Fact]
    public async Task A_court_decision_without_its_date_is_incomplete()
    {
        var resident = await _server.AddAdultAsync();

        var response = await RequestAsync(resident, new
        {
            field = "name",
            newValue = "BUDI SANTOSA",
            courtDecision = new { number = "123/Pdt.P/2026/PN Dum", court = "Pengadilan Negeri Dumai" },
            requestedBy = "op.dumai",
        });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity,
            "change-needs-court-decision");
        Assert.Contains("missing: date", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("maritalStatus", "KAWIN")]
    [InlineData("occupation", "PETANI/PEKEBUN")]
    [InlineData("address", "JL. MERDEKA NO. 3")]
    public async Task Marital_status_occupation_and_address_need_a_document(string field, string value)
    {
        var resident = await _server.AddAdultAsync();

        var response = await RequestAsync(resident, new { field, newValue = value, requestedBy = "op.dumai" });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "change-needs-document");
        await AssertNoChangeRowsAsync();
    }

    public static TheoryData<string, object, HttpStatusCode, string> BadRequests => new()
    {
        { "no requester", new { field = "address", newValue = "JL. A", document = "SK" }, HttpStatusCode.BadRequest, "change-request-invalid" },
        { "field and reprint", new { field = "address", newValue = "JL. A", document = "SK", reprint = "lost", requestedBy = "op" }, HttpStatusCode.BadRequest, "change-request-invalid" },
        { "neither", new { requestedBy = "op" }, HttpStatusCode.BadRequest, "change-request-invalid" },
        { "unknown field", new { field = "hairColour", newValue = "HITAM", document = "SK", requestedBy = "op" }, HttpStatusCode.BadRequest, "change-request-invalid" },
        { "numeric field", new { field = "4", newValue = "X", document = "SK", requestedBy = "op" }, HttpStatusCode.BadRequest, "change-request-invalid" },
        { "court decision in the future", new { field = "name", newValue = "BUDI SANTOSA", courtDecision = new { number = "1", court = "PN Dumai", date = "2027-01-01" }, requestedBy = "op" }, HttpStatusCode.BadRequest, "change-request-invalid" },
        { "unknown sex", new { field = "sex", newValue = "X", courtDecision = Court, requestedBy = "op" }, HttpStatusCode.UnprocessableEntity, "change-invalid-value" },
        { "same value", new { field = "occupation", newValue = "wiraswasta", document = "SK", requestedBy = "op" }, HttpStatusCode.UnprocessableEntity, "change-no-change" },
        { "name longer than the registry keeps", new { field = "name", newValue = new string('A', 150), courtDecision = Court, requestedBy = "op" }, HttpStatusCode.UnprocessableEntity, "change-invalid-value" },
        { "unknown reprint reason", new { reprint = "stolen", requestedBy = "op" }, HttpStatusCode.BadRequest, "change-request-invalid" },
        { "lost card without police report", new { reprint = "lost", requestedBy = "op" }, HttpStatusCode.UnprocessableEntity, "change-needs-police-report" },
        { "damaged card not handed in", new { reprint = "damaged", requestedBy = "op" }, HttpStatusCode.UnprocessableEntity, "change-needs-damaged-card" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_bad_request_is_refused_with_a_problem_and_nothing_is_stored(string why, object body,
        HttpStatusCode status, string code)
    {
        var resident = await _server.AddAdultAsync();

        var problem = await ProblemAssert.IsProblemAsync(await RequestAsync(resident, body), status, code);

        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), why);
        await AssertNoChangeRowsAsync();
    }

    [Fact]
    public async Task An_unknown_or_malformed_nik_is_refused()
    {
        var body = new { field = "address", newValue = "JL. A", document = "SK", requestedBy = "op" };

        await ProblemAssert.IsProblemAsync(
            await _server.Client.PostAsJsonAsync("/api/residents/1472010101900001/changes", body),
            HttpStatusCode.NotFound, "resident-unknown");
        await ProblemAssert.IsProblemAsync(
            await _server.Client.PostAsJsonAsync("/api/residents/12345/changes", body),
            HttpStatusCode.BadRequest, "nik-malformed");
        await ProblemAssert.IsProblemAsync(
            await _server.Client.GetAsync("/api/residents/1472010101900001/changes"),
            HttpStatusCode.NotFound, "resident-unknown");
    }

    [Fact]
    public async Task A_request_changes_nothing_until_a_supervisor_approves_it()
    {
        var resident = await _server.AddAdultAsync();

        var id = await RequestedAsync(resident,
            new { field = "name", newValue = "Budi  Santosa", courtDecision = Court, requestedBy = "op.dumai" });

        await using var db = _server.NewDbContext();
        Assert.Equal("BUDI SANTOSO", (await db.Residents.SingleAsync(r => r.Nik == resident.Nik.Value)).Name);
        Assert.Equal(0, await db.Outbox.CountAsync());
        var pending = await _server.Client.GetFromJsonAsync<JsonElement>("/api/changes");
        Assert.Equal(id, Assert.Single(pending.EnumerateArray()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task An_approved_name_change_updates_the_resident_keeps_history_and_queues_a_change_packet()
    {
        var resident = await _server.AddAdultAsync();
        var id = await RequestedAsync(resident,
            new { field = "name", newValue = "Budi  Santosa", courtDecision = Court, requestedBy = "op.dumai", note = "typo at birth registration" });

        var approved = await ApprovedAsync(id, "spv.dumai");

        Assert.Equal("approved", approved.GetProperty("state").GetString());
        Assert.Equal("spv.dumai", approved.GetProperty("decidedBy").GetString());
        Assert.Equal("BUDI SANTOSO", approved.GetProperty("oldValue").GetString());
        Assert.Equal("BUDI SANTOSA", approved.GetProperty("newValue").GetString());
        Assert.False(approved.GetProperty("reprintRequested").GetBoolean()); // never printed
        var packetId = approved.GetProperty("packetId").GetGuid();

        await using var db = _server.NewDbContext();
        var record = await db.Residents.SingleAsync(r => r.Nik == resident.Nik.Value);
        Assert.Equal(("BUDI SANTOSA", "BUDI SANTOSA"), (record.Name, record.NameKey));
        Assert.Equal(RecordStatus.Unregistered, record.Status);
        Assert.Equal(OutboxState.Pending, (await db.Outbox.SingleAsync(o => o.PacketId == packetId)).State);
        var note = await db.StatusEvents.SingleAsync(e => e.Nik == resident.Nik.Value);
        Assert.Equal((RecordStatus.Unregistered, RecordStatus.Unregistered, "spv.dumai"), (note.From, note.To, note.By));

        var packet = PacketReader.Read(_server.Cipher.OpenPacket(packetId,
            (await db.Packets.SingleAsync(p => p.Id == packetId)).Content));
        Assert.Equal(PacketKinds.Change, packet.Manifest.Header.Kind);
        Assert.Equal((id, resident.Nik.Value, "spv.dumai"),
            (packet.Manifest.Header.EnrollmentId, packet.Manifest.Header.Nik, packet.Manifest.Header.Operator));
        var change = JsonDocument.Parse(packet.Parts["change.json"]).RootElement;
        Assert.Equal("name", change.GetProperty("field").GetString());
        Assert.Equal("BUDI SANTOSO", change.GetProperty("oldValue").GetString());
        Assert.Equal("BUDI SANTOSA", change.GetProperty("newValue").GetString());
        Assert.Equal("Pengadilan Negeri Dumai", change.GetProperty("courtDecision").GetProperty("court").GetString());
        Assert.Equal("op.dumai", change.GetProperty("requestedBy").GetString());
        Assert.Equal("spv.dumai", change.GetProperty("approvedBy").GetString());
        var demographics = JsonDocument.Parse(packet.Parts["demographics.json"]).RootElement;
        Assert.Equal("BUDI SANTOSA", demographics.GetProperty("name").GetString());

        var history = await _server.Client.GetFromJsonAsync<JsonElement>($"/api/residents/{resident.Nik.Value}/changes");
        var row = Assert.Single(history.EnumerateArray());
        Assert.Equal((id, "op.dumai", "typo at birth registration"),
            (row.GetProperty("id").GetGuid(), row.GetProperty("requestedBy").GetString(), row.GetProperty("note").GetString()));
        Assert.Equal("123/Pdt.P/2026/PN Dum", row.GetProperty("courtDecision").GetProperty("number").GetString());
    }

    [Fact]
    public async Task History_keeps_every_change_in_order_with_the_value_before_and_after()
    {
        var resident = await _server.AddAdultAsync();
        await ApprovedAsync(await RequestedAsync(resident,
            new { field = "address", newValue = "JL. MERDEKA NO. 3", document = "SKP-01", requestedBy = "op.dumai" }));
        _server.Clock.Advance(TimeSpan.FromDays(30));
        await ApprovedAsync(await RequestedAsync(resident,
            new { field = "address", newValue = "JL. PANGERAN DIPONEGORO NO. 8", document = "SKP-02", requestedBy = "op.dumai" }));
        _server.Clock.Advance(TimeSpan.FromDays(1));
        var rejected = await RequestedAsync(resident,
            new { field = "occupation", newValue = "PETANI/PEKEBUN", document = "SK desa", requestedBy = "op.dumai" });
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(rejected, "reject", "spv.dumai", "document unsigned")).StatusCode);

        var history = (await _server.Client.GetFromJsonAsync<JsonElement>($"/api/residents/{resident.Nik.Value}/changes"))
            .EnumerateArray().ToList();

        Assert.Equal(["rejected", "approved", "approved"], history.Select(h => h.GetProperty("state").GetString()));
        Assert.Equal("document unsigned", history[0].GetProperty("decisionNote").GetString());
        Assert.Equal(("JL. MERDEKA NO. 3", "JL. PANGERAN DIPONEGORO NO. 8"),
            (history[1].GetProperty("oldValue").GetString(), history[1].GetProperty("newValue").GetString()));
        Assert.Equal(("JL. SULTAN SYARIF KASIM NO. 12", "JL. MERDEKA NO. 3"),
            (history[2].GetProperty("oldValue").GetString(), history[2].GetProperty("newValue").GetString()));
        await using var db = _server.NewDbContext();
        Assert.Equal("JL. PANGERAN DIPONEGORO NO. 8",
            (await db.Residents.SingleAsync(r => r.Nik == resident.Nik.Value)).Address);
        Assert.Equal(2, await db.Outbox.CountAsync());
    }

    [Fact]
    public async Task Neither_the_requester_nor_the_requesting_account_can_approve_and_a_decision_is_never_taken_twice()
    {
        var resident = await _server.AddAdultAsync();
        var id = await RequestedAsync(resident,
            new { field = "maritalStatus", newValue = "KAWIN", document = "Akta nikah 12/2026", requestedBy = "op.dumai" });

        await ProblemAssert.IsProblemAsync(await DecideAsync(id, "approve", "OP.DUMAI"),
            HttpStatusCode.UnprocessableEntity, "change-self-approval");

        // The account decides, not the name typed: the requesting account is refused under any other name.
        await ProblemAssert.IsProblemAsync(await DecideAsync(id, "approve", "spv.dumai", asRequester: true),
            HttpStatusCode.UnprocessableEntity, "change-self-approval");
        await ProblemAssert.IsProblemAsync(await DecideAsync(id, "reject", "spv.dumai"),
            HttpStatusCode.BadRequest, "change-decision-invalid"); // a rejection needs its reason
        await ProblemAssert.IsProblemAsync(await DecideAsync(id, "maybe", "spv.dumai"),
            HttpStatusCode.BadRequest, "change-decision-invalid");
        var approved = await ApprovedAsync(id);
        Assert.Equal(("test.semua", "test.supervisor"),
            (approved.GetProperty("requestedAccount").GetString(), approved.GetProperty("decidedAccount").GetString()));
        var again = await DecideAsync(id, "reject", "kadis.dumai", "second thoughts");

        await ProblemAssert.IsProblemAsync(again, HttpStatusCode.Conflict, "change-already-decided");
        await ProblemAssert.IsProblemAsync(await DecideAsync(Guid.NewGuid(), "approve", "spv.dumai"),
            HttpStatusCode.NotFound, "change-unknown");
        await using var db = _server.NewDbContext();
        Assert.Equal(MaritalStatus.Kawin, (await db.Residents.SingleAsync(r => r.Nik == resident.Nik.Value)).MaritalStatus);
        Assert.Equal(1, await db.Outbox.CountAsync());
    }

    [Fact]
    public async Task A_rejected_request_changes_nothing()
    {
        var resident = await _server.AddAdultAsync();
        var id = await RequestedAsync(resident,
            new { field = "religion", newValue = "KATOLIK", courtDecision = Court, requestedBy = "op.dumai" });

        var response = await DecideAsync(id, "reject", "spv.dumai", "the court decision is for another person");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = _server.NewDbContext();
        Assert.Equal(Religion.Islam, (await db.Residents.SingleAsync(r => r.Nik == resident.Nik.Value)).Religion);
        Assert.Equal(0, await db.Outbox.CountAsync());
        Assert.Equal(0, await db.StatusEvents.CountAsync());
        var row = await db.ResidentChanges.SingleAsync();
        Assert.Equal((ChangeState.Rejected, "spv.dumai"), (row.State, row.DecidedBy));
    }

    [Fact]
    public async Task A_second_request_for_the_same_field_waits_for_the_first()
    {
        var resident = await _server.AddAdultAsync();
        await RequestedAsync(resident, new { field = "address", newValue = "JL. A NO. 1", document = "SK", requestedBy = "op" });

        var second = await RequestAsync(resident, new { field = "address", newValue = "JL. B NO. 2", document = "SK", requestedBy = "op" });

        await ProblemAssert.IsProblemAsync(second, HttpStatusCode.Conflict, "change-pending");
    }

    [Fact]
    public async Task A_request_that_no_longer_fits_the_record_is_not_applied()
    {
        var resident = await _server.AddAdultAsync();
        var first = await RequestedAsync(resident,
            new { field = "maritalStatus", newValue = "KAWIN", document = "Akta nikah", requestedBy = "op" });
        await ApprovedAsync(first);
        var divorce = await RequestedAsync(resident,
            new { field = "maritalStatus", newValue = "CERAI HIDUP", document = "Akta cerai", requestedBy = "op" });
        await using (var db = _server.NewDbContext())
        {
            // Meanwhile a SIAK import brought the same divorce.
            var record = await db.Residents.SingleAsync(r => r.Nik == resident.Nik.Value);
            record.MaritalStatus = MaritalStatus.CeraiHidup;
            await db.SaveChangesAsync();
        }

        var response = await DecideAsync(divorce, "approve", "spv");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict, "change-no-change");
        await using var check = _server.NewDbContext();
        Assert.Equal(ChangeState.Requested, (await check.ResidentChanges.SingleAsync(c => c.Id == divorce)).State);
        Assert.Equal(1, await check.Outbox.CountAsync());
    }

    [Theory]
    [InlineData(RecordStatus.Printed, "address", "JL. MERDEKA NO. 3", true)]
    [InlineData(RecordStatus.Delivered, "occupation", "PETANI/PEKEBUN", true)]
    [InlineData(RecordStatus.Delivered, "education", "DIPLOMA IV/STRATA I", false)] // not printed on the card
    [InlineData(RecordStatus.PrintReadyRecord, "address", "JL. MERDEKA NO. 3", false)] // not printed yet
    public async Task A_change_of_a_printed_field_on_a_printed_card_asks_for_a_reprint(RecordStatus status,
        string field, string value, bool reprint)
    {
        var resident = await _server.AddAsync(TestResidents.Make("SITI RAHAYU", new DateOnly(1988, 2, 3), Sex.Female),
            status);

        var approved = await ApprovedAsync(await RequestedAsync(resident,
            new { field, newValue = value, document = "SK-7", requestedBy = "op.dumai" }));

        Assert.Equal(reprint, approved.GetProperty("reprintRequested").GetBoolean());
        await using var db = _server.NewDbContext();
        Assert.Equal(reprint ? RecordStatus.PrintReadyRecord : status,
            (await db.Residents.SingleAsync(r => r.Nik == resident.Nik.Value)).Status);
        Assert.Equal(reprint, await db.ResidentChanges.AnyAsync(c => c.Nik == resident.Nik.Value && c.ReprintRequested));
    }

    [Theory]
    [InlineData("lost", "policeReport", "LP/B/512/XI/2026/Riau/Res Dumai")]
    [InlineData("damaged", "damagedCard", "card 1472-000123, cracked chip")]
    public async Task A_lost_or_damaged_card_is_reprinted_without_recording_again(string reason, string evidence,
        string value)
    {
        var resident = await _server.AddAsync(TestResidents.Make("AHMAD", new DateOnly(1980, 1, 5)), RecordStatus.Delivered);
        var body = new Dictionary<string, string> { ["reprint"] = reason, [evidence] = value, ["requestedBy"] = "op.dumai" };

        var approved = await ApprovedAsync(await RequestedAsync(resident, body));

        Assert.Equal("reprint", approved.GetProperty("kind").GetString());
        Assert.Equal(reason, approved.GetProperty("reprint").GetString());
        Assert.Equal(value, approved.GetProperty(evidence).GetString());
        Assert.True(approved.GetProperty("reprintRequested").GetBoolean());
        Assert.Equal(JsonValueKind.Null, approved.GetProperty("packetId").ValueKind);
        await using var db = _server.NewDbContext();
        Assert.Equal(0, await db.Outbox.CountAsync());
        Assert.Equal(0, await db.Enrollments.CountAsync());
        Assert.Equal(RecordStatus.PrintReadyRecord,
            (await db.Residents.SingleAsync(r => r.Nik == resident.Nik.Value)).Status);
        var moved = await db.StatusEvents.SingleAsync();
        Assert.Equal((RecordStatus.Delivered, RecordStatus.PrintReadyRecord), (moved.From, moved.To));
        Assert.Contains(value, moved.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_card_that_was_never_printed_is_not_reprinted()
    {
        var resident = await _server.AddAsync(TestResidents.Make("AHMAD", new DateOnly(1980, 1, 5)),
            RecordStatus.PrintReadyRecord);

        var response = await RequestAsync(resident, new { reprint = "lost", policeReport = "LP/1", requestedBy = "op" });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict, "change-no-card");
    }

    [Fact]
    public async Task Changes_are_not_offered_by_a_field_kit()
    {
        await using var kit = await RegionalServer.StartAsync(configure: s => s with { RegionalUrl = "http://127.0.0.1:9" });

        var response = await kit.Client.PostAsJsonAsync("/api/residents/1472010101900001/changes", new { reprint = "lost" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task An_enrollment_packet_still_has_no_kind_in_its_manifest()
    {
        var resident = await _server.AddAdultAsync();
        var created = await _server.Client.PostAsync("/api/enrollments", EnrollmentForm.Complete(resident.Nik.Value).Build());
        var packetId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("packetId").GetGuid();

        await using var db = _server.NewDbContext();
        var packet = PacketReader.Read(_server.Cipher.OpenPacket(packetId,
            (await db.Packets.SingleAsync(p => p.Id == packetId)).Content));
        Assert.Null(packet.Manifest.Header.Kind);
        Assert.Equal(PacketKinds.Enrollment, PacketKinds.Of(packet.Manifest.Header));
        var only = await db.Packets.SingleAsync();
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(_server.Cipher.OpenPacket(only.Id, only.Content)));
        using var manifest = new StreamReader(zip.GetEntry(PacketBuilder.ManifestName)!.Open());
        Assert.DoesNotContain("\"kind\"", await manifest.ReadToEndAsync(), StringComparison.Ordinal);
    }

    private async Task AssertNoChangeRowsAsync()
    {
        await using var db = _server.NewDbContext();
        Assert.Equal(0, await db.ResidentChanges.CountAsync());
        Assert.Equal(0, await db.Outbox.CountAsync());
    }
}
