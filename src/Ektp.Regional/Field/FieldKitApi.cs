using System.Globalization;
using Ektp.Hosting.Security;
using Ektp.Regional.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Ektp.Regional.Field;

/// <summary>A field kit's own endpoints: where its registry copy stands, and a pull on demand.</summary>
internal static class FieldKitApi
{
    public static IEndpointRouteBuilder MapFieldKit(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/field-kit").WithTags("Field kit")
            .RequireAuthorization(EktpPolicies.Recording);
        group.MapGet("", GetState).WithName("FieldKitState")
            .WithSummary("The kit's regional server, area and registry copy (residents, last pull, pull running)");
        group.MapPost("/pull", Pull).WithName("FieldKitPull")
            .WithSummary("Pull the registry slice from the regional server now (when the link is up)")
            .DisableAntiforgery(); // an API call; the queue page's form posts to its own handler with a token
        return endpoints;
    }

    internal static async Task<FieldKitView> GetState(RegionalDbContext db, RegionalSettings settings,
        RegistryPullState state, CancellationToken ct)
    {
        var stored = await db.Settings.AsNoTracking()
            .Where(s => s.Key == RegistryPuller.PulledAtKey || s.Key == RegistryPuller.CountKey)
            .ToDictionaryAsync(s => s.Key, s => s.Value, ct);
        DateTimeOffset? pulledAt = stored.TryGetValue(RegistryPuller.PulledAtKey, out var at) &&
                                   DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture,
                                       DateTimeStyles.RoundtripKind, out var parsed)
            ? parsed
            : null;
        int? pulled = stored.TryGetValue(RegistryPuller.CountKey, out var count) &&
                      int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : null;
        return new FieldKitView(settings.RegionalUrl!, settings.Area, await db.Residents.CountAsync(ct), pulled,
            pulledAt, state.Running, state.LastError);
    }

    internal static Accepted<PullRequested> Pull(RegistryPullState state)
    {
        state.Request();
        return TypedResults.Accepted("/api/field-kit", new PullRequested(true));
    }
}

internal sealed record PullRequested(bool Requested);

/// <param name="Residents">Residents in the kit's database now.</param>
/// <param name="LastPullResidents">Residents the last complete pull held.</param>
internal sealed record FieldKitView(string Regional, string? Area, int Residents, int? LastPullResidents,
    DateTimeOffset? LastPull, bool PullRunning, string? LastError);
