using System.Globalization;
using System.Text.Json;
using Ektp.Hosting;

namespace Ektp.Regional.Sync;

/// <summary>
/// A regional server's client of the centre: the shared upload protocol and key fetch of Hosting's
/// <see cref="UpstreamClient"/>, plus what only the centre serves (its permit-signing key, the decision feed).
/// </summary>
internal sealed class CentralClient(HttpClient http) : UpstreamClient(http, "the centre")
{
    public Task<string> FetchEncryptionKeyAsync(CancellationToken ct) => FetchKeyAsync("encryptionKey", ct);

    public Task<string> FetchSigningKeyAsync(CancellationToken ct) => FetchKeyAsync("signingKey", ct);

    /// <summary>One page of the region's decision feed after <paramref name="after"/>.</summary>
    public Task<JsonElement> FetchDecisionsAsync(string region, long after, int limit, CancellationToken ct) =>
        GetJsonAsync(string.Create(CultureInfo.InvariantCulture,
            $"api/decisions?region={region}&after={after}&limit={limit}"), ct);
}
