using System.Net.Http.Json;
using System.Text.Json;
using Ektp.Regional.FieldKits;
using Ektp.Regional.Sync;

namespace Ektp.Regional.Field;

/// <summary>
/// What a field kit knows of its regional server before it can start: the region it serves and its office name,
/// fetched from `GET /api/keys` on the first start and kept in `DIR/field-kit.json` (with the encryption key pinned in
/// `keys/regional-encryption.pub`), so later starts work offline.
/// </summary>
internal static class FieldKitSetup
{
    public const string FileName = "field-kit.json";

    /// <summary>The stored facts, or those fetched from <paramref name="regionalUrl"/> on first contact.</summary>
    /// <exception cref="InvalidOperationException">Never contacted, and the regional server cannot be reached now.</exception>
    public static async Task<FieldKitFacts> ResolveAsync(string dataDir, string regionalUrl, CancellationToken ct,
        string? trustedCertificateFile = null)
    {
        var path = Path.Combine(dataDir, FileName);
        if (File.Exists(path))
        {
            var stored = JsonSerializer.Deserialize<FieldKitFacts>(await File.ReadAllTextAsync(path, ct),
                JsonSerializerOptions.Web);
            if (stored is { RegionCode.Length: 4, Office.Length: > 0 })
            {
                return stored;
            }
        }

        RegionalKeysResponse? keys;
        try
        {
            using var http = new HttpClient(Hosting.Security.Tls.ClientHandler(trustedCertificateFile))
            {
                BaseAddress = new Uri(regionalUrl.TrimEnd('/') + "/"),
                Timeout = TimeSpan.FromSeconds(20),
            };
            keys = await http.GetFromJsonAsync<RegionalKeysResponse>("api/keys", JsonSerializerOptions.Web, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or
                                       NotSupportedException or UriFormatException)
        {
            throw new InvalidOperationException(
                $"The regional server at {regionalUrl} cannot be reached ({ex.Message}); a field kit's first start " +
                "needs it, to learn its region and pull the registry. Later starts work offline.", ex);
        }

        if (keys is not { RegionCode.Length: 4, EncryptionKey.Length: > 0 })
        {
            throw new InvalidOperationException($"{regionalUrl} did not answer as an ektp regional server (GET /api/keys).");
        }

        Directory.CreateDirectory(dataDir);
        using (var pins = new RegionalKeys(dataDir))
        {
            pins.PinUpstreamKey(fieldKit: true, keys.EncryptionKey);
        }

        var facts = new FieldKitFacts(keys.RegionCode, keys.Office);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(facts, JsonSerializerOptions.Web), ct);
        return facts;
    }
}

/// <param name="RegionCode">The kab/kota the regional server serves (4 digits).</param>
/// <param name="Office">The regional server's office name, e.g. Disdukcapil Kota Dumai.</param>
internal sealed record FieldKitFacts(string RegionCode, string Office);
