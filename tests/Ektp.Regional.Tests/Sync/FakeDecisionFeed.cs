using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ektp.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Ektp.Regional.Tests.Sync;

/// <summary>
/// A stand-in for the centre's decision feed on a loopback port: it serves `GET /api/keys` and
/// `GET /api/decisions` from a list the test writes, including decisions the real centre would never send, so the
/// regional puller can be shown to survive them. Permits are signed with a key of the test's own.
/// </summary>
internal sealed class FakeDecisionFeed : IAsyncDisposable
{
    private readonly List<JsonObject> _decisions = [];
    private readonly Lock _gate = new();

    private FakeDecisionFeed(WebApplication app, string url)
    {
        App = app;
        Url = url;
    }

    public WebApplication App { get; }
    public string Url { get; }
    public ECDsa SigningKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public static async Task<FakeDecisionFeed> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        FakeDecisionFeed? feed = null;
        app.MapGet("/api/keys", () => Results.Json(new
        {
            encryptionKey = "",
            signingKey = Convert.ToBase64String(feed!.SigningKey.ExportSubjectPublicKeyInfo()),
        }));
        app.MapGet("/api/decisions", (string region, long? after, int? limit) => feed!.Page(region, after ?? 0, limit ?? 100));
        await app.StartAsync();
        feed = new FakeDecisionFeed(app, app.BoundUrl());
        return feed;
    }

    /// <summary>Adds a decision as raw JSON (any shape at all).</summary>
    public void Add(JsonObject decision)
    {
        lock (_gate)
        {
            _decisions.Add(decision);
        }
    }

    public void Add(long sequence, Guid packetId, string nik, string kind, string? reason = null) =>
        Add(new JsonObject
        {
            ["sequence"] = sequence,
            ["packetId"] = packetId,
            ["nik"] = nik,
            ["regionCode"] = "1472",
            ["kind"] = kind,
            ["step"] = "pipeline",
            ["reason"] = reason,
            ["permit"] = null,
            ["permitSignature"] = null,
        });

    /// <summary>A print-ready decision with a permit signed by <paramref name="signer"/> (default: the feed's key).</summary>
    public void AddPermit(long sequence, Guid packetId, string nik, ECDsa? signer = null)
    {
        var permit = JsonSerializer.Serialize(new
        {
            permitId = Guid.CreateVersion7(),
            packetId,
            nik,
            regionCode = "1472",
            issuedAt = DateTimeOffset.UtcNow,
        });
        var signature = (signer ?? SigningKey).SignData(Encoding.UTF8.GetBytes(permit), HashAlgorithmName.SHA256);
        Add(new JsonObject
        {
            ["sequence"] = sequence,
            ["packetId"] = packetId,
            ["nik"] = nik,
            ["regionCode"] = "1472",
            ["kind"] = "PRINT_READY_RECORD",
            ["step"] = "pipeline",
            ["reason"] = "No other person matches these fingers.",
            ["permit"] = permit,
            ["permitSignature"] = Convert.ToBase64String(signature),
        });
    }

    private IResult Page(string region, long after, int limit)
    {
        lock (_gate)
        {
            var items = _decisions
                .Where(d => SequenceOf(d) is not { } s || s > after)
                .Take(limit)
                .Select(d => d.DeepClone())
                .ToList();
            var next = items.Select(d => SequenceOf(d!.AsObject()) ?? 0).DefaultIfEmpty(after).Max();
            return Results.Json(new JsonObject
            {
                ["region"] = region,
                ["decisions"] = new JsonArray([.. items]),
                ["next"] = Math.Max(next, after),
            });
        }
    }

    private static long? SequenceOf(JsonObject decision) =>
        decision["sequence"] is JsonValue value && long.TryParse(value.ToJsonString(), NumberStyles.None,
            CultureInfo.InvariantCulture, out var sequence) ? sequence : null;

    public async ValueTask DisposeAsync()
    {
        SigningKey.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
