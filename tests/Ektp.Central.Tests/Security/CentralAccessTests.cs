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
        ["staff"] = [.. EktpRoles.Central],
    };

    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        ["GET /"] = "central-reports",
        ["GET /akun/2fa"] = "staff",
        ["GET /akun/sandi"] = "staff",
        ["GET /api/auth/me"] = "staff",
        ["GET /api/cases/"] = "adjudication",
        ["GET /api/decisions"] = EndpointPolicies.Anonymous,
        ["GET /api/keys"] = EndpointPolicies.Anonymous,
        ["GET /api/reports/coverage"] = "central-reports",
        ["GET /api/reports/coverage.csv"] = "central-reports",
        ["GET /api/stats"] = "central-reports",
        ["GET /api/uploads/{packetId:guid}"] = EndpointPolicies.Anonymous,
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
        ["PATCH /api/uploads/{packetId:guid}"] = EndpointPolicies.Anonymous,
        ["POST /akun/2fa"] = "staff",
        ["POST /akun/sandi"] = "staff",
        ["POST /api/auth/password"] = EndpointPolicies.Anonymous,
        ["POST /api/auth/token"] = EndpointPolicies.Anonymous,
        ["POST /api/cases/{id:long}/ruling"] = "adjudication",
        ["POST /api/uploads/"] = EndpointPolicies.Anonymous,
        ["POST /keluar"] = EndpointPolicies.Anonymous,
        ["POST /masuk"] = EndpointPolicies.Anonymous,
    };

    private CentralServer _server = null!;

    public async Task InitializeAsync() => _server = await CentralServer.StartAsync(runPipeline: false);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void Every_endpoint_states_the_policy_written_here()
    {
        var declared = EndpointPolicies.Declared(_server.App);

        var unstated = declared.Where(d => d.Value is null).Select(d => d.Key).ToList();
        Assert.True(unstated.Count == 0, "endpoints without a policy: " + string.Join(", ", unstated));
        var unknown = declared.Keys.Except(Expected.Keys).ToList();
        Assert.True(unknown.Count == 0, "endpoints missing from this test's table: " + string.Join(", ", unknown));
        foreach (var (endpoint, policy) in Expected)
        {
            Assert.True(declared.ContainsKey(endpoint), $"{endpoint} is gone");
            var want = policy;
            Assert.True(declared[endpoint] == want, $"{endpoint}: states {declared[endpoint]}, expected {want}");
        }
    }

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

        var wrong = new List<string>();
        foreach (var (endpoint, policy) in Expected)
        {
            var (method, pattern) = (endpoint.Split(' ')[0], endpoint.Split(' ')[1]);
            if (endpoint is "POST /keluar" or "POST /masuk" or "GET /masuk/ditolak")
            {
                continue; // the sign-in page's own form posts, and the page that says "denied" (always 403)
            }

            var url = EndpointPolicies.Url(pattern);
            var got = await EndpointPolicies.TryAsync(anonymous, method, url);
            var want = policy == EndpointPolicies.Anonymous ? Access.Allowed : Access.SignInNeeded;
            if (got != want)
            {
                wrong.Add($"{endpoint} anonymous: {got}, expected {want}");
            }

            foreach (var (role, client) in clients)
            {
                got = await EndpointPolicies.TryAsync(client, method, url);
                want = policy switch
                {
                    EndpointPolicies.Anonymous => Access.Allowed,
                    _ => policy.Split('+').All(p => Roles[p].Contains(role)) ? Access.Allowed : Access.Forbidden,
                };
                if (got != want)
                {
                    wrong.Add($"{endpoint} as {role}: {got}, expected {want}");
                }
            }
        }

        foreach (var client in clients.Values)
        {
            client.Dispose();
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private HttpClient Client() =>
        new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _server.Client.BaseAddress };
}
