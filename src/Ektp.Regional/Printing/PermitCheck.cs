using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ektp.Regional.Sync;

namespace Ektp.Regional.Printing;

/// <summary>
/// Checks a stored print permit again at the printer, against the centre's signing key pinned in
/// `keys/central-signing.pub` (docs/transport.md §3): the decision puller verified it on arrival, but the row could
/// have been altered in the database since. Signature over the exact permit bytes, and a permit that names this
/// packet, this NIK and this region.
/// </summary>
internal static class PermitCheck
{
    /// <summary>Null when the permit holds; otherwise why not, in plain English for the operator.</summary>
    public static string? Problem(ECDsa? centreKey, PermitRecord permit, string nik, string regionDigits)
    {
        if (centreKey is null)
        {
            return "the centre's signing key is not pinned on this server (keys/central-signing.pub)";
        }

        if (!permit.Verified)
        {
            return "the permit did not verify when it arrived";
        }

        try
        {
            if (!centreKey.VerifyData(Encoding.UTF8.GetBytes(permit.Permit), Convert.FromBase64String(permit.Signature),
                    HashAlgorithmName.SHA256))
            {
                return "the permit's signature does not verify against the centre's key";
            }

            var body = JsonDocument.Parse(permit.Permit).RootElement;
            if (body.GetProperty("packetId").GetGuid() != permit.PacketId)
            {
                return "the permit names another packet";
            }

            if (body.GetProperty("nik").GetString() != nik || permit.Nik != nik)
            {
                return "the permit names another NIK";
            }

            return body.TryGetProperty("regionCode", out var region) && region.GetString() != regionDigits
                ? "the permit is for another region"
                : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or KeyNotFoundException or
                                       InvalidOperationException)
        {
            return "the permit is malformed";
        }
    }
}
