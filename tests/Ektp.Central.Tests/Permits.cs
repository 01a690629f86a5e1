using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Ektp.Central.Tests;

/// <summary>Checks a decision's print permit the way a regional server does: against the centre's published key.</summary>
internal static class Permits
{
    public static async Task<bool> VerifiesAsync(HttpClient central, JsonElement decision)
    {
        var keys = await central.GetFromJsonAsync<JsonElement>("/api/keys");
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(keys.GetProperty("signingKey").GetString()!), out _);
        var permit = decision.GetProperty("permit").GetString()!;
        var signature = Convert.FromBase64String(decision.GetProperty("permitSignature").GetString()!);
        return key.VerifyData(Encoding.UTF8.GetBytes(permit), signature, HashAlgorithmName.SHA256);
    }

    public static JsonElement Body(JsonElement decision) =>
        JsonDocument.Parse(decision.GetProperty("permit").GetString()!).RootElement;
}
