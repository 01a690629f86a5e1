namespace Ektp.Hosting.Security;

/// <summary>
/// The roles of ektp's staff accounts. A regional server knows the regional roles and the reporting role; the central
/// server the central ones and the reporting role. An account lives on one server, so a regional account sees only
/// its own region.
/// </summary>
public static class EktpRoles
{
    /// <summary>Operator perekaman: records residents (biodata, photo, fingerprints, signature), requests changes.</summary>
    public const string Recording = "operator-perekaman";

    /// <summary>Operator cetak: prints cards, records spoiled blanks, makes delivery batches and hand-overs.</summary>
    public const string Printing = "operator-cetak";

    /// <summary>Approves data changes, sees packets set aside and the audit trail, gives queue priorities.</summary>
    public const string Supervisor = "supervisor";

    /// <summary>Regional administrator: accounts, blank-card deliveries, field kits, settings.</summary>
    public const string Admin = "admin";

    /// <summary>Central adjudicator: decides the cases of the dedup pipeline.</summary>
    public const string Adjudicator = "adjudicator";

    /// <summary>Central administrator: accounts and the registry of regional offices and their keys.</summary>
    public const string CentralAdmin = "central-admin";

    /// <summary>Read-only: coverage reports and statistics, never a person's record.</summary>
    public const string Reporting = "reporting";

    public static readonly IReadOnlyList<string> Regional = [Recording, Printing, Supervisor, Admin, Reporting];
    public static readonly IReadOnlyList<string> Central = [Adjudicator, CentralAdmin, Reporting];

    /// <summary>The roles an account of this kind of server may hold.</summary>
    public static IReadOnlyList<string> Of(ServerKind kind) => kind == ServerKind.Central ? Central : Regional;

    /// <summary>Roles that must use a second factor when the office turns it on (TOTP is always offered to them).</summary>
    public static bool IsPrivileged(string role) => role is Supervisor or Admin or CentralAdmin;
}

/// <summary>Which kind of ektp server an account, a policy or a data folder belongs to.</summary>
public enum ServerKind
{
    Regional,
    Central,
}
