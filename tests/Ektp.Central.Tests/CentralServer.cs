using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ektp.Central.Data;
using Ektp.Central.Offices;
using Ektp.Core.Packets;
using Ektp.Hosting;
using Ektp.Hosting.Crypto;
using Ektp.Hosting.Security;
using Ektp.Regional.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Ektp.Central.Tests;

/// <summary>A real central server on a loopback port over a real database, plus a registered office to send from.</summary>
internal sealed class CentralServer : IAsyncDisposable
{
    private bool _ownsDatabase = true;

    private CentralServer(WebApplication app, TestDatabase database, string url)
    {
        App = app;
        Database = database;
        Client = new HttpClient { BaseAddress = new Uri(url) };
    }

    public WebApplication App { get; }
    public TestDatabase Database { get; }
    public HttpClient Client { get; }
    public CentralKeys Keys => App.Services.GetRequiredService<CentralKeys>();

    /// <summary>The centre's data keys: what tests use to read the packets and templates, sealed at rest.</summary>
    public DataCipher Cipher => App.Services.GetRequiredService<DataCipher>();

    /// <param name="database">An existing database to start on (then the caller's to dispose, except after
    /// <see cref="RestartAsync"/>); default: a fresh one that goes with the server.</param>
    public static async Task<CentralServer> StartAsync(long maxPacketBytes = 32 * 1024 * 1024, bool runPipeline = true,
        TestDatabase? database = null, Action<WebApplicationBuilder>? configure = null, int pipelineMaxAttempts = 5)
    {
        var ownsDatabase = database is null;
        database ??= await TestDatabase.CreateAsync();
        var settings = new CentralSettings
        {
            Urls = "http://127.0.0.1:0",
            DataDir = database.DataDir,
            Db = database.ConnectionString,
            MaxPacketBytes = maxPacketBytes,
            MaxChunkBytes = 64 * 1024,
            RunPipeline = runPipeline,
            PipelinePollInterval = TimeSpan.FromMilliseconds(100),
            PipelineMaxAttempts = pipelineMaxAttempts,
            PipelineRetryBase = configure is null ? TimeSpan.FromSeconds(5) : TimeSpan.FromMilliseconds(100),
        };
        var app = CentralApp.Build(settings, configure);
        await CentralApp.PrepareDatabaseAsync(app.Services);
        await app.StartAsync();
        var server = new CentralServer(app, database, app.BoundUrl()) { _ownsDatabase = ownsDatabase };
        await server.SignInAsync(server.Client, EktpRoles.Central);
        return server;
    }

    public const string TestPassword = "uji-rahasia-2026";

    /// <summary>Signs <paramref name="client"/> in as an account holding <paramref name="roles"/> (made on first
    /// use; the default client holds every central role).</summary>
    public async Task SignInAsync(HttpClient client, IReadOnlyList<string> roles, string? user = null)
    {
        user ??= roles.Count == EktpRoles.Central.Count ? "test.semua" : "test." + string.Join('.', roles);
        await ApiSignIn.EnsureAndAuthorizeAsync(client, NewDbContext, ServerKind.Central, user, roles, TestPassword);
    }

    /// <summary>Stops this server (as a crash would, between two commits) and starts another on the same data.</summary>
    public async Task<CentralServer> RestartAsync(bool runPipeline = true)
    {
        _ownsDatabase = false;
        var offices = _offices.Select(o => (o.Key, o.Region)).ToList();
        await DisposeAsync();
        var restarted = await StartAsync(runPipeline: runPipeline, database: Database);
        restarted._ownsDatabase = true;
        foreach (var (key, region) in offices)
        {
            restarted._offices.Add((key, region, restarted.OfficeClient(key)));
        }

        return restarted;
    }

    public CentralDbContext NewDbContext() =>
        CentralDbContext.Create(App.Services.GetRequiredService<DatabaseSettings>());

    public async Task<ECDsa> RegisterOfficeAsync(string region = "1472")
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using var db = NewDbContext();
        await OfficeRegistry.AddAsync(db, region, key.ExportSubjectPublicKeyInfoPem(), DateTime.UtcNow, CancellationToken.None);
        _offices.Add((key, region, OfficeClient(key)));
        return key;
    }

    private readonly List<(ECDsa Key, string Region, HttpClient Client)> _offices = [];

    /// <summary>A client whose every request is signed by <paramref name="office"/>'s key, as a regional server's.</summary>
    public HttpClient OfficeClient(ECDsa office) =>
        _offices.FirstOrDefault(o => o.Key == office).Client ??
        new HttpClient(new RequestSigner(SignatureScheme.Office, () => office, TimeProvider.System)
        {
            InnerHandler = new HttpClientHandler(),
        })
        { BaseAddress = Client.BaseAddress };

    /// <summary>The client of the office that sealed <paramref name="envelope"/> if it is registered here, else of the
    /// first office registered (a packet relayed by another office).</summary>
    private HttpClient SenderClient(byte[] envelope)
    {
        string? sender = null;
        try
        {
            sender = PacketEnvelope.Parse(envelope).Header.SenderKeyId;
        }
        catch (EnvelopeException)
        {
            // a broken envelope: any registered office sends it
        }

        var office = _offices.FirstOrDefault(o => SignatureScheme.KeyId(o.Key) == sender);
        return office.Client ?? (_offices.Count > 0 ? _offices[0].Client
            : throw new InvalidOperationException("Register an office first: uploads are office-signed requests."));
    }

    /// <summary>The client of the first office registered for <paramref name="region"/>.</summary>
    public HttpClient RegionClient(string region) =>
        _offices.FirstOrDefault(o => o.Region == region).Client ??
        throw new InvalidOperationException($"No office of region {region} is registered in this test.");

    /// <summary>A small valid packet of region <paramref name="region"/>, sealed by <paramref name="office"/>.</summary>
    public (Guid Id, byte[] Envelope) Seal(ECDsa office, string region = "1472", int photoBytes = 200_000, Guid? id = null)
    {
        var packetId = id ?? Guid.CreateVersion7();
        var built = PacketBuilder.Build(
            new PacketHeader(packetId, Guid.CreateVersion7(), region, "Disdukcapil", "op", "pc-1", DateTimeOffset.UtcNow,
                "office", region + "010412910001"),
            [
                new PacketPart("demographics.json", "application/json", Encoding.UTF8.GetBytes("{}")),
                new PacketPart("photo.jpg", "image/jpeg", RandomNumberGenerator.GetBytes(photoBytes)),
            ]);
        return (packetId, PacketEnvelope.Seal(built.Content, packetId, region, office, Keys.Encryption));
    }

    /// <summary>
    /// An enrollment packet of <paramref name="nik"/> whose templates are the given sample images (paths under
    /// data/fingerprints/sample), finger 1 first, sealed by <paramref name="office"/>.
    /// </summary>
    public (Guid Id, byte[] Envelope) SealEnrollment(ECDsa office, string nik, IReadOnlyList<string> fingers,
        string region = "1472")
    {
        var parts = new List<PacketPart>
        {
            new("demographics.json", "application/json", Encoding.UTF8.GetBytes($"{{\"nik\":\"{nik}\"}}")),
        };
        for (var i = 0; i < fingers.Count; i++)
        {
            parts.Add(new PacketPart($"templates/{i + 1:00}.tpl", "application/vnd.ektp.template",
                SampleFingers.Template(fingers[i]).ToBytes()));
        }

        return SealParts(office, nik, parts, region);
    }

    /// <summary>Seals, uploads and waits for the decision of a whole recording; returns its packet id.</summary>
    public async Task<Guid> RecordAsync(ECDsa office, Recording recording, string region = "1472")
    {
        var before = (await WaitForDecisionsAsync(0, region)).Count;
        var (id, envelope) = SealParts(office, recording.Nik, recording.Parts(), region);
        var response = await UploadAsync(id, envelope);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        await WaitForDecisionsAsync(before + 1, region);
        return id;
    }

    /// <summary>A packet of <paramref name="nik"/> made of exactly <paramref name="parts"/>.</summary>
    public (Guid Id, byte[] Envelope) SealParts(ECDsa office, string nik, IReadOnlyList<PacketPart> parts,
        string region = "1472")
    {
        var packetId = Guid.CreateVersion7();
        var built = PacketBuilder.Build(
            new PacketHeader(packetId, Guid.CreateVersion7(), region, "Disdukcapil", "op", "pc-1", DateTimeOffset.UtcNow,
                "office", nik), parts);
        return (packetId, PacketEnvelope.Seal(built.Content, packetId, region, office, Keys.Encryption));
    }

    /// <summary>Declares and sends a whole envelope in 64 KB chunks, with requests signed by
    /// <paramref name="office"/> (default: the registered office that sealed it); returns the last response.</summary>
    public async Task<HttpResponseMessage> UploadAsync(Guid id, byte[] envelope, ECDsa? office = null)
    {
        var client = office is null ? SenderClient(envelope) : OfficeClient(office);
        var response = await client.PostAsJsonAsync("/api/uploads",
            new { packetId = id, size = envelope.LongLength, sha256 = PacketBuilder.Sha256Hex(envelope) });
        long offset = 0;
        while (offset < envelope.Length)
        {
            var length = (int)Math.Min(64 * 1024, envelope.Length - offset);
            using var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/uploads/{id}")
            {
                Content = new ByteArrayContent(envelope, (int)offset, length),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
            request.Headers.Add("Upload-Offset", offset.ToString(CultureInfo.InvariantCulture));
            response = await client.SendAsync(request);
            offset += length;
        }

        return response;
    }

    /// <summary>Polls the decision feed of a region until it holds at least <paramref name="count"/> decisions.</summary>
    public async Task<List<JsonElement>> WaitForDecisionsAsync(int count, string region = "1472")
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var page = await RegionClient(region).GetFromJsonAsync<JsonElement>($"/api/decisions?region={region}&limit=500");
            var decisions = page.GetProperty("decisions").EnumerateArray().ToList();
            if (decisions.Count >= count)
            {
                return decisions;
            }

            Assert.True(DateTime.UtcNow < deadline, $"only {decisions.Count} of {count} decisions after 60 s");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        foreach (var office in _offices)
        {
            office.Client.Dispose();
        }

        _offices.Clear();
        await App.StopAsync();
        await App.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_ownsDatabase)
        {
            await Database.DisposeAsync();
        }
    }
}
