using Microsoft.AspNetCore.Authorization;

namespace Ektp.Hosting.Security;

/// <summary>
/// The authorization policies every page and endpoint names. The default (fallback) policy is deny: a signed-in
/// user is needed for anything that does not name a policy, and the endpoint test fails for any endpoint that names
/// neither a policy nor anonymous access. Each policy is a set of roles.
/// </summary>
public static class EktpPolicies
{
    // Regional server.
    public const string ResidentRead = "resident-read";
    public const string Recording = "recording";
    public const string Printing = "printing";
    public const string Stock = "stock";
    public const string StockRead = "stock-read";
    public const string ChangeRequest = "change-request";
    public const string ChangeApproval = "change-approval";
    public const string Supervision = "supervision";
    public const string RegionalAdmin = "regional-admin";
    public const string Reports = "reports";
    public const string Outreach = "outreach";

    // Central server.
    public const string Adjudication = "adjudication";
    public const string Offices = "offices";
    public const string CentralReports = "central-reports";

    // Both.
    public const string Staff = "staff";

    /// <summary>The audit log (search, export): supervisors and admins of a region, the centre's admins.</summary>
    public const string Audit = "audit";

    private static readonly Dictionary<string, string[]> Roles = new(StringComparer.Ordinal)
    {
        [ResidentRead] = [EktpRoles.Recording, EktpRoles.Printing, EktpRoles.Supervisor, EktpRoles.Admin],
        [Recording] = [EktpRoles.Recording, EktpRoles.Supervisor],
        [Printing] = [EktpRoles.Printing, EktpRoles.Supervisor],
        [Stock] = [EktpRoles.Admin],
        [StockRead] = [EktpRoles.Printing, EktpRoles.Supervisor, EktpRoles.Admin],
        [ChangeRequest] = [EktpRoles.Recording, EktpRoles.Supervisor],
        [ChangeApproval] = [EktpRoles.Supervisor],
        [Supervision] = [EktpRoles.Supervisor, EktpRoles.Admin],
        [RegionalAdmin] = [EktpRoles.Admin],
        [Outreach] = [EktpRoles.Recording, EktpRoles.Supervisor, EktpRoles.Admin],
        [Reports] = [EktpRoles.Recording, EktpRoles.Printing, EktpRoles.Supervisor, EktpRoles.Admin, EktpRoles.Reporting],
        [Adjudication] = [EktpRoles.Adjudicator],
        [Offices] = [EktpRoles.CentralAdmin],
        [CentralReports] = [EktpRoles.Adjudicator, EktpRoles.CentralAdmin, EktpRoles.Reporting],
        [Audit] = [EktpRoles.Supervisor, EktpRoles.Admin, EktpRoles.CentralAdmin],
    };

    /// <summary>The roles a policy admits (<see cref="Staff"/>: any signed-in account).</summary>
    public static IReadOnlyList<string> RolesOf(string policy) =>
        policy == Staff ? [.. EktpRoles.Regional.Union(EktpRoles.Central)] : Roles[policy];

    internal static void AddTo(AuthorizationOptions options)
    {
        var signedIn = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        options.FallbackPolicy = signedIn;
        options.AddPolicy(Staff, signedIn);
        foreach (var (name, roles) in Roles)
        {
            options.AddPolicy(name, p => p.RequireAuthenticatedUser().RequireRole(roles));
        }
    }
}
