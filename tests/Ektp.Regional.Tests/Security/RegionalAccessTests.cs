using Ektp.Hosting.Security;
using Ektp.Regional.Tests.Infrastructure;

namespace Ektp.Regional.Tests.Security;

/// <summary>
/// Every endpoint and page of the regional server, found from the app's own endpoint list, states a policy; the
/// policy is the one written here (a new endpoint without an entry fails); and it holds over HTTP for anonymous
/// callers and for an account of each role.
/// </summary>
[Trait("Category", "Database")]
public sealed class RegionalAccessTests : IAsyncLifetime
{
    // Who may do what: the specification the app is checked against (docs/security.md).
    private static readonly Dictionary<string, string[]> Roles = new()
    {
        ["resident-read"] = [EktpRoles.Recording, EktpRoles.Printing, EktpRoles.Supervisor, EktpRoles.Admin],
        ["recording"] = [EktpRoles.Recording, EktpRoles.Supervisor],
        ["printing"] = [EktpRoles.Printing, EktpRoles.Supervisor],
        ["stock"] = [EktpRoles.Admin],
        ["stock-read"] = [EktpRoles.Printing, EktpRoles.Supervisor, EktpRoles.Admin],
        ["change-request"] = [EktpRoles.Recording, EktpRoles.Supervisor],
        ["change-approval"] = [EktpRoles.Supervisor],
        ["supervision"] = [EktpRoles.Supervisor, EktpRoles.Admin],
        ["reports"] = [EktpRoles.Recording, EktpRoles.Printing, EktpRoles.Supervisor, EktpRoles.Admin, EktpRoles.Reporting],
        ["outreach"] = [EktpRoles.Recording, EktpRoles.Supervisor, EktpRoles.Admin],
        ["regional-admin"] = [EktpRoles.Admin],
        ["audit"] = [EktpRoles.Supervisor, EktpRoles.Admin],
        ["staff"] = [.. EktpRoles.Regional],
    };

    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        ["GET /"] = "resident-read",
        ["GET /akun/2fa"] = "staff",
        ["GET /api/audit"] = "audit",
        ["GET /api/audit.csv"] = "audit",
        ["GET /audit"] = "audit",
        ["GET /akun/sandi"] = "staff",
        ["GET /antrean"] = "staff",
        ["GET /api/auth/me"] = "staff",
        ["GET /api/changes/"] = "change-approval",
        ["GET /api/decision-feed"] = "supervision",
        ["GET /api/field/registry"] = EndpointPolicies.Kit,
        ["GET /api/keys"] = EndpointPolicies.Anonymous,
        ["GET /api/outbox"] = "staff",
        ["GET /api/printing/cards"] = "printing",
        ["GET /api/printing/cards.pdf"] = "printing",
        ["GET /api/printing/cards/{id:guid}"] = "printing",
        ["GET /api/printing/cards/{id:guid}/back.png"] = "printing",
        ["GET /api/printing/cards/{id:guid}/chip"] = "printing",
        ["GET /api/printing/cards/{id:guid}/front.png"] = "printing",
        ["GET /api/printing/deliveries"] = "printing",
        ["GET /api/printing/queue"] = "printing",
        ["GET /api/printing/stock"] = "stock-read",
        ["GET /api/public/status"] = EndpointPolicies.Anonymous,
        ["GET /api/residents/"] = "resident-read",
        ["GET /api/residents/{nik}"] = "resident-read",
        ["GET /api/residents/{nik}/changes"] = "resident-read",
        ["GET /api/residents/{nik}/status"] = "resident-read",
        ["GET /api/uploads/{packetId:guid}"] = EndpointPolicies.Kit,
        ["GET /blangko"] = "stock-read",
        ["GET /cetak"] = "printing",
        ["GET /health"] = EndpointPolicies.Anonymous,
        ["GET /masuk"] = EndpointPolicies.Anonymous,
        ["GET /masuk/ditolak"] = EndpointPolicies.Anonymous,
        ["GET /openapi/{documentName}.json"] = EndpointPolicies.Anonymous,
        ["GET /penduduk/{nik}"] = "resident-read",
        ["GET /pengiriman"] = "printing",
        ["GET /perekaman/hari-ini"] = "recording",
        ["GET /perekaman/{nik}"] = "recording",
        ["GET /perubahan"] = "change-approval",
        ["GET /perubahan/{nik}"] = "change-request",
        ["GET /status"] = EndpointPolicies.Anonymous,
        ["PATCH /api/uploads/{packetId:guid}"] = EndpointPolicies.Kit,
        ["POST /akun/2fa"] = "staff",
        ["POST /akun/sandi"] = "staff",
        ["POST /api/auth/password"] = EndpointPolicies.Anonymous,
        ["POST /api/auth/token"] = EndpointPolicies.Anonymous,
        ["POST /api/changes/{id:guid}/approval"] = "change-approval",
        ["POST /api/enrollments/"] = "recording",
        ["POST /api/printing/cards/{id:guid}/handover"] = "printing",
        ["POST /api/printing/cards/{id:guid}/spoil"] = "printing",
        ["POST /api/printing/deliveries"] = "printing",
        ["POST /api/printing/next"] = "printing",
        ["POST /api/printing/queue/{nik}/priority"] = "supervision",
        ["POST /api/printing/queue/{nik}/release"] = "supervision",
        ["POST /api/printing/stock/deliveries"] = "stock",
        ["POST /api/printing/stock/spoiled"] = "printing",
        ["POST /api/residents/{nik}/changes"] = "change-request",
        ["POST /api/uploads/"] = EndpointPolicies.Kit,
        ["GET /api/outreach/findings/{nik}"] = "outreach",
        ["GET /api/outreach/institutions"] = "outreach",
        ["GET /api/outreach/institutions/{id:guid}"] = "outreach",
        ["GET /api/outreach/institutions/{id:guid}/letter.pdf"] = "outreach",
        ["GET /api/outreach/institutions/{id:guid}/members"] = "outreach",
        ["GET /api/outreach/kelurahan/{code}/letters.pdf"] = "outreach",
        ["GET /api/outreach/kelurahan/{code}/unrecorded"] = "outreach",
        ["GET /api/outreach/kelurahan/{code}/unrecorded.csv"] = "outreach",
        ["GET /api/outreach/kelurahan/{code}/unrecorded.pdf"] = "outreach",
        ["GET /api/outreach/office"] = "outreach",
        ["GET /api/outreach/turning-17"] = "outreach",
        ["GET /api/reports/coverage.csv"] = "reports",
        ["GET /api/reports/coverage.pdf"] = "reports",
        ["GET /api/reports/coverage/"] = "reports",
        ["GET /api/reports/coverage/trend"] = "reports",
        ["GET /api/reports/coverage/trend.csv"] = "reports",
        ["GET /api/sessions/"] = "outreach",
        ["GET /api/sessions/home-visits"] = "outreach",
        ["GET /api/sessions/projection"] = "outreach",
        ["GET /api/sessions/suggestions"] = "outreach",
        ["GET /api/sessions/{id:guid}"] = "outreach",
        ["GET /api/sessions/{id:guid}/letters.pdf"] = "outreach",
        ["GET /api/sessions/{id:guid}/list.csv"] = "outreach",
        ["GET /api/sessions/{id:guid}/list.pdf"] = "outreach",
        ["GET /api/sessions/{id:guid}/residents"] = "outreach",
        ["GET /api/sessions/{id:guid}/result"] = "outreach",
        ["GET /cakupan"] = "reports",
        ["GET /jangkauan"] = "outreach",
        ["GET /jangkauan/{kel}"] = "outreach",
        ["GET /jemput-bola"] = "outreach",
        ["GET /jemput-bola/{id:guid}"] = "outreach",
        ["GET /lembaga"] = "outreach",
        ["GET /lembaga/{id:guid}"] = "outreach",
        ["POST /api/outreach/findings"] = "outreach",
        ["POST /api/outreach/institutions"] = "outreach",
        ["POST /api/outreach/institutions/{id:guid}/answer"] = "outreach",
        ["POST /api/outreach/institutions/{id:guid}/letter"] = "outreach",
        ["POST /api/outreach/institutions/{id:guid}/members"] = "outreach",
        ["POST /api/sessions/"] = "outreach",
        ["POST /api/sessions/home-visits"] = "outreach",
        ["PUT /api/outreach/office"] = "outreach+regional-admin",
        ["POST /keluar"] = EndpointPolicies.Anonymous,
        ["POST /masuk"] = EndpointPolicies.Anonymous,
    };

    private RegionalServer _server = null!;

    public async Task InitializeAsync() => _server = await RegionalServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void Every_endpoint_states_the_policy_written_here() => EndpointPolicies.AssertDeclared(_server.App, Expected);

    [Fact]
    public async Task Anonymous_callers_and_each_role_get_what_the_policy_says()
    {
        using var anonymous = Client();
        var clients = new Dictionary<string, HttpClient>();
        foreach (var role in EktpRoles.Regional)
        {
            var client = Client();
            await _server.SignInAsync(client, [role], "uji." + role);
            clients[role] = client;
        }

        var wrong = await EndpointPolicies.MismatchesAsync(Expected, Roles, anonymous, clients);
        foreach (var client in clients.Values)
        {
            client.Dispose();
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private HttpClient Client() =>
        new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(_server.Url) };
}
