using Ektp.Hosting.Security;
using Ektp.Regional.Tests.Security;

namespace Ektp.Central.Tests.Security;

/// <summary>
/// Every endpoint and page of the central server, found from the app's own endpoint list, states a policy; the
/// policy is the one written here (a new endpoint without an entry fails); and it holds over HTTP for anonymous
/// callers and for an account of each role.
/// </summary>
[Trait("Category", "Database")]
public sealed class CentralAccessTests : IAsyncLifetime
{
    // Who may do what: the specification the app is checked against (docs/security.md).
    private static readonly Dictionary<string, string[]> Roles = new()
    {
        ["adjudication"] = [EktpRoles.Adjudicator],
        ["offices"] = [EktpRoles.CentralAdmin],
        ["central-reports"] = [EktpRoles.Adjudicator, EktpRoles.CentralAdmin, EktpRoles.Reporting],
        ["audit"] = [EktpRoles.CentralAdmin],
        ["staff"] = [.. EktpRoles.Central],
    };

    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        ["GET /"] = "central-reports",
        ["GET /akun/2fa"] = "staff",
        ["GET /api/audit"] = "audit",
        ["GET /api/audit.csv"] = "audit",
        ["GET /audit"] = "audit",
        ["GET /akun/sandi"] = "staff",
        ["GET /api/auth/me"] = "staff",
        ["GET /api/cases/"] = "adjudication",
        ["GET /api/decisions"] = EndpointPolicies.Office,
        ["GET /api/keys"] = EndpointPolicies.Anonymous,
        ["GET /api/reports/coverage"] = "central-reports",
        ["GET /api/reports/coverage.csv"] = "central-reports",
        ["GET /api/stats"] = "central-reports",
        ["GET /api/uploads/{packetId:guid}"] = EndpointPolicies.Office,
        ["GET /cakupan"] = "central-reports",
        ["GET /health"] = EndpointPolicies.Anonymous,
        ["GET /kantor"] = "offices",
        ["GET /kasus"] = "adjudication",
        ["GET /kasus/{id:long}/gambar/{side}/{part}"] = "adjudication",
        ["GET /kasus/{id:long}"] = "adjudication",
        ["GET /masuk"] = EndpointPolicies.Anonymous,
        ["GET /masuk/ditolak"] = EndpointPolicies.Anonymous,
        ["GET /openapi/{documentName}.json"] = EndpointPolicies.Anonymous,
        ["GET /statistik"] = "central-reports",
        ["PATCH /api/uploads/{packetId:guid}"] = EndpointPolicies.Office,
        ["POST /akun/2fa"] = "staff",
        ["POST /akun/sandi"] = "staff",
        ["POST /api/auth/password"] = EndpointPolicies.Anonymous,
        ["POST /api/auth/token"] = EndpointPolicies.Anonymous,
        ["POST /api/cases/{id:long}/ruling"] = "adjudication",
        ["POST /api/uploads/"] = EndpointPolicies.Office,
        ["POST /keluar"] = EndpointPolicies.Anonymous,
        ["POST /masuk"] = EndpointPolicies.Anonymous,
    };

    private CentralServer _server = null!;

    public async Task InitializeAsync() => _server = await CentralServer.StartAsync(runPipeline: false);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void Every_endpoint_states_the_policy_written_here() => EndpointPolicies.AssertDeclared(_server.App, Expected);

    [Fact]
    public async Task Anonymous_callers_and_each_role_get_what_the_policy_says()
    {
        using var anonymous = Client();
        var clients = new Dictionary<string, HttpClient>();
        foreach (var role in EktpRoles.Central)
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
        new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _server.Client.BaseAddress };
}
